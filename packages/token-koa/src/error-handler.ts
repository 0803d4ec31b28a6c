import { isTokenError } from "@org/token";
import { refusal } from "@org/token-http";
import type { Middleware } from "koa";

/** Options of {@link authErrorHandler}. */
export interface AuthErrorOptions {
  /** The `realm` of every `WWW-Authenticate` challenge, e.g. "koa". */
  readonly realm: string;
}

/**
 * The one Koa middleware that turns a thrown `TokenError` into its answer (`@org/token-http`'s
 * `refusal`): the status of its kind, an RFC 6750 `WWW-Authenticate` challenge (bare `Bearer
 * realm="…"` for a missing token or unavailable keys), `Retry-After` on 503, and the JSON
 * `{error, error_description}` body that never echoes the token. Any other error is rethrown.
 * Mount it before the routes.
 *
 * @example
 * app.use(authErrorHandler({ realm: "koa" }));
 * app.use(router.routes());
 */
export function authErrorHandler(options: AuthErrorOptions): Middleware {
  const { realm } = options;
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      if (!isTokenError(err)) throw err;
      const answer = refusal(err, realm);
      ctx.status = answer.status;
      ctx.set(answer.headers);
      ctx.body = answer.body;
    }
  };
}
