import { TOKEN_ERRORS, errorBody, isTokenError, wwwAuthenticate } from "@org/token";
import type { ErrorRequestHandler, NextFunction, Request, Response } from "express";

/** Options of {@link authErrorHandler}. */
export interface AuthErrorOptions {
  /** The `realm` of every `WWW-Authenticate` challenge, e.g. "express". */
  readonly realm: string;
}

/** Seconds a client should wait before retrying while the issuer's keys are unavailable. */
export const KEYS_RETRY_AFTER_SECONDS = 5;

/**
 * The one Express error handler that turns a `TokenError` into its answer: the status from the
 * shared table, an RFC 6750 `WWW-Authenticate` challenge (bare `Bearer realm="…"` for a missing
 * token or unavailable keys), `Retry-After` on 503, and the JSON `{error, error_description}`
 * body that never echoes the token. Any other error is passed on with `next(err)`.
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
    // A challenge without error parameters: the client simply has to (re)authenticate or wait.
    const bare = TOKEN_ERRORS[err.code].error === null;
    res.status(err.status);
    res.setHeader("WWW-Authenticate", bare ? wwwAuthenticate(realm) : wwwAuthenticate(realm, err));
    if (err.code === "keys_unavailable") res.setHeader("Retry-After", String(KEYS_RETRY_AFTER_SECONDS));
    res.json(errorBody(err));
  };
}
