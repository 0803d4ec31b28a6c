import { RequestError } from "@org/resource-core";
import type { Middleware } from "koa";

/**
 * Last middleware: anything no route answered is a JSON 404.
 *
 * @example
 * app.use(router.routes());
 * app.use(notFound());
 */
export function notFound(): Middleware {
  return (ctx) => {
    ctx.status = 404;
    ctx.body = { error: "not_found", error_description: "no such route" };
  };
}

/**
 * Outermost error middleware, around the auth one: a `RequestError` gets its status and a JSON
 * body; anything else is a 500 that reveals nothing. Caught here, not by Koa's default handler,
 * which would also drop headers already set (Token-Expires-In).
 *
 * @example
 * app.use(requestErrors());
 * app.use(authErrorHandler({ realm: "koa" }));
 */
export function requestErrors(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      if (err instanceof RequestError) {
        ctx.status = err.status;
        ctx.body = { error: err.error, error_description: err.description };
        return;
      }
      ctx.status = 500;
      ctx.body = { error: "server_error", error_description: "internal error" };
    }
  };
}
