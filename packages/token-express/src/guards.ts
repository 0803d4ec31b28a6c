// The checks mounted after `authenticate`: every scope, any scope, a condition on the claims.
// Each is the core's check of the same name on `req.auth`; a refusal goes to next(err) as an
// AuthError that challenges as `authenticate` did (its realm, the request's scheme, DPoP).
import { TokenError, isTokenError, requireAnyScope as checkAnyScope, requireClaims as checkClaims, requireScope as checkScope } from "@org/token";
import type { ClaimCheck, VerifiedToken } from "@org/token";
import { AuthError } from "@org/token-http";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { challengeOf } from "./challenge.js";

function refusedFor(req: Request, err: TokenError): AuthError {
  const { realm, scheme, dpop } = challengeOf(req);
  return AuthError.from(err, realm, { scheme, dpop });
}

function guard(check: (auth: VerifiedToken) => void): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction): void => {
    try {
      if (req.auth === undefined) throw new TokenError("token_missing");
      check(req.auth);
    } catch (err) {
      next(isTokenError(err) ? refusedFor(req, err) : err);
      return;
    }
    next();
  };
}

/**
 * Guard that lets a request through only when `req.auth` holds every listed scope. Mount it after
 * {@link authenticate}. Failures go to `next(err)`: `scope_insufficient` (403, naming the scopes),
 * or `token_missing` (401) when no token was verified before it.
 *
 * @throws TypeError at creation when no scope is given.
 * @example
 * app.get("/orders", authenticate(verifier), requireScope("orders:read"), listOrders);
 */
export function requireScope(...scopes: string[]): RequestHandler {
  if (scopes.length === 0) throw new TypeError("requireScope needs at least one scope");
  return guard((auth) => {
    checkScope(auth, ...scopes);
  });
}

/**
 * Guard that lets a request through when `req.auth` holds at least one of the listed scopes.
 * Failures go to `next(err)`: `scope_insufficient` (403) whose challenge names every scope it
 * would accept, or `token_missing` (401) when no token was verified before it.
 *
 * @throws TypeError at creation when no scope is given.
 * @example
 * app.get("/orders", authenticate(verifier), requireAnyScope("orders:read", "orders:admin"), listOrders);
 */
export function requireAnyScope(...scopes: string[]): RequestHandler {
  if (scopes.length === 0) throw new TypeError("requireAnyScope needs at least one scope");
  return guard((auth) => {
    checkAnyScope(auth, ...scopes);
  });
}

/**
 * Guard that lets a request through only when `check(req.auth.claims)` returns exactly `true`.
 * A refusal is 403 `insufficient_scope` without a `scope` attribute: the token is valid but does
 * not grant this request (RFC 6750 §3.1), and a new token would not help. `token_missing` (401)
 * when no token was verified before it; what `check` throws goes to `next(err)` unchanged.
 *
 * @throws TypeError at creation when `check` is not a function.
 * @example
 * app.get("/reports", authenticate(verifier), requireClaims((claims) => claims.client_id === "reporting-job"), reports);
 */
export function requireClaims(check: ClaimCheck): RequestHandler {
  if (typeof check !== "function") throw new TypeError("requireClaims needs a check function");
  return guard((auth) => {
    checkClaims(auth, check);
  });
}
