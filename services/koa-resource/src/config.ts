// The only reader of process.env: every setting is parsed and validated here, once, at start.
import { DEFAULT_PORT, PORT_VARIABLE } from "./service.js";

/** Where the verifier gets the issuer's public keys. */
export type KeySource =
  | { readonly kind: "file"; readonly path: string }
  | { readonly kind: "inline"; readonly jwks: string }
  | { readonly kind: "remote"; readonly jwksUrl: URL };

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

export interface Config {
  readonly host: string;
  readonly port: number;
  /** Exact `iss` every token must carry. */
  readonly issuer: string;
  readonly keys: KeySource;
  readonly logLevel: LogLevel;
  /** Cookie name of the optional cookie transport; undefined: off. */
  readonly cookieName: string | undefined;
}

/** A setting that cannot be used; the message names the variable and never echoes its value. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable} ${reason}`);
    this.name = "ConfigError";
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const DEFAULT_ISSUER = "http://127.0.0.1:4000";
const LOG_LEVELS: readonly LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
// RFC 6265 §4.1.1 cookie-name = token (RFC 9110 tchar).
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Parses the service's settings from an environment; the port comes from this service's own
 * variable (`PORT_VARIABLE` in service.ts: EXPRESS_PORT or KOA_PORT).
 *
 * @throws ConfigError for the first invalid setting.
 * @example
 * const config = parseConfig({ TOKEN_COOKIE: "access_token" });
 * config.cookieName; // "access_token"
 */
export function parseConfig(env: Env): Config {
  const read = (name: string): string | undefined => {
    // An empty value (e.g. `JWKS_FILE=` in a compose file) means unset.
    const value = env[name];
    return value === undefined || value === "" ? undefined : value;
  };
  const cookieName = read("TOKEN_COOKIE");
  if (cookieName !== undefined && !COOKIE_NAME.test(cookieName)) {
    throw new ConfigError("TOKEN_COOKIE", "must be a cookie name (letters, digits, !#$%&'*+-.^_`|~)");
  }
  return {
    host: read("HOST") ?? "127.0.0.1",
    port: parsePort(PORT_VARIABLE, read(PORT_VARIABLE), DEFAULT_PORT),
    issuer: parseIssuer(read("TOKEN_ISSUER") ?? DEFAULT_ISSUER),
    keys: parseKeySource(read),
    logLevel: parseLogLevel(read("LOG_LEVEL")),
    cookieName,
  };
}

/**
 * Reads this process's environment.
 *
 * @throws ConfigError for the first invalid setting.
 * @example
 * const config = loadConfig();
 */
export function loadConfig(): Config {
  return parseConfig(process.env);
}

function parsePort(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) throw new ConfigError(name, "must be an integer from 0 to 65535");
  return port;
}

function parseHttpUrl(name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, "must be an absolute http(s) URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(name, "must be an absolute http(s) URL");
  }
  return url;
}

function parseIssuer(value: string): string {
  parseHttpUrl("TOKEN_ISSUER", value);
  // Tokens are matched against the issuer exactly as written, not as the URL parser normalises it.
  return value;
}

function parseKeySource(read: (name: string) => string | undefined): KeySource {
  const file = read("JWKS_FILE");
  const inline = read("JWKS");
  if (file !== undefined && inline !== undefined) {
    throw new ConfigError("JWKS", "and JWKS_FILE are both set; set only one");
  }
  if (file !== undefined) return { kind: "file", path: file };
  if (inline !== undefined) return { kind: "inline", jwks: inline };
  const url = parseHttpUrl("ISSUER_URL", read("ISSUER_URL") ?? DEFAULT_ISSUER);
  // Relative to the base so an ISSUER_URL with a path prefix keeps it.
  const base = url.href.endsWith("/") ? url : new URL(`${url.href}/`);
  return { kind: "remote", jwksUrl: new URL(".well-known/jwks.json", base) };
}

function parseLogLevel(value: string | undefined): LogLevel {
  if (value === undefined) return "info";
  const level = LOG_LEVELS.find((l) => l === value);
  if (level === undefined) throw new ConfigError("LOG_LEVEL", `must be one of ${LOG_LEVELS.join(", ")}`);
  return level;
}
