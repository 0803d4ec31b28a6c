// The only module that reads process.env. Everything else receives a parsed, validated Config.
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { ConfigError, isLoopbackHost, readSettings, type Env, type LogLevel } from "@org/service-kit";
import { IDENTITY } from "./identity.js";

/**
 * Bounds on login work; see README "Login capacity".
 *
 * @example
 * loadConfig({ LOGIN_CONCURRENCY: "2" }).login.concurrency; // 2
 */
export interface LoginSettings {
  /** LOGIN_CONCURRENCY: scrypt comparisons running at once, process-wide. */
  readonly concurrency: number;
  /** LOGIN_QUEUE: comparisons waiting for a turn; beyond, 503. */
  readonly queue: number;
  /** MAX_INFLIGHT_PER_ADDRESS: /token requests one address may have in flight; beyond, 429. */
  readonly maxInflightPerAddress: number;
}

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
  readonly login: LoginSettings;
  /** ALLOW_DEMO_IDENTITIES: start with the published demo identities on an address that is not loopback. */
  readonly allowDemoIdentities: boolean;
}

/** The identities file shipped with the service (data/identities.json next to src/ and dist/). */
export const DEFAULT_IDENTITIES_FILE = fileURLToPath(new URL("../data/identities.json", import.meta.url));

/** Reads TOKEN_ISSUER (and ALLOW_INSECURE_ISSUER_URL, which only matters for it). */
function issuer(read: ReturnType<typeof readSettings>): string {
  const { text, url } = read.httpUrl("TOKEN_ISSUER", "http://127.0.0.1:4000");
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "" || text.includes("?") || text.includes("#")) {
    throw new ConfigError("TOKEN_ISSUER", "must not contain credentials, a query or a fragment (RFC 8414 §2)");
  }
  // `iss` is compared byte for byte by every resource service, so the form must be canonical.
  if (text.endsWith("/")) throw new ConfigError("TOKEN_ISSUER", "must not end with a slash");
  // Resource services fetch the JWKS from this URL: over plain http beyond this machine, whoever is on the
  // path can answer with their own keys. A private network (compose) may accept that, explicitly.
  const allowInsecure = read.boolean("ALLOW_INSECURE_ISSUER_URL", false);
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname) && !allowInsecure) {
    throw new ConfigError(
      "TOKEN_ISSUER",
      "plain http to a host that is not loopback lets anyone on the path replace the signing keys; use https, or set ALLOW_INSECURE_ISSUER_URL=true",
    );
  }
  return text;
}

/** libuv's default thread pool (UV_THREADPOOL_SIZE unset), where scrypt runs. */
const LIBUV_POOL = 4;

/**
 * Login bounds for a machine with `cores` cores, chosen with bench/flood.ts (README "Login capacity"):
 * one scrypt run per core (scrypt is CPU-bound: more at once only slow each other down; beyond the pool
 * size they would wait inside libuv, where nothing can refuse them, and token signing, which jose runs
 * through WebCrypto on the same pool, would wait behind them), a queue of four runs per slot (a
 * full queue drains in about five scrypt times), and two requests in flight per address (one address
 * holds at most a fifth of the capacity on two cores).
 *
 * @example
 * defaultLogin(2); // { concurrency: 2, queue: 8, maxInflightPerAddress: 2 }
 */
export function defaultLogin(cores: number = availableParallelism()): LoginSettings {
  const concurrency = Math.min(Math.max(1, Math.floor(cores)), LIBUV_POOL);
  return { concurrency, queue: 4 * concurrency, maxInflightPerAddress: 2 };
}

function login(read: ReturnType<typeof readSettings>): LoginSettings {
  const fallback = defaultLogin();
  const concurrency = read.integer("LOGIN_CONCURRENCY", fallback.concurrency, 1, 256);
  const queue = read.integer("LOGIN_QUEUE", fallback.queue, 0, 10_000);
  const maxInflightPerAddress = read.integer("MAX_INFLIGHT_PER_ADDRESS", fallback.maxInflightPerAddress, 1, 10_000);
  // Otherwise one address alone could hold every running and waiting slot, and everybody else gets 503.
  if (maxInflightPerAddress >= concurrency + queue) {
    throw new ConfigError("MAX_INFLIGHT_PER_ADDRESS", "must be less than LOGIN_CONCURRENCY + LOGIN_QUEUE, or one address could take the whole login capacity");
  }
  return { concurrency, queue, maxInflightPerAddress };
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
    login: login(read),
    allowDemoIdentities: read.boolean("ALLOW_DEMO_IDENTITIES", false),
  };
}
