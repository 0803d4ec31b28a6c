import { TokenError } from "./errors.js";
import type { VerifiedToken } from "./verify/types.js";

/**
 * True when the token was granted `scope`.
 *
 * @example
 * ```ts
 * if (hasScope(auth, "orders:write")) showCreateButton();
 * ```
 */
export function hasScope(token: VerifiedToken, scope: string): boolean {
  return token.scopes.includes(scope);
}

/**
 * Throws TokenError `scope_insufficient` (403, `scope="…"` in the challenge) unless the
 * token holds every scope in `needed`. Throws TypeError when nothing is asked for.
 *
 * @example
 * ```ts
 * requireScope(auth, "orders:read");
 * ```
 */
export function requireScope(token: VerifiedToken, ...needed: string[]): void {
  if (needed.length === 0) throw new TypeError("requireScope needs at least one scope");
  for (const scope of needed) {
    if (!token.scopes.includes(scope)) throw new TokenError("scope_insufficient", { scope: needed.join(" ") });
  }
}

/**
 * Throws TokenError `scope_insufficient` unless the token holds at least one scope in
 * `accepted`; the error names all of them (space separated, as RFC 6750 §3's `scope` attribute),
 * so a client that asks for them all gets one it can use. Throws TypeError when nothing is given.
 *
 * @example
 * ```ts
 * requireAnyScope(auth, "orders:read", "orders:admin"); // either one will do
 * ```
 */
export function requireAnyScope(token: VerifiedToken, ...accepted: string[]): void {
  if (accepted.length === 0) throw new TypeError("requireAnyScope needs at least one scope");
  if (!accepted.some((scope) => token.scopes.includes(scope))) {
    throw new TokenError("scope_insufficient", { scope: accepted.join(" ") });
  }
}
