import { TokenError, requireScope as checkScope } from "@org/token";
import type { NextFunction, Request, RequestHandler, Response } from "express";

/**
 * Guard that lets a request through only when `req.auth` holds every listed scope. Mount it after
 * {@link authenticate}. Failures go to `next(err)`: `scope_insufficient` (403, naming the scopes),
 * or `token_missing` when no `authenticate` ran before it.
 *
 * @throws TypeError at creation when no scope is given.
 * @example
 * app.get("/orders", authenticate(verifier), requireScope("orders:read"), listOrders);
 */
export function requireScope(...scopes: string[]): RequestHandler {
  if (scopes.length === 0) throw new TypeError("requireScope needs at least one scope");
  return (req: Request, _res: Response, next: NextFunction): void => {
    try {
      if (req.auth === undefined) throw new TokenError("token_missing");
      checkScope(req.auth, ...scopes);
    } catch (err) {
      next(err);
      return;
    }
    next();
  };
}
