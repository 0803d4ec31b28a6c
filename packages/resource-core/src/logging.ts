// The JSON logger and the small log helpers both HTTP services and the gRPC service use; the
// per-request and per-call logging stays with each framework.
import { randomUUID } from "node:crypto";
import pino from "pino";
import type { LogLevel } from "./config.js";

export type Logger = pino.Logger;

/** Redacted fields of the HTTP services' logs. */
export const HTTP_REDACT_PATHS: readonly string[] = [
  "authorization",
  "cookie",
  "token",
  "*.authorization",
  "*.cookie",
  "*.token",
];

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Where lines go; default stdout. Tests pass an in-memory sink. */
  readonly destination?: pino.DestinationStream | undefined;
  /** Paths whose values are replaced by "[redacted]"; default {@link HTTP_REDACT_PATHS}. */
  readonly redact?: readonly string[];
}

/**
 * JSON logger of a service, with `service` on every line. Nothing logs headers, metadata or
 * bodies; the redaction list is a second line of defence should a credential ever end up in a
 * logged object.
 *
 * @example
 * const logger = createLogger("express", "info");
 * const memory = createLogger("koa", "debug", { destination: { write: (line: string) => lines.push(line) } });
 */
export function createLogger(service: string, level: LogLevel, options: LoggerOptions = {}): Logger {
  const settings: pino.LoggerOptions = {
    level,
    base: { service },
    redact: { paths: [...(options.redact ?? HTTP_REDACT_PATHS)], censor: "[redacted]" },
  };
  return options.destination === undefined ? pino(settings) : pino(settings, options.destination);
}

// A client-chosen id is echoed into logs and headers, so only short plain ids are taken over.
const SANE_REQUEST_ID = /^[\w.:-]{1,64}$/;

/**
 * The id of a request: the caller's `X-Request-Id` when it is short and plain, else a random UUID.
 *
 * @example
 * requestId("req-1");     // "req-1"
 * requestId("a b");       // a random UUID
 * requestId(undefined);   // a random UUID
 */
export function requestId(incoming: string | undefined): string {
  return incoming !== undefined && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * What may be logged about a TokenError's cause: its `code` or error name, never its message
 * (which may quote token parts).
 *
 * @example
 * logger.info({ code: err.code, cause: causeKind(err.cause) }, "token rejected");
 */
export function causeKind(cause: unknown): string | undefined {
  if (typeof cause !== "object" || cause === null) return undefined;
  if ("code" in cause && typeof cause.code === "string") return cause.code;
  return cause instanceof Error ? cause.name : undefined;
}
