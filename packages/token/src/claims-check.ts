// A route's own condition on the claims of an already verified token (a tenant, a client, a
// role). It answers "may this token do this?", never "is this token good?": verification has
// said yes already. RFC 6750 §3.1 calls that insufficient privileges (403 insufficient_scope), not
// an invalid token (401 invalid_token, which tells a client to get a new token and try again: a
// fresh token of the same grant would fail the same way).
import { TokenError } from "./errors.js";
import type { AccessTokenClaims, VerifiedToken } from "./verify/types.js";

/**
 * A condition on a verified token's claims: `true` lets the request through, anything else
 * refuses it. Synchronous and free of I/O, like every check on the request path.
 *
 * @example
 * ```ts
 * const ownTenant: ClaimCheck = (claims) => claims.tenant === "acme";
 * ```
 */
export type ClaimCheck = (claims: Readonly<AccessTokenClaims>) => boolean;

/**
 * Throws TokenError `scope_insufficient` (403 insufficient_scope, with no `scope` attribute: no
 * scope would help) unless `check(token.claims)` returns exactly `true`; a truthy non-boolean
 * refuses too (fail closed). What `check` itself throws is passed on unchanged (a bug in the check
 * is a server error, not the client's). Throws TypeError when `check` is not a function.
 *
 * @example
 * ```ts
 * requireClaims(auth, (claims) => claims.client_id === "reporting-job");
 * ```
 */
export function requireClaims(token: VerifiedToken, check: ClaimCheck): void {
  if (typeof check !== "function") throw new TypeError("requireClaims needs a check function");
  // Typed boolean, but a JavaScript caller's check may return anything: only `true` passes.
  const verdict: unknown = check(token.claims);
  if (verdict !== true) throw new TokenError("scope_insufficient");
}
