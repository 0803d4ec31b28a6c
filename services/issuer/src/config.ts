// The only module that reads process.env. Everything else receives a parsed, validated Config.
import { fileURLToPath } from "node:url";

/** Validated issuer settings. */
export interface Config {
  readonly host: string;
  readonly port: number;
  /** `iss` of every token; no trailing slash. Endpoint URLs in the metadata are built from it. */
  readonly issuer: string;
  readonly keysFile: string | undefined;
  readonly accessTokenTtl: number;
  readonly refreshTokenTtl: number;
  readonly identitiesFile: string;
  readonly logLevel: LogLevel;
  /** Express `trust proxy` hop count; 0 = off (the socket address is the client address). */
  readonly trustProxy: number;
}

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
const LOG_LEVELS: readonly LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/**
 * A setting that cannot be used; `message` is one line that starts with the variable's name.
 *
 * @example
 * new ConfigError("ISSUER_PORT", "must be a whole number from 0 to 65535").message;
 * // "ISSUER_PORT: must be a whole number from 0 to 65535"
 */
export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = "ConfigError";
    this.variable = variable;
  }
}

/** The identities file shipped with the service (data/identities.json next to src/ and dist/). */
export const DEFAULT_IDENTITIES_FILE = fileURLToPath(new URL("../data/identities.json", import.meta.url));

type Env = Readonly<Record<string, string | undefined>>;

/** Unset and empty are the same: an empty value in a compose file means "use the default". */
function get(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === "" ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = get(env, name);
  if (raw === undefined) return fallback;
  if (!/^[0-9]{1,10}$/.test(raw)) throw new ConfigError(name, `must be a whole number from ${min} to ${max}`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be a whole number from ${min} to ${max}`);
  return value;
}

function host(env: Env): string {
  const value = get(env, "HOST") ?? "127.0.0.1";
  // A hostname or an IPv4/IPv6 literal; anything with spaces, slashes or ports is a mistake.
  if (!/^[A-Za-z0-9.:-]{1,253}$/.test(value)) throw new ConfigError("HOST", "must be a hostname or an IP address");
  return value;
}

function issuer(env: Env): string {
  const raw = get(env, "TOKEN_ISSUER") ?? "http://127.0.0.1:4000";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError("TOKEN_ISSUER", "must be an absolute http(s) URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError("TOKEN_ISSUER", "must be an absolute http(s) URL");
  }
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "" || raw.includes("?") || raw.includes("#")) {
    throw new ConfigError("TOKEN_ISSUER", "must not contain credentials, a query or a fragment (RFC 8414 §2)");
  }
  // `iss` is compared byte for byte by every resource service, so the form must be canonical.
  if (raw.endsWith("/")) throw new ConfigError("TOKEN_ISSUER", "must not end with a slash");
  return raw;
}

function logLevel(env: Env): LogLevel {
  const raw = get(env, "LOG_LEVEL") ?? "info";
  const level = LOG_LEVELS.find((l) => l === raw);
  if (level === undefined) throw new ConfigError("LOG_LEVEL", `must be one of ${LOG_LEVELS.join(", ")}`);
  return level;
}

function redis(env: Env): void {
  // Revocation (Redis epochs) is not part of this build. Starting anyway would let an operator believe
  // that /revoke and /logout work, so a set REDIS_URL is refused rather than ignored (fail closed).
  if (get(env, "REDIS_URL") !== undefined) {
    throw new ConfigError("REDIS_URL", "revocation is not available in this build of the issuer; unset REDIS_URL");
  }
}

/**
 * Parses and validates the issuer's settings. Throws a {@link ConfigError} naming the first bad variable.
 *
 * @example
 * const config = parseConfig({ ISSUER_PORT: "4000", ACCESS_TOKEN_TTL: "300" });
 * config.port; // 4000
 */
export function parseConfig(env: Env): Config {
  const accessTokenTtl = integer(env, "ACCESS_TOKEN_TTL", 300, 1, 86_400);
  const refreshTokenTtl = integer(env, "REFRESH_TOKEN_TTL", 86_400, 1, 31_536_000);
  if (refreshTokenTtl <= accessTokenTtl) {
    throw new ConfigError("REFRESH_TOKEN_TTL", "must be greater than ACCESS_TOKEN_TTL");
  }
  redis(env);
  return {
    host: host(env),
    port: integer(env, "ISSUER_PORT", 4000, 0, 65_535),
    issuer: issuer(env),
    keysFile: get(env, "ISSUER_KEYS_FILE"),
    accessTokenTtl,
    refreshTokenTtl,
    identitiesFile: get(env, "IDENTITIES_FILE") ?? DEFAULT_IDENTITIES_FILE,
    logLevel: logLevel(env),
    trustProxy: integer(env, "TRUST_PROXY", 0, 0, 10),
  };
}

/**
 * Reads the process environment; on a bad value prints one line naming the variable and exits with 1.
 *
 * @example
 * const config = loadConfig(); // in main.ts only
 */
export function loadConfig(): Config {
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) exitWithLine(error.message);
    throw error;
  }
}

/**
 * The single way startup failures leave the process: one line on stderr, exit code 1.
 *
 * @example
 * exitWithLine("IDENTITIES_FILE: not valid JSON");
 */
export function exitWithLine(line: string): never {
  process.stderr.write(`${line.replace(/[\r\n]+/g, " ")}\n`);
  process.exit(1);
}
