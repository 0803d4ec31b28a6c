// Scope (RFC 6749 §3.3) and resource (RFC 8707) rules, shared by the three grants.
//
// Scope rule: a requested scope that nobody defines is invalid_scope (almost always a typo or a probe);
// a defined scope the caller may not hold is dropped silently and the response's `scope` says what was
// granted. No scope requested = everything allowed. If every requested scope was dropped: invalid_scope.
import { OAuthError } from "../errors.js";

/** Resource audiences a token may carry; a token carries all three unless narrowed with `resource`. */
export const AUDIENCES: readonly string[] = ["urn:demo:express", "urn:demo:koa", "urn:demo:grpc"];

const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/**
 * Splits a `scope` parameter; undefined when omitted. Bad syntax is invalid_scope.
 *
 * @example
 * parseScope("orders:read  profile"); // ["orders:read", "profile"]
 */
export function parseScope(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const tokens = raw.split(" ").filter((t) => t !== "");
  if (tokens.length === 0) return undefined;
  if (!tokens.every((t) => SCOPE_TOKEN.test(t))) throw new OAuthError("invalid_scope", "the scope parameter is malformed");
  return [...new Set(tokens)];
}

/**
 * Rejects requested scopes that no identity defines (checked before any password work).
 *
 * @example
 * assertDefined(["orders:read"], identities.scopes);
 */
export function assertDefined(requested: readonly string[] | undefined, defined: readonly string[]): void {
  if (requested?.some((s) => !defined.includes(s)) === true) {
    throw new OAuthError("invalid_scope", "a requested scope is not defined by this issuer");
  }
}

/**
 * The granted scopes: requested ∩ allowed (in the allowed list's order), or all allowed when nothing was
 * requested. A request whose every scope was dropped is invalid_scope.
 *
 * @example
 * grantScopes(["orders:write"], ["orders:read"]); // throws invalid_scope
 * grantScopes(["profile", "orders:write"], ["profile"]); // ["profile"]
 */
export function grantScopes(requested: readonly string[] | undefined, allowed: readonly string[]): string[] {
  if (requested === undefined) return [...allowed];
  const granted = allowed.filter((s) => requested.includes(s));
  if (granted.length === 0) throw new OAuthError("invalid_scope", "none of the requested scopes may be granted");
  return granted;
}

/**
 * Scopes in both lists, in the first list's order.
 *
 * @example
 * intersect(["a", "b"], ["b", "c"]); // ["b"]
 */
export function intersect(a: readonly string[], b: readonly string[] | undefined): string[] {
  return b === undefined ? [...a] : a.filter((s) => b.includes(s));
}

/**
 * The token's audiences from RFC 8707 `resource` values: each must be one of `within` (default: the three
 * resource audiences), else invalid_target. No resource = all of `within`.
 *
 * @example
 * audiences(["urn:demo:koa"]); // ["urn:demo:koa"]
 * audiences(["https://elsewhere"]); // throws invalid_target
 */
export function audiences(resources: readonly string[], within: readonly string[] = AUDIENCES): string[] {
  if (resources.length === 0) return [...within];
  if (!resources.every((r) => within.includes(r))) {
    throw new OAuthError("invalid_target", "a requested resource is unknown or not allowed");
  }
  return within.filter((a) => resources.includes(a));
}
