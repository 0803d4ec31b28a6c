// Settings every resource service reads, parsed from an environment the service hands in.
// Nothing here reads process.env: each service's own config.ts does, once, and calls these.

/** Where the verifier gets the issuer's public keys. */
export type KeySource =
  | { readonly kind: "file"; readonly path: string }
  | { readonly kind: "inline"; readonly jwks: string }
  | { readonly kind: "remote"; readonly jwksUrl: URL };

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

/** An environment: variable name to value (process.env in a service, a literal in tests). */
export type Env = Readonly<Record<string, string | undefined>>;

/** The settings of every resource service. */
export interface ResourceConfig {
  readonly host: string;
  readonly port: number;
  /** Exact `iss` every token must carry. */
  readonly issuer: string;
  readonly keys: KeySource;
  readonly logLevel: LogLevel;
}

/** The HTTP services' settings: the common ones plus the optional cookie transport. */
export interface HttpResourceConfig extends ResourceConfig {
  /** Cookie name of the optional cookie transport; undefined: off. */
  readonly cookieName: string | undefined;
}

/** What differs between the services' settings. */
export interface ConfigOptions {
  /** The service's own port variable (EXPRESS_PORT, KOA_PORT, GRPC_PORT) and its default. */
  readonly portVariable: string;
  readonly defaultPort: number;
  /**
   * Refuse a HOST that is not a plain host name or IP literal. The gRPC service asks for it:
   * grpc-js would otherwise fail later and less clearly on a scheme, port or space.
   */
  readonly strictHost?: boolean;
}

/**
 * A setting that cannot be used; the message names the variable and never echoes its value.
 *
 * @example
 * new ConfigError("LOG_LEVEL", "must be one of …").message; // "LOG_LEVEL must be one of …"
 */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable} ${reason}`);
    this.name = "ConfigError";
  }
}

const DEFAULT_ISSUER = "http://127.0.0.1:4000";
const LOG_LEVELS: readonly LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
// RFC 6265 §4.1.1 cookie-name = token (RFC 9110 tchar).
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Parses HOST, the service's port variable, TOKEN_ISSUER, ISSUER_URL, JWKS_FILE, JWKS and
 * LOG_LEVEL. An empty value counts as unset.
 *
 * @throws ConfigError for the first invalid setting.
 * @example
 * const config = parseResourceConfig({ GRPC_PORT: "0" }, { portVariable: "GRPC_PORT", defaultPort: 50051 });
 * config.port; // 0
 */
export function parseResourceConfig(env: Env, options: ConfigOptions): ResourceConfig {
  const read = reader(env);
  const host = read("HOST");
  return {
    host: options.strictHost === true ? parseHost(host) : (host ?? "127.0.0.1"),
    port: parsePort(options.portVariable, read(options.portVariable), options.defaultPort),
    issuer: parseIssuer(read("TOKEN_ISSUER") ?? DEFAULT_ISSUER),
    keys: parseKeySource(read),
    logLevel: parseLogLevel(read("LOG_LEVEL")),
  };
}

/**
 * {@link parseResourceConfig} plus TOKEN_COOKIE, the HTTP services' optional cookie transport.
 *
 * @throws ConfigError for the first invalid setting.
 * @example
 * const config = parseHttpResourceConfig({ TOKEN_COOKIE: "access_token" }, { portVariable: "KOA_PORT", defaultPort: 4002 });
 * config.cookieName; // "access_token"
 */
export function parseHttpResourceConfig(env: Env, options: ConfigOptions): HttpResourceConfig {
  const cookieName = reader(env)("TOKEN_COOKIE");
  if (cookieName !== undefined && !COOKIE_NAME.test(cookieName)) {
    throw new ConfigError("TOKEN_COOKIE", "must be a cookie name (letters, digits, !#$%&'*+-.^_`|~)");
  }
  return { ...parseResourceConfig(env, options), cookieName };
}

function reader(env: Env): (name: string) => string | undefined {
  return (name) => {
    // An empty value (e.g. `JWKS_FILE=` in a compose file) means unset.
    const value = env[name];
    return value === undefined || value === "" ? undefined : value;
  };
}

function parseHost(value: string | undefined): string {
  if (value === undefined) return "127.0.0.1";
  if (!/^[\w.:-]+$/.test(value)) throw new ConfigError("HOST", "must be a host name or IP address");
  return value;
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
