/*
 * Validates and freezes the interceptor's per-method rules once, at creation, so that a
 * typo in the wiring fails at start-up (TypeError) instead of opening or closing a method
 * at run time.
 */
import { isScopeToken } from "@org/token";

/** Full method path -> scopes a token must all carry (`[]` = any valid token). */
export type ScopeRules = Readonly<Record<string, readonly string[]>>;

/** What the interceptor decides for one method. */
export type MethodPolicy =
  | { readonly kind: "public" }
  | { readonly kind: "protected"; readonly scopes: readonly string[] }
  | { readonly kind: "unlisted" };

const METHOD_PATH = /^\/[A-Za-z_][\w.]*\/[A-Za-z_]\w*$/;

/** Compiles rules and public methods into a lookup; throws TypeError on any misuse. */
export function compilePolicy(rules: unknown, publicMethods: unknown): (method: string) => MethodPolicy {
  const open = checkPublic(publicMethods);
  const scoped = checkRules(rules);
  for (const method of open) {
    if (scoped.has(method)) throw new TypeError(`${method} is both public and in rules; pick one`);
  }
  return (method) => {
    if (open.has(method)) return { kind: "public" };
    const scopes = scoped.get(method);
    return scopes === undefined ? { kind: "unlisted" } : { kind: "protected", scopes };
  };
}

function checkRules(rules: unknown): Map<string, readonly string[]> {
  if (typeof rules !== "object" || rules === null || Array.isArray(rules)) {
    throw new TypeError("rules must be an object mapping full method paths to scope arrays");
  }
  const scoped = new Map<string, readonly string[]>();
  for (const [method, scopes] of Object.entries(rules)) {
    checkMethod(method, "rules");
    if (!Array.isArray(scopes) || !scopes.every(isScopeToken)) {
      throw new TypeError(`rules["${method}"] must be an array of scope strings ([] = any valid token)`);
    }
    scoped.set(method, Object.freeze([...scopes]));
  }
  return scoped;
}

function checkPublic(publicMethods: unknown): Set<string> {
  if (publicMethods === undefined) return new Set();
  if (!Array.isArray(publicMethods)) throw new TypeError("public must be an array of full method paths");
  const open = new Set<string>();
  for (const method of publicMethods) {
    checkMethod(method, "public");
    open.add(method);
  }
  return open;
}

function checkMethod(method: unknown, where: string): asserts method is string {
  if (typeof method !== "string" || !METHOD_PATH.test(method)) {
    throw new TypeError(`${where}: ${String(method)} is not a full method path like "/demo.v1.Resource/GetMe"`);
  }
}
