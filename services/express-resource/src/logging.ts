import { randomUUID } from "node:crypto";
import { isTokenError } from "@org/token";
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from "express";
import pino from "pino";
import type { LogLevel } from "./config.js";
import { isClientError } from "./request-error.js";

export type Logger = pino.Logger;

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

// A client-chosen id is echoed into logs and headers, so only short plain ids are taken over.
const SANE_REQUEST_ID = /^[\w.:-]{1,64}$/;

/**
 * JSON logger of the service. Nothing here logs headers or bodies; the redaction list is a
 * second line of defence should a credential ever end up in a logged object.
 *
 * @example
 * const logger = createLogger("express", "info");
 */
export function createLogger(service: string, level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service },
      redact: { paths: ["authorization", "cookie", "token", "*.authorization", "*.cookie", "*.token"], censor: "[redacted]" },
    },
    destination,
  );
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
    const incoming = req.get("x-request-id");
    req.id = incoming !== undefined && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
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

function causeKind(cause: unknown): string | undefined {
  if (typeof cause !== "object" || cause === null) return undefined;
  if ("code" in cause && typeof cause.code === "string") return cause.code;
  return cause instanceof Error ? cause.name : undefined;
}
