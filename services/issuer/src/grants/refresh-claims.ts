// Reads what the refresh grant needs from verified refresh-token claims. The library checked signature,
// typ, aud, iss and times; the claims this issuer added itself (auth_time) are narrowed here.
import type { RefreshTokenClaims } from "@org/token";
import { AUDIENCES } from "./scope.js";

/** The original grant a refresh token stands for. */
export interface RefreshGrant {
  readonly sub: string;
  readonly clientId: string;
  readonly scope: readonly string[];
  /** Resources the login granted; tokens without the claim predate narrowing and get all audiences. */
  readonly resources: readonly string[];
  /** Seconds: the password login this chain of refresh tokens started from. */
  readonly authTime: number;
}

/**
 * The grant behind verified claims, or undefined when a claim this issuer always writes is missing.
 *
 * @example
 * const grant = refreshGrantOf(await refreshVerifier.verify(token));
 */
export function refreshGrantOf(claims: RefreshTokenClaims): RefreshGrant | undefined {
  const authTime = claims.auth_time;
  if (typeof authTime !== "number" || !Number.isSafeInteger(authTime)) return undefined;
  const claimed: unknown = claims.resource;
  const resources = claimed === undefined ? AUDIENCES : claimed;
  if (!Array.isArray(resources) || !resources.every((r): r is string => typeof r === "string" && AUDIENCES.includes(r))) {
    return undefined;
  }
  return {
    sub: claims.sub,
    clientId: claims.client_id,
    scope: claims.scope.split(" ").filter((s) => s !== ""),
    resources,
    authTime,
  };
}
