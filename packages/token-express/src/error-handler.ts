import { isTokenError } from "@org/token";
import { AuthError, checkRealm } from "@org/token-http";
import type { ErrorRequestHandler, NextFunction, Request, Response } from "express";

/** Options of {@link authErrorHandler}. */
export interface AuthErrorOptions {
  /**
   * The `realm` of every challenge it writes, e.g. "express". Default: the one each error
   * carries (the realm `authenticate` was given).
   */
  readonly realm?: string;
}

/**
 * The Express error handler that answers a `TokenError` (an `AuthError` from this adapter, or
 * one thrown by a handler) in full: the status of its kind, an RFC 6750 `WWW-Authenticate`
 * challenge (bare `Bearer realm="…"` for a missing token or unavailable keys), `Retry-After` on
 * 503, and the JSON `{error, error_description}` body that never echoes the token. Any other
 * error is passed on. Without it, Express's own handler still answers with the right status and
 * headers (an `AuthError` carries them), but with an HTML body.
 *
 * @throws TypeError at creation for a realm that would break the challenge.
 * @example
 * app.use(authErrorHandler()); // after the routes
 * // 401 WWW-Authenticate: Bearer realm="express", error="invalid_token", error_description="…"
 */
export function authErrorHandler(options: AuthErrorOptions = {}): ErrorRequestHandler {
  const { realm } = options;
  if (realm !== undefined) checkRealm(realm); // a TypeError now rather than on the first refusal
  return (err: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (!isTokenError(err) || res.headersSent) {
      next(err);
      return;
    }
    const answer = AuthError.from(err, realm);
    res.status(answer.status).set(answer.headers).json(answer.body);
  };
}
