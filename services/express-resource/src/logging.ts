import { isClientError } from "@org/resource-core";
import { causeKind, requestId, type Logger } from "@org/service-kit";
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

/**
 * Gives each request an id (also sent back as `X-Request-Id`) and a child logger, and logs one
 * line per finished request: method, path without the query string, status, duration and the
 * authenticated subject. Mount it first.
 *
 * @example
 * app.use(requestLogging(logger));
 */
export function requestLogging(logger: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    req.id = requestId(req.get("x-request-id"));
    req.log = logger.child({ reqId: req.id });
    res.setHeader("X-Request-Id", req.id);
    const started = performance.now();
    res.on("close", () => {
      req.log.info(
        {
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
          sub: req.auth?.claims.sub,
          aborted: !res.writableFinished || undefined,
        },
        "request",
      );
    });
    next();
  };
}

/**
 * Logs why a request failed before the error handlers answer it: the stable code of an auth
 * failure and the kind of its cause (never the message, which may quote token parts), and
 * unexpected errors in full.
 *
 * @example
 * app.use(logErrors());
 * app.use(authErrorHandler({ realm: "express" }));
 */
export function logErrors(): ErrorRequestHandler {
  return (err: unknown, req: Request, _res: Response, next: NextFunction): void => {
    if (isTokenError(err)) req.log.info({ code: err.code, cause: causeKind(err.cause) }, "token rejected");
    else if (!isClientError(err)) req.log.error({ err }, "request failed");
    next(err);
  };
}
