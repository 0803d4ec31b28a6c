/**
 * Checks of the options shared by the store and the replica: a caller's mistake is a TypeError
 * at construction, never a surprise at the first revocation.
 */
import type { ConnectionRole, RedisConnection, RedisSource } from "./redis/connection.js";
import type { RevocationLogger } from "./types.js";

/** A bounded integer option, or its default when undefined. */
export function integerOption(value: unknown, name: string, bounds: { min: number; max: number; fallback?: number }): number {
  if (value === undefined && bounds.fallback !== undefined) return bounds.fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < bounds.min || value > bounds.max) {
    throw new TypeError(`${name} must be an integer from ${String(bounds.min)} to ${String(bounds.max)}`);
  }
  return value;
}

/** A boolean option, or its default when undefined. */
export function booleanOption(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new TypeError(`${name} must be a boolean`);
  return value;
}

/** A clock in ms, default Date.now. */
export function clockOption(value: unknown): () => number {
  if (value === undefined) return Date.now;
  if (typeof value !== "function") throw new TypeError("clock must be a function returning milliseconds");
  return value as () => number;
}

/** Exactly one of `url` and `client`. */
export function sourceOption(options: { readonly url?: unknown; readonly client?: unknown }): RedisSource {
  const { url, client } = options;
  if (url !== undefined && client !== undefined) throw new TypeError("give either url or client, not both");
  if (typeof client === "function") return { client: client as (role: ConnectionRole) => RedisConnection };
  if (client !== undefined) throw new TypeError("client must be a function (role) => node-redis client");
  if (typeof url !== "string" || !/^rediss?:\/\//.test(url)) throw new TypeError("url must be a redis:// or rediss:// URL");
  return { url };
}

/** Drops info lines and writes warnings and errors to stderr, one JSON object a line. */
const STDERR_LOGGER: RevocationLogger = {
  info: () => undefined,
  warn: (fields, message) => {
    console.warn(JSON.stringify({ level: "warn", ...fields, msg: message }));
  },
  error: (fields, message) => {
    console.error(JSON.stringify({ level: "error", ...fields, msg: message }));
  },
};

/** A pino-like logger, default warnings and errors to stderr. */
export function loggerOption(value: unknown): RevocationLogger {
  if (value === undefined) return STDERR_LOGGER;
  const candidate = value as Partial<Record<keyof RevocationLogger, unknown>>;
  if (typeof value !== "object" || value === null || typeof candidate.info !== "function" || typeof candidate.warn !== "function" || typeof candidate.error !== "function") {
    throw new TypeError("logger must have info, warn and error methods");
  }
  return value as RevocationLogger;
}

/** The message of an error for a log line, with its cause's (Redis URLs never appear in them). */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  return e.cause instanceof Error ? `${e.message}: ${e.cause.message}` : e.message;
}
