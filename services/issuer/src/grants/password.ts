// RFC 6749 §4.3 resource owner password credentials grant, for the public client demo-cli.
import { OAuthError } from "../errors.js";
import type { Client, User } from "../identities/store.js";
import { assertGrant, requestClient } from "./client.js";
import type { GrantContext, GrantRequest, TokenResponse } from "./context.js";
import { issueTokens } from "./issue.js";
import { judgeSecret } from "./judge.js";
import { assertDefined, audiences, grantScopes, intersect, parseScope } from "./scope.js";

/** Checks the password, throttled per username and per address; unknown users cost a dummy scrypt. */
async function checkPassword(ctx: GrantContext, request: GrantRequest, username: string, password: string): Promise<User> {
  const user = ctx.identities.users.get(username);
  const claimant = { kind: "user", name: username, known: user !== undefined } as const;
  const ok = await judgeSecret(ctx, request, claimant, password, user?.password ?? ctx.identities.dummyUser);
  // One answer for "no such user" and "wrong password".
  if (!ok || user === undefined) throw new OAuthError("invalid_grant", "the username or password is wrong");
  return user;
}

async function passwordClient(ctx: GrantContext, request: GrantRequest): Promise<Client> {
  const client = await requestClient(ctx, request);
  if (client === undefined) throw new OAuthError("invalid_request", "parameter client_id is required");
  assertGrant(client, "password");
  return client;
}

/**
 * Handles grant_type=password: an access token for the user plus a refresh token when the client may
 * refresh. Cheap checks (parameters, client, scope syntax, resources) run before the scrypt comparison.
 *
 * @example
 * const body = await passwordGrant(ctx, request);
 */
export async function passwordGrant(ctx: GrantContext, request: GrantRequest): Promise<TokenResponse> {
  const { params } = request;
  const username = params.required("username");
  const password = params.required("password");
  const requested = parseScope(params.one("scope"));
  assertDefined(requested, ctx.identities.scopes);
  const aud = audiences(params.all("resource"));
  const client = await passwordClient(ctx, request);
  const user = await checkPassword(ctx, request, username, password);
  const scope = grantScopes(requested, intersect(user.scopes, client.scopes));
  const authTime = Math.floor(ctx.clock() / 1000);
  return issueTokens(ctx, {
    sub: user.username,
    client,
    scope,
    aud,
    // RFC 6749 §6: a refresh may ask for what this login granted, never more.
    refresh: { scope, resources: aud, authTime },
  });
}
