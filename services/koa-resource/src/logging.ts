import { isClientError } from "@org/resource-core";
import { causeKind, requestId, type Logger } from "@org/service-kit";
import { isTokenError } from "@org/token";
import type { Middleware } from "koa";

declare module "koa" {
  interface DefaultState {
    /** Request id: the caller's X-Request-Id when it is sane, else a random UUID. */
    id: string;
    /** Logger bound to this request's id. */
    log: Logger;
  }
}

/**
 * Gives each request an id (also sent back as `X-Request-Id`) and a child logger, and logs one
 * line per finished request: method, path without the query string, status, duration and the
 * authenticated subject. Mount it first.
 *
 * @example
 * app.use(requestLogging(logger));
 */
export function requestLogging(logger: Logger): Middleware {
  return async (ctx, next) => {
    const id = requestId(ctx.get("x-request-id"));
    const log = logger.child({ reqId: id });
    ctx.state.id = id;
    ctx.state.log = log;
    ctx.set("X-Request-Id", id);
    const started = performance.now();
    ctx.res.on("close", () => {
      log.info(
        {
          method: ctx.method,
          path: ctx.path,
          status: ctx.status,
          ms: Math.round(performance.now() - started),
          sub: ctx.state.auth?.claims.sub,
          aborted: !ctx.res.writableFinished || undefined,
        },
        "request",
      );
    });
    await next();
  };
}

/**
 * Logs why a request failed on its way to the error middleware: the stable code of an auth
 * failure and the kind of its cause (never the message, which may quote token parts), and
 * unexpected errors in full. Mount it inside `authErrorHandler`, right before the routes.
 *
 * @example
 * app.use(authErrorHandler({ realm: "koa" }));
 * app.use(logErrors());
 */
export function logErrors(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      if (isTokenError(err)) ctx.state.log.info({ code: err.code, cause: causeKind(err.cause) }, "token rejected");
      else if (!isClientError(err)) ctx.state.log.error({ err }, "request failed");
      throw err;
    }
  };
}
