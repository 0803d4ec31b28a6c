import { randomUUID } from "node:crypto";
import { isTokenError } from "@org/token";
import type { Middleware } from "koa";
import pino from "pino";
import type { LogLevel } from "./config.js";
import { isClientError } from "./request-error.js";

export type Logger = pino.Logger;

declare module "koa" {
  interface DefaultState {
    /** Request id: the caller's X-Request-Id when it is sane, else a random UUID. */
    id: string;
    /** Logger bound to this request's id. */
    log: Logger;
  }
}

// A client-chosen id is echoed into logs and headers, so only short plain ids are taken over.
const SANE_REQUEST_ID = /^[\w.:-]{1,64}$/;

/**
 * JSON logger of the service. Nothing here logs headers or bodies; the redaction list is a
 * second line of defence should a credential ever end up in a logged object.
 *
 * @example
 * const logger = createLogger("koa", "info");
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
export function requestLogging(logger: Logger): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get("x-request-id");
    const id = SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
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
 * unexpected errors in full. Mount it inside `authErrors`, right before the routes.
 *
 * @example
 * app.use(authErrors({ realm: "koa" }));
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

function causeKind(cause: unknown): string | undefined {
  if (typeof cause !== "object" || cause === null) return undefined;
  if ("code" in cause && typeof cause.code === "string") return cause.code;
  return cause instanceof Error ? cause.name : undefined;
}
