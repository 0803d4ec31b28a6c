// Builds the RFC 6749 §5.1 response from signed tokens. With revocation on, every token carries its
// grant (`sid`) and the revocation number it was signed after (`rev`), and the grant's refresh
// chain is tracked in Redis so that a replayed, already-rotated refresh token is caught.
import { newGrantId } from "@org/revocation";
import { OAuthError } from "../errors.js";
import type { Client } from "../identities/store.js";
import type { GrantContext, TokenResponse } from "./context.js";
import { persisted } from "./revocation-errors.js";

/** What a successful grant hands out. */
export interface Issue {
  readonly sub: string;
  readonly client: Client;
  readonly scope: readonly string[];
  readonly aud: readonly string[];
  /** The grant these tokens belong to; a new one for a login, the refresh token's for a refresh. */
  readonly sid?: string | undefined;
  /** Present when a refresh token is to be issued (only if the client may use the refresh grant). */
  readonly refresh?: {
    readonly scope: readonly string[];
    readonly resources: readonly string[];
    /** Seconds: when the user typed the password. Rotation never moves it (see grants/refresh.ts). */
    readonly authTime: number;
    /** The jti of the refresh token being rotated (refresh grant only). */
    readonly rotates?: string | undefined;
  };
}

const REUSED = "the refresh token was already used; the grant has been revoked";

/**
 * Signs the access token (and the refresh token, when asked and allowed) and shapes the response body.
 * A request that proved a DPoP key (`ctx.dpop`) gets an access token bound to it (`cnf.jkt`,
 * `token_type` "DPoP"); a public client's refresh token is bound too (RFC 9449 §5), while a
 * confidential client's stays bound to its client authentication.
 *
 * @example
 * return issueTokens(ctx, { sub: "reporting-job", client, scope: ["orders:read"], aud: AUDIENCES });
 */
export async function issueTokens(ctx: GrantContext, issue: Issue): Promise<TokenResponse> {
  const { revocation } = ctx;
  const sid = issue.sid ?? newGrantId();
  // `rev` is read before signing: a revocation that lands meanwhile covers these tokens (too much, never too little).
  const stamps = revocation === undefined ? {} : { sid, rev: revocation.stamp() };
  const jkt = ctx.dpop?.jkt;
  const bound = jkt === undefined ? {} : { cnf: { jkt } };
  const access = await ctx.signer.accessToken({
    sub: issue.sub,
    client_id: issue.client.clientId,
    aud: [...issue.aud],
    scope: [...issue.scope],
    ...bound,
    extra: stamps,
  });
  const body: TokenResponse = {
    access_token: access.token,
    token_type: jkt === undefined ? "Bearer" : "DPoP",
    expires_in: access.expiresIn,
    scope: issue.scope.join(" "),
  };
  if (issue.refresh !== undefined && issue.client.grantTypes.includes("refresh_token")) {
    const refresh = await ctx.signer.refreshToken({
      sub: issue.sub,
      client_id: issue.client.clientId,
      scope: [...issue.refresh.scope],
      aud: [...issue.refresh.resources],
      ...(issue.client.type === "public" ? bound : {}),
      extra: { auth_time: issue.refresh.authTime, ...stamps },
    });
    if (revocation !== undefined) await trackRefresh(ctx, sid, issue.refresh.rotates, refresh.claims.jti);
    body.refresh_token = refresh.token;
  }
  return body;
}

/**
 * Records the grant's current refresh token. A login starts the chain (best effort: without Redis the
 * first rotation starts it). A rotation must present the chain's current token, or the previous one
 * within the grace of a retried request; any other is a replay: the whole grant is revoked.
 */
async function trackRefresh(ctx: GrantContext, sid: string, rotates: string | undefined, jti: string): Promise<void> {
  const revocation = ctx.revocation;
  if (revocation === undefined) return;
  const ttl = ctx.refreshTokenTtl;
  if (rotates === undefined) {
    await revocation.store.startGrant(sid, jti, ttl).catch((error: unknown) => {
      ctx.logger.warn({ err: error }, "refresh chain not recorded (Redis unreachable); it starts at the first rotation");
    });
    return;
  }
  const outcome = await persisted(revocation.store.rotate(sid, rotates, jti, ttl));
  if (outcome === "unknown") {
    // A chain that started while revocation was off or Redis was down: it starts now.
    await persisted(revocation.store.startGrant(sid, jti, ttl));
    return;
  }
  if (outcome !== "reused") return;
  await persisted(revocation.store.revoke({ scope: "grant", sid }));
  ctx.logger.warn({ audit: "revocation", scope: "grant", sid, reason: "refresh token reuse", outcome: "revoked" }, "refresh token reused: grant revoked");
  throw new OAuthError("invalid_grant", REUSED);
}
