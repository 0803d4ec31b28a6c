// The one way every service reads its settings: small typed readers over an environment, each
// naming its variable in the error and never quoting the value. Hand-written rather than a schema
// library: an environment is a flat map of strings, each rule is a few lines, and a generic
// validator's messages tend to quote what was received, which for a secret is a leak.
import { BlockList, isIP } from "node:net";

/**
 * An environment: variable name to value (`process.env` in a service's config.ts, a literal in tests).
 *
 * @example
 * ```ts
 * const env: Env = { ISSUER_PORT: "4000" };
 * ```
 */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * A setting that cannot be used. `message` is `<VARIABLE>: <problem>`, one line, and never
 * contains the value; a service prints it as `<service>: <VARIABLE>: <problem>` and exits 1.
 *
 * @example
 * ```ts
 * new ConfigError("ISSUER_PORT", "must be a whole number from 0 to 65535").message;
 * // "ISSUER_PORT: must be a whole number from 0 to 65535"
 * ```
 */
export class ConfigError extends Error {
  readonly variable: string;
  readonly problem: string;

  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem.replace(/[\r\n]+/g, " ")}`);
    this.name = "ConfigError";
    this.variable = variable;
    this.problem = problem;
  }
}

/**
 * Log levels of every service (pino's).
 *
 * @example
 * ```ts
 * const level: LogLevel = settings.logLevel();
 * ```
 */
export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

/**
 * Every {@link LogLevel}, most severe first.
 *
 * @example
 * ```ts
 * LOG_LEVELS.includes("debug"); // true
 * ```
 */
export const LOG_LEVELS: readonly LogLevel[] = Object.freeze(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

/**
 * The readers of {@link readSettings}. Each throws a {@link ConfigError} naming its variable.
 * An empty value counts as unset (`JWKS_FILE=` in a compose file means "use the default").
 *
 * @example
 * ```ts
 * const read = readSettings(process.env);
 * const port = read.port("EXPRESS_PORT", 4001);
 * ```
 */
export interface Settings {
  /** The raw value, undefined when unset or empty. */
  optional(name: string): string | undefined;
  /** A value that must match `pattern`; undefined when unset. */
  matching(name: string, pattern: RegExp, problem: string): string | undefined;
  /** A TCP port, 0 to 65535 (0: any free port). */
  port(name: string, fallback: number): number;
  /** A whole number in [min, max]. */
  integer(name: string, fallback: number, min: number, max: number): number;
  /** `true` or `false`, exactly. */
  boolean(name: string, fallback: boolean): boolean;
  /** One of the listed words. */
  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T;
  /** An absolute http(s) URL: the text as written (kept verbatim) and its parsed form. */
  httpUrl(name: string, fallback: string): { readonly text: string; readonly url: URL };
  /** A `redis://` or `rediss://` URL; undefined when unset. */
  redisUrl(name: string): string | undefined;
  /** `HOST`: the address to bind, a host name or an IP literal (default 127.0.0.1). */
  host(fallback?: string): string;
  /** `LOG_LEVEL`, default info. */
  logLevel(): LogLevel;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/**
 * True for a loopback host: `localhost`, 127.0.0.0/8, `::1` in any spelling (also IPv4-mapped,
 * `::ffff:127.0.0.1`), with or without a URL's brackets around an IPv6 address. Anything else, the
 * wildcard addresses `0.0.0.0` and `::` included, is not loopback. Node's BlockList does the address
 * arithmetic (it checks an IPv4-mapped IPv6 address against the IPv4 rules).
 *
 * @example
 * ```ts
 * isLoopbackHost("127.0.0.1");                          // true
 * isLoopbackHost(new URL("http://[::1]:4000").hostname); // true
 * isLoopbackHost("issuer");                             // false
 * ```
 */
export function isLoopbackHost(host: string): boolean {
  const inner = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : undefined;
  const bare = inner !== undefined && isIP(inner) === 6 ? inner : host;
  if (bare.toLowerCase() === "localhost") return true;
  const family = isIP(bare);
  return family !== 0 && LOOPBACK.check(bare, family === 6 ? "ipv6" : "ipv4");
}

// A host name or an IPv4/IPv6 literal: anything with spaces, slashes, a scheme or a port is a mistake.
const HOST = /^[\w.:-]{1,253}$/;

/**
 * Readers over an environment; see {@link Settings}.
 *
 * @example
 * ```ts
 * const read = readSettings({ ISSUER_PORT: "4100", LOG_LEVEL: "" });
 * read.port("ISSUER_PORT", 4000); // 4100
 * read.logLevel();                // "info"
 * read.port("KOA_PORT", 4002);    // 4002
 * ```
 */
export function readSettings(env: Env): Settings {
  const optional = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value === "" ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = optional(name);
    if (raw === undefined) return fallback;
    const value = /^\d{1,15}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(value >= min && value <= max)) throw new ConfigError(name, `must be a whole number from ${min} to ${max}`);
    return value;
  };
  const oneOf = <T extends string>(name: string, values: readonly T[], fallback: T): T => {
    const raw = optional(name);
    if (raw === undefined) return fallback;
    const found = values.find((v) => v === raw);
    if (found === undefined) throw new ConfigError(name, `must be one of ${values.join(", ")}`);
    return found;
  };
  return {
    optional,
    matching(name, pattern, problem) {
      const raw = optional(name);
      if (raw !== undefined && !pattern.test(raw)) throw new ConfigError(name, problem);
      return raw;
    },
    port: (name, fallback) => integer(name, fallback, 0, 65_535),
    integer,
    boolean(name, fallback) {
      const raw = optional(name);
      if (raw === undefined) return fallback;
      if (raw !== "true" && raw !== "false") throw new ConfigError(name, 'must be "true" or "false"');
      return raw === "true";
    },
    oneOf,
    httpUrl(name, fallback) {
      const text = optional(name) ?? fallback;
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        throw new ConfigError(name, "must be an absolute http(s) URL");
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") throw new ConfigError(name, "must be an absolute http(s) URL");
      return { text, url };
    },
    redisUrl(name) {
      const text = optional(name);
      if (text === undefined) return undefined;
      let url: URL | undefined;
      try {
        url = new URL(text);
      } catch {
        url = undefined;
      }
      if (url === undefined || (url.protocol !== "redis:" && url.protocol !== "rediss:") || url.hostname === "") {
        throw new ConfigError(name, "must be a redis:// or rediss:// URL");
      }
      return text;
    },
    host(fallback = "127.0.0.1") {
      const value = optional("HOST") ?? fallback;
      if (!HOST.test(value)) throw new ConfigError("HOST", "must be a host name or an IP address");
      return value;
    },
    logLevel: () => oneOf("LOG_LEVEL", LOG_LEVELS, "info"),
  };
}
