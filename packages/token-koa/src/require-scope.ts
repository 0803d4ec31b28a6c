import { TokenError, requireScope as checkScope } from "@org/token";
import type { Middleware } from "koa";

/**
 * Guard that lets a request through only when `ctx.state.auth` holds every listed scope. Mount it
 * after {@link authenticate}. Throws `scope_insufficient` (403, naming the scopes), or
 * `token_missing` when no `authenticate` ran before it.
 *
 * @throws TypeError at creation when no scope is given.
 * @example
 * router.get("/orders", authenticate(verifier), requireScope("orders:read"), listOrders);
 */
export function requireScope(...scopes: string[]): Middleware {
  if (scopes.length === 0) throw new TypeError("requireScope needs at least one scope");
  return async (ctx, next) => {
    const auth = ctx.state.auth;
    if (auth === undefined) throw new TokenError("token_missing");
    checkScope(auth, ...scopes);
    await next();
  };
}
