// The JSON logger of every service, with one redaction list, and the small helpers request logs use.
import { randomUUID } from "node:crypto";
import { pino, type DestinationStream, type Logger } from "pino";
import type { LogLevel } from "./settings.js";

export type { Logger } from "pino";

// Nothing logs headers, metadata or bodies; redaction is the second line of defence should a
// credential ever end up in a logged object.
const SECRET_FIELDS = [
  "password",
  "client_secret",
  "secret",
  "access_token",
  "refresh_token",
  "token",
  "body",
  "authorization",
  "cookie",
  "metadata",
  "dpop",
];

/**
 * Redacted paths of every service's logs: the secret fields at the top level, one and two levels
 * down, and `set-cookie` headers.
 *
 * @example
 * ```ts
 * REDACT_PATHS.includes("*.authorization"); // true
 * ```
 */
export const REDACT_PATHS: readonly string[] = Object.freeze([
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((f) => `*.${f}`),
  ...SECRET_FIELDS.map((f) => `*.*.${f}`),
  'req.headers["set-cookie"]',
  'res.headers["set-cookie"]',
]);

/**
 * Options of {@link createLogger}.
 *
 * @example
 * ```ts
 * const options: LoggerOptions = { service: "issuer", level: "info" };
 * ```
 */
export interface LoggerOptions {
  /** The `service` field of every line, e.g. "express-resource". */
  readonly service: string;
  readonly level: LogLevel;
  /** Where lines go; default stdout. Tests pass an in-memory sink. */
  readonly destination?: DestinationStream | undefined;
}

/**
 * The JSON logger of a service: `service` on every line, {@link REDACT_PATHS} censored, written
 * synchronously to stdout unless `destination` says otherwise.
 *
 * @example
 * ```ts
 * const logger = createLogger({ service: "koa-resource", level: "info" });
 * const memory = createLogger({ service: "issuer", level: "debug", destination: { write: (line: string) => lines.push(line) } });
 * ```
 */
export function createLogger(options: LoggerOptions): Logger {
  const settings = {
    level: options.level,
    base: { service: options.service },
    redact: { paths: [...REDACT_PATHS], censor: "[redacted]" },
  };
  // stdout written synchronously: lines keep their order up to the last one before exit (pino's
  // asynchronous default writes through libuv's thread pool, and its flush at exit can overtake a
  // write still in flight), a crash loses no line, and no log write waits on the pool behind scrypt.
  return pino(settings, options.destination ?? pino.destination({ dest: 1, sync: true }));
}

// A client-chosen id is echoed into logs and headers, so only short plain ids are taken over.
const SANE_REQUEST_ID = /^[\w.:-]{1,64}$/;

/**
 * The id of a request: the caller's `X-Request-Id` when it is short and plain, else a random UUID.
 *
 * @example
 * ```ts
 * requestId("req-1");     // "req-1"
 * requestId("a b");       // a random UUID
 * requestId(undefined);   // a random UUID
 * ```
 */
export function requestId(incoming: string | undefined): string {
  return incoming !== undefined && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * What may be logged about an error's cause: its `code` or error name, never its message (which
 * may quote token parts).
 *
 * @example
 * ```ts
 * logger.info({ code: err.code, cause: causeKind(err.cause) }, "token rejected");
 * ```
 */
export function causeKind(cause: unknown): string | undefined {
  if (typeof cause !== "object" || cause === null) return undefined;
  if ("code" in cause && typeof cause.code === "string") return cause.code;
  return cause instanceof Error ? cause.name : undefined;
}
