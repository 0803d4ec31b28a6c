import { TokenError } from "./errors.js";
import type { VerifiedToken } from "./verify/types.js";

// RFC 6749 §3.3: scope-token = 1*NQCHAR, printable ASCII except space, `"` and `\`.
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * True when `value` is one RFC 6749 §3.3 scope-token (no space, no `"`, no `\`, printable ASCII):
 * the one rule the signer, the gRPC policy and the issuer's callers check scope names with.
 *
 * @example
 * ```ts
 * isScopeToken("orders:read"); // true
 * isScopeToken("orders read"); // false: two tokens
 * ```
 */
export function isScopeToken(value: unknown): value is string {
  return typeof value === "string" && SCOPE_TOKEN.test(value);
}

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
