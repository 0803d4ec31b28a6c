// The optional parameters a login may carry, checked before anything is sent.

/**
 * Scopes as one space-separated string or a list.
 *
 * @example
 * ```ts
 * const scope: ScopeInput = "profile orders:read"; // or ["profile", "orders:read"]
 * ```
 */
export type ScopeInput = string | readonly string[];
/**
 * RFC 8707 resource indicators: one absolute URI or a list.
 *
 * @example
 * ```ts
 * const resource: ResourceInput = ["urn:demo:express", "urn:demo:koa"];
 * ```
 */
export type ResourceInput = string | readonly string[];

/** RFC 6749 §3.3 scope-token = 1*NQCHAR; the same rule as `isScopeToken` of @org/token, written here because the client depends on nothing. */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
/**
 * More than this many scopes or resources in one login is a mistake, not a need (TypeError).
 *
 * @example
 * ```ts
 * MAX_LOGIN_ITEMS; // 64
 * ```
 */
export const MAX_LOGIN_ITEMS = 64;

function list(name: string, value: unknown): readonly unknown[] {
  const items = typeof value === "string" ? value.split(" ").filter((s) => s !== "") : value;
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_LOGIN_ITEMS) {
    throw new TypeError(`${name} must be a non-empty string or list of at most ${MAX_LOGIN_ITEMS}`);
  }
  return items as readonly unknown[];
}

/**
 * Adds `scope` (space-joined) when given; TypeError for anything that is not scope-tokens.
 *
 * @example
 * ```ts
 * scopeParam(params, ["profile", "orders:read"]); // scope=profile+orders%3Aread
 * ```
 */
export function scopeParam(params: URLSearchParams, scope: unknown): void {
  if (scope === undefined) return;
  const scopes = list("scope", scope);
  if (!scopes.every((s) => typeof s === "string" && SCOPE_TOKEN.test(s))) {
    throw new TypeError("scope must hold RFC 6749 scope-tokens (printable ASCII, no spaces, quotes or backslashes)");
  }
  params.set("scope", scopes.join(" "));
}

/**
 * Adds one `resource` per indicator when given; TypeError unless each is an absolute URI without
 * a fragment (RFC 8707 §2).
 *
 * @example
 * ```ts
 * resourceParams(params, "urn:demo:express"); // resource=urn%3Ademo%3Aexpress
 * ```
 */
export function resourceParams(params: URLSearchParams, resource: unknown): void {
  if (resource === undefined) return;
  const resources = typeof resource === "string" ? [resource] : list("resource", resource);
  for (const r of resources) {
    if (typeof r !== "string" || !URL.canParse(r) || r.includes("#")) {
      throw new TypeError("resource must be absolute URIs without a fragment");
    }
    params.append("resource", r);
  }
}
