import { isTokenError } from "@org/token";
import { refusal } from "@org/token-http";
import type { ErrorRequestHandler, NextFunction, Request, Response } from "express";

/** Options of {@link authErrorHandler}. */
export interface AuthErrorOptions {
  /** The `realm` of every `WWW-Authenticate` challenge, e.g. "express". */
  readonly realm: string;
}

/**
 * The one Express error handler that turns a `TokenError` into its answer (`@org/token-http`'s
 * `refusal`): the status of its kind, an RFC 6750 `WWW-Authenticate` challenge (bare `Bearer
 * realm="…"` for a missing token or unavailable keys), `Retry-After` on 503, and the JSON
 * `{error, error_description}` body that never echoes the token. Any other error is passed on.
 *
 * @example
 * app.use(authErrorHandler({ realm: "express" }));
 * // 401 WWW-Authenticate: Bearer realm="express", error="invalid_token", error_description="…"
 */
export function authErrorHandler(options: AuthErrorOptions): ErrorRequestHandler {
  const { realm } = options;
  return (err: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (!isTokenError(err) || res.headersSent) {
      next(err);
      return;
    }
    const answer = refusal(err, realm);
    res.status(answer.status).set(answer.headers).json(answer.body);
  };
}
