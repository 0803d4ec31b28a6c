// RFC 6749 §4.4 client credentials grant: the client acts for itself (sub = client_id, RFC 9068 §2.2).
import { OAuthError } from "../errors.js";
import { invalidClient } from "../http/client-auth.js";
import { assertGrant, requestClient } from "./client.js";
import type { GrantContext, GrantRequest, TokenResponse } from "./context.js";
import { issueTokens } from "./issue.js";
import { assertDefined, audiences, grantScopes, parseScope } from "./scope.js";

/**
 * Handles grant_type=client_credentials. No refresh token (RFC 6749 §4.4.3): the client can always
 * authenticate again.
 *
 * @example
 * const body = await clientCredentialsGrant(ctx, request);
 */
export async function clientCredentialsGrant(ctx: GrantContext, request: GrantRequest): Promise<TokenResponse> {
  const requested = parseScope(request.params.one("scope"));
  assertDefined(requested, ctx.identities.scopes);
  const aud = audiences(request.params.all("resource"));
  const client = await requestClient(ctx, request);
  if (client === undefined) throw invalidClient(undefined, "client authentication is required");
  if (client.type !== "confidential") {
    throw new OAuthError("unauthorized_client", "the client may not use this grant type");
  }
  assertGrant(client, "client_credentials");
  const scope = grantScopes(requested, client.scopes ?? []);
  return issueTokens(ctx, { sub: client.clientId, client, scope, aud });
}
