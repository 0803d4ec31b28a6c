// Builds the RFC 6749 §5.1 response from signed tokens.
import type { Client } from "../identities/store.js";
import type { GrantContext, TokenResponse } from "./context.js";

/** What a successful grant hands out. */
export interface Issue {
  readonly sub: string;
  readonly client: Client;
  readonly scope: readonly string[];
  readonly aud: readonly string[];
  /** Present when a refresh token is to be issued (only if the client may use the refresh grant). */
  readonly refresh?: {
    readonly scope: readonly string[];
    readonly resources: readonly string[];
    /** Seconds: when the user typed the password. Rotation never moves it (see grants/refresh.ts). */
    readonly authTime: number;
  };
}

/**
 * Signs the access token (and the refresh token, when asked and allowed) and shapes the response body.
 *
 * @example
 * return issueTokens(ctx, { sub: "reporting-job", client, scope: ["orders:read"], aud: AUDIENCES });
 */
export async function issueTokens(ctx: GrantContext, issue: Issue): Promise<TokenResponse> {
  const access = await ctx.signer.accessToken({
    sub: issue.sub,
    client_id: issue.client.clientId,
    aud: [...issue.aud],
    scope: [...issue.scope],
  });
  const body: TokenResponse = {
    access_token: access.token,
    token_type: "Bearer",
    expires_in: access.expiresIn,
    scope: issue.scope.join(" "),
  };
  if (issue.refresh !== undefined && issue.client.grantTypes.includes("refresh_token")) {
    const refresh = await ctx.signer.refreshToken({
      sub: issue.sub,
      client_id: issue.client.clientId,
      scope: [...issue.refresh.scope],
      aud: [...issue.refresh.resources],
      extra: { auth_time: issue.refresh.authTime },
    });
    body.refresh_token = refresh.token;
  }
  return body;
}
