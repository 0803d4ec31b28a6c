import { isClientError, type ServiceMetrics } from "@org/resource-core";
import { causeKind, requestLog, type Logger } from "@org/service-kit";
import { isTokenError } from "@org/token";
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from "express";

declare global {
  // Declaration merging is how Express types request extensions; a namespace is the only way in.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Request id: the caller's X-Request-Id when it is sane, else a random UUID. */
      id: string;
      /** Logger bound to this request's id. */
      log: Logger;
    }
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
export function requestLogging(logger: Logger, metrics?: ServiceMetrics): RequestHandler {
  const requests = requestLog(logger, { routes: ROUTES, ...(metrics === undefined ? {} : { metrics: metrics.registry }) });
  return (req: Request, res: Response, next: NextFunction): void => {
    const { id, log } = requests.begin(req, res, { path: () => req.path, sub: () => req.auth?.claims.sub });
    req.id = id;
    req.log = log;
    next();
  };
}

/**
 * Logs why a request failed before the error handlers answer it: the stable code of an auth
 * failure and the kind of its cause (never the message, which may quote token parts), counted by
 * code in the metrics; unexpected errors in full.
 *
 * @example
 * app.use(logErrors(metrics));
 * app.use(authErrorHandler({ realm: "express" }));
 */
export function logErrors(metrics?: ServiceMetrics): ErrorRequestHandler {
  return (err: unknown, req: Request, _res: Response, next: NextFunction): void => {
    if (isTokenError(err)) {
      req.log.info({ code: err.code, cause: causeKind(err.cause) }, "token rejected");
      metrics?.refused(err.code);
    } else if (!isClientError(err)) req.log.error({ err }, "request failed");
    next(err);
  };
}
