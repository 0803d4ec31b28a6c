// pino JSON logs. Request bodies are never logged at all; redaction is the second line of defence for
// anything that might end up in a log object by mistake.
import { pino, type DestinationStream, type Logger } from "pino";
import type { LogLevel } from "./config.js";

const SECRET_FIELDS = ["password", "client_secret", "access_token", "refresh_token", "token", "body", "authorization", "cookie"];

/** Redacted paths: the secret fields at the top level, one and two levels down, and request/response headers. */
export const REDACT_PATHS: readonly string[] = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((f) => `*.${f}`),
  ...SECRET_FIELDS.map((f) => `*.*.${f}`),
  'req.headers["set-cookie"]',
  'res.headers["set-cookie"]',
];

/**
 * The service logger: `{ service: "issuer" }` on every line, secrets censored.
 *
 * @example
 * const logger = createLogger("info");            // stdout
 * const logger = createLogger("debug", stream);   // tests capture the output
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: "issuer" },
    redact: { paths: [...REDACT_PATHS], censor: "[redacted]" },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
