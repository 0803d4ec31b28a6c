import { isTokenError } from "@org/token";
import { AuthError, checkRealm } from "@org/token-http";
import type { Middleware } from "koa";

/** Options of {@link authErrorHandler}. */
export interface AuthErrorOptions {
  /**
   * The `realm` of every challenge it writes, e.g. "koa". Default: the one each error carries
   * (the realm `authenticate` was given).
   */
  readonly realm?: string;
}

/**
 * The Koa middleware that answers a thrown `TokenError` (an `AuthError` from this adapter, or one
 * thrown by a handler) in full: the status of its kind, an RFC 6750 `WWW-Authenticate` challenge
 * (bare `Bearer realm="…"` for a missing token or unavailable keys), `Retry-After` on 503, and
 * the JSON `{error, error_description}` body that never echoes the token. Unlike Koa's default
 * handler, it keeps the headers already set (`Token-Expires-In`). Any other error is rethrown.
 * Mount it before the routes. Without it, Koa's default handler still answers with the right
 * status and headers (an `AuthError` carries them), with the description as plain text.
 *
 * @throws TypeError at creation for a realm that would break the challenge.
 * @example
 * app.use(authErrorHandler());
 * app.use(router.routes());
 */
export function authErrorHandler(options: AuthErrorOptions = {}): Middleware {
  const { realm } = options;
  if (realm !== undefined) checkRealm(realm); // a TypeError now rather than on the first refusal
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      if (!isTokenError(err)) throw err;
      const answer = AuthError.from(err, realm);
      ctx.status = answer.status;
      ctx.set(answer.headers);
      ctx.body = answer.body;
    }
  };
}
