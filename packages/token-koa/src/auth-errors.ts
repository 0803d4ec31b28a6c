import { TOKEN_ERRORS, errorBody, isTokenError, wwwAuthenticate } from "@org/token";
import type { Middleware } from "koa";

/** Options of {@link authErrors}. */
export interface AuthErrorOptions {
  /** The `realm` of every `WWW-Authenticate` challenge, e.g. "koa". */
  readonly realm: string;
}

/** Seconds a client should wait before retrying while the issuer's keys are unavailable. */
export const KEYS_RETRY_AFTER_SECONDS = 5;

/**
 * The one Koa middleware that turns a thrown `TokenError` into its answer: the status from the
 * shared table, an RFC 6750 `WWW-Authenticate` challenge (bare `Bearer realm="…"` for a missing
 * token or unavailable keys), `Retry-After` on 503, and the JSON `{error, error_description}`
 * body that never echoes the token. Any other error is rethrown. Mount it before the routes.
 *
 * @example
 * app.use(authErrors({ realm: "koa" }));
 * app.use(router.routes());
 */
export function authErrors(options: AuthErrorOptions): Middleware {
  const { realm } = options;
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      if (!isTokenError(err)) throw err;
      // A challenge without error parameters: the client simply has to (re)authenticate or wait.
      const bare = TOKEN_ERRORS[err.code].error === null;
      ctx.status = err.status;
      ctx.set("WWW-Authenticate", bare ? wwwAuthenticate(realm) : wwwAuthenticate(realm, err));
      if (err.code === "keys_unavailable") ctx.set("Retry-After", String(KEYS_RETRY_AFTER_SECONDS));
      ctx.body = errorBody(err);
    }
  };
}
