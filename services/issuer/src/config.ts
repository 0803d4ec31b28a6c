// The only module that reads process.env. Everything else receives a parsed, validated Config.
import { fileURLToPath } from "node:url";
import { ConfigError, readSettings, type Env, type LogLevel } from "@org/service-kit";
import { IDENTITY } from "./identity.js";

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
  /** REDIS_URL: revocation on when set. Never logged (it may hold a password). */
  readonly redisUrl: string | undefined;
}

/** The identities file shipped with the service (data/identities.json next to src/ and dist/). */
export const DEFAULT_IDENTITIES_FILE = fileURLToPath(new URL("../data/identities.json", import.meta.url));

function issuer(read: ReturnType<typeof readSettings>): string {
  const { text, url } = read.httpUrl("TOKEN_ISSUER", "http://127.0.0.1:4000");
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "" || text.includes("?") || text.includes("#")) {
    throw new ConfigError("TOKEN_ISSUER", "must not contain credentials, a query or a fragment (RFC 8414 §2)");
  }
  // `iss` is compared byte for byte by every resource service, so the form must be canonical.
  if (text.endsWith("/")) throw new ConfigError("TOKEN_ISSUER", "must not end with a slash");
  return text;
}

/**
 * Parses and validates the issuer's settings from `env` (default: this process's environment).
 * Throws a {@link ConfigError} naming the first bad variable.
 *
 * @example
 * const config = loadConfig({ ISSUER_PORT: "4000", ACCESS_TOKEN_TTL: "300" });
 * config.port; // 4000
 */
export function loadConfig(env: Env = process.env): Config {
  const read = readSettings(env);
  const accessTokenTtl = read.integer("ACCESS_TOKEN_TTL", 300, 1, 86_400);
  const refreshTokenTtl = read.integer("REFRESH_TOKEN_TTL", 86_400, 1, 31_536_000);
  if (refreshTokenTtl <= accessTokenTtl) {
    throw new ConfigError("REFRESH_TOKEN_TTL", "must be greater than ACCESS_TOKEN_TTL");
  }
  return {
    host: read.host(),
    port: read.port(IDENTITY.portVariable, IDENTITY.defaultPort),
    issuer: issuer(read),
    keysFile: read.optional("ISSUER_KEYS_FILE"),
    accessTokenTtl,
    refreshTokenTtl,
    identitiesFile: read.optional("IDENTITIES_FILE") ?? DEFAULT_IDENTITIES_FILE,
    logLevel: read.logLevel(),
    trustProxy: read.integer("TRUST_PROXY", 0, 0, 10),
    redisUrl: read.redisUrl("REDIS_URL"),
  };
}
