// RFC 6749 §6 refresh grant with rotation: every refresh returns a new refresh token as well.
//
// The session never outlives REFRESH_TOKEN_TTL from the password login: `auth_time` is carried through
// every rotation and a refresh after auth_time + REFRESH_TOKEN_TTL is invalid_grant, so rotation cannot
// stretch one login forever. Without revocation an old refresh token stays usable until its exp; with
// it (REDIS_URL), a revoked grant's tokens are refused and presenting an already-rotated refresh token
// again revokes the whole grant (reuse detection, grants/issue.ts).
import { isTokenError, type RefreshTokenClaims } from "@org/token";
import { OAuthError } from "../errors.js";
import type { Client, User } from "../identities/store.js";
import { assertGrant, requestClient } from "./client.js";
import type { GrantContext, GrantRequest, TokenResponse } from "./context.js";
import { issueTokens } from "./issue.js";
import { audiences, grantScopes, intersect, parseScope } from "./scope.js";
import { checkRefreshBinding } from "./dpop.js";
import { refreshGrantOf, type RefreshGrant } from "./refresh-claims.js";
import { revocationUnavailable } from "./revocation-errors.js";
import { sidOf } from "@org/revocation";

const INVALID = "the refresh token is invalid, expired or no longer usable";

async function verified(ctx: GrantContext, token: string): Promise<{ grant: RefreshGrant; claims: RefreshTokenClaims }> {
  let claims: RefreshTokenClaims;
  try {
    claims = await ctx.refreshVerifier.verify(token);
  } catch (error) {
    if (!isTokenError(error)) throw error;
    // The issuer's revocation replica is out of date: the grant cannot be checked (fail closed).
    if (error.code === "revocation_unavailable") throw revocationUnavailable(error);
    ctx.logger.debug({ code: error.code }, "refresh token rejected");
    throw new OAuthError("invalid_grant", INVALID, { cause: error });
  }
  const grant = refreshGrantOf(claims);
  if (grant === undefined) throw new OAuthError("invalid_grant", INVALID);
  return { grant, claims };
}

/** The client: authenticated if it presented itself (and then it must be the token's client), else looked
 *  up from the token, in which case it has to be a public client (confidential ones must authenticate). */
async function refreshClient(ctx: GrantContext, request: GrantRequest, grant: RefreshGrant): Promise<Client> {
  const presented = await requestClient(ctx, request);
  const client = presented ?? ctx.identities.clients.get(grant.clientId);
  if (client === undefined || client.clientId !== grant.clientId) throw new OAuthError("invalid_grant", INVALID);
  if (presented === undefined && client.type === "confidential") {
    throw new OAuthError("invalid_client", "client authentication is required");
  }
  assertGrant(client, "refresh_token");
  return client;
}

function stillValid(ctx: GrantContext, grant: RefreshGrant): User {
  const user = ctx.identities.users.get(grant.sub);
  const now = Math.floor(ctx.clock() / 1000);
  if (user === undefined || now >= grant.authTime + ctx.refreshTokenTtl) throw new OAuthError("invalid_grant", INVALID);
  return user;
}

/**
 * Handles grant_type=refresh_token. The requested scope and resources may narrow the original grant but
 * never widen it (invalid_scope / invalid_target); the user and client must still exist, and the scope is
 * cut to what they may hold today. A DPoP-bound refresh token needs a proof by its key (RFC 9449 §5).
 *
 * @example
 * const body = await refreshGrant(ctx, request);
 */
export async function refreshGrant(ctx: GrantContext, request: GrantRequest): Promise<TokenResponse> {
  const { grant, claims } = await verified(ctx, request.params.required("refresh_token"));
  // Before anything rotates: a thief with the token but not its key must not burn the grant.
  checkRefreshBinding(claims, ctx.dpop);
  const client = await refreshClient(ctx, request, grant);
  const user = stillValid(ctx, grant);
  const requested = parseScope(request.params.one("scope"));
  if (requested?.some((s) => !grant.scope.includes(s)) === true) {
    throw new OAuthError("invalid_scope", "a refresh may not ask for a scope the login did not grant");
  }
  const allowedNow = intersect(intersect(grant.scope, user.scopes), client.scopes);
  const scope = grantScopes(requested, allowedNow);
  const aud = audiences(request.params.all("resource"), grant.resources);
  return issueTokens(ctx, {
    sub: user.username,
    client,
    scope,
    aud,
    // The same grant: a token of a chain that began without revocation starts one.
    sid: sidOf(claims.sid),
    refresh: { scope: allowedNow, resources: grant.resources, authTime: grant.authTime, rotates: claims.jti },
  });
}
