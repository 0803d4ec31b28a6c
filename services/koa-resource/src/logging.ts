import { isClientError, type ServiceMetrics } from "@org/resource-core";
import { causeKind, requestLog, type Logger } from "@org/service-kit";
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

/** The routes this service answers: the only values of the metrics' `route` label besides "other". */
export const ROUTES: readonly string[] = ["/healthz", "/readyz", "/metrics", "/me", "/orders"];

/**
 * Gives each request an id (also sent back as `X-Request-Id`) and a child logger, and logs one
 * line per finished request (the kit's request log: method, path without the query string, status,
 * duration_ms, the authenticated subject). Mount it first.
 *
 * @example
 * app.use(requestLogging(logger, metrics));
 */
export function requestLogging(logger: Logger, metrics?: ServiceMetrics): Middleware {
  const requests = requestLog(logger, { routes: ROUTES, ...(metrics === undefined ? {} : { metrics: metrics.registry }) });
  return async (ctx, next) => {
    const { id, log } = requests.begin(ctx.req, ctx.res, { path: () => ctx.path, sub: () => ctx.state.auth?.claims.sub });
    ctx.state.id = id;
    ctx.state.log = log;
    await next();
  };
}

/**
 * Logs why a request failed on its way to the error middleware: the stable code of an auth
 * failure and the kind of its cause (never the message, which may quote token parts), counted by
 * code in the metrics; unexpected errors in full. Mount it inside `authErrorHandler`, right before the routes.
 *
 * @example
 * app.use(authErrorHandler({ realm: "koa" }));
 * app.use(logErrors(metrics));
 */
export function logErrors(metrics?: ServiceMetrics): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      if (isTokenError(err)) {
        ctx.state.log.info({ code: err.code, cause: causeKind(err.cause) }, "token rejected");
        metrics?.refused(err.code);
      } else if (!isClientError(err)) ctx.state.log.error({ err }, "request failed");
      throw err;
    }
  };
}
