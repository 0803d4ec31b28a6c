// The settings every resource service reads, parsed from an environment the service hands in.
// Nothing here reads process.env: each service's own config.ts does, once, and calls this.
import { ConfigError, isLoopbackHost, parseOrigins, readSettings, type Env, type LogLevel } from "@org/service-kit";
import { DpopPolicy } from "@org/token";
import type { ResourceIdentity } from "./identity.js";

/** Where the verifier gets the issuer's public keys. */
export type KeySource =
  | { readonly kind: "file"; readonly path: string }
  | { readonly kind: "inline"; readonly jwks: string }
  | { readonly kind: "remote"; readonly jwksUrl: URL; readonly refreshSeconds: number };

/**
 * Default JWKS_REFRESH_SECONDS: how old the issuer's JWKS may get before the next request refreshes
 * it in the background (jose's cacheMaxAge default). Rotation publishes a key ahead of use, so a
 * refresh picks it up before it signs; an unknown kid also refetches at once (then 30 s apart at most).
 */
export const DEFAULT_JWKS_REFRESH_SECONDS = 600;

/** The settings of a resource service. */
export interface ResourceConfig {
  readonly host: string;
  readonly port: number;
  /** Exact `iss` every token must carry. */
  readonly issuer: string;
  readonly keys: KeySource;
  readonly logLevel: LogLevel;
  /** Cookie name of the optional cookie transport (HTTP services only); undefined: off. */
  readonly cookieName: string | undefined;
  /** Seconds: tokens whose `exp - iat` is longer are refused (MAX_TOKEN_LIFETIME). */
  readonly maxTokenLifetime: number;
  /** Revocation over Redis (REDIS_URL set); undefined: off. */
  readonly revocation: RevocationSettings | undefined;
  /** CORS_ORIGINS (HTTP services): origins browser scripts may call from; undefined: CORS off. */
  readonly corsOrigins: readonly string[] | undefined;
  /**
   * METRICS_PORT (the gRPC service): the HTTP port of /metrics, /healthz and /readyz beside the gRPC
   * port; the HTTP services serve them on their own port (undefined).
   */
  readonly metricsPort: number | undefined;
  /** DPoP-bound tokens (RFC 9449): always taken; REQUIRE_DPOP and PUBLIC_BASE_URL. */
  readonly dpop: DpopSettings;
}

/** The DPoP settings of a resource service. */
export interface DpopSettings {
  /** REQUIRE_DPOP: only DPoP-bound tokens with a valid proof are accepted (contract). */
  readonly required: boolean;
  /**
   * PUBLIC_BASE_URL: the service's externally visible base URL, which DPoP proofs name (`htu`).
   * Behind a proxy the URL the client signs differs from the one the service sees. Undefined:
   * the URL each request was received on (HTTP: its scheme and Host; gRPC: http and `:authority`).
   */
  readonly publicBaseUrl: string | undefined;
}

/** Default METRICS_PORT of the gRPC service (the usual Prometheus exporter port). */
export const DEFAULT_METRICS_PORT = 9464;

/** The revocation settings of a resource service. */
export interface RevocationSettings {
  /** REDIS_URL: never logged (it may hold a password). */
  readonly redisUrl: string;
  /** REVOCATION_MAX_STALENESS, in milliseconds. */
  readonly maxStalenessMs: number;
  /** REVOCATION_FAIL_OPEN. */
  readonly failOpen: boolean;
}

/** Default REVOCATION_MAX_STALENESS, in seconds (the contract's). */
export const DEFAULT_MAX_STALENESS_SECONDS = 30;

/**
 * Default MAX_TOKEN_LIFETIME, in seconds: twelve times the issuer's default access-token lifetime
 * (300 s), so a normal token always passes while one minted to live for days does not.
 */
export const DEFAULT_MAX_TOKEN_LIFETIME = 3600;

const DEFAULT_ISSUER = "http://127.0.0.1:4000";
// RFC 6265 §4.1.1 cookie-name = token (RFC 9110 tchar).
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Parses HOST, the service's port variable, TOKEN_ISSUER, ISSUER_URL, JWKS_FILE, JWKS, LOG_LEVEL,
 * MAX_TOKEN_LIFETIME, the revocation settings, REQUIRE_DPOP, PUBLIC_BASE_URL and, for HTTP
 * services, TOKEN_COOKIE. An empty value counts as unset.
 *
 * @throws ConfigError for the first invalid setting, naming it.
 * @example
 * ```ts
 * const config = parseResourceConfig({ KOA_PORT: "0", TOKEN_COOKIE: "access_token" }, IDENTITY);
 * config.port; // 0
 * config.cookieName; // "access_token"
 * ```
 */
export function parseResourceConfig(env: Env, identity: ResourceIdentity): ResourceConfig {
  const read = readSettings(env);
  const cookieName =
    identity.transport === "http"
      ? read.matching("TOKEN_COOKIE", COOKIE_NAME, "must be a cookie name (letters, digits, !#$%&'*+-.^_`|~)")
      : undefined;
  return {
    host: read.host(),
    port: read.port(identity.portVariable, identity.defaultPort),
    // Tokens are matched against the issuer exactly as written, not as the URL parser normalises it.
    issuer: read.httpUrl("TOKEN_ISSUER", DEFAULT_ISSUER).text,
    keys: keySource(read),
    logLevel: read.logLevel(),
    cookieName,
    maxTokenLifetime: read.integer("MAX_TOKEN_LIFETIME", DEFAULT_MAX_TOKEN_LIFETIME, 1, 31_536_000),
    revocation: revocationSettings(read),
    corsOrigins: identity.transport === "http" ? parseOrigins("CORS_ORIGINS", read.optional("CORS_ORIGINS")) : undefined,
    metricsPort: identity.transport === "grpc" ? read.port("METRICS_PORT", DEFAULT_METRICS_PORT) : undefined,
    dpop: dpopSettings(read),
  };
}

function dpopSettings(read: ReturnType<typeof readSettings>): DpopSettings {
  const required = read.boolean("REQUIRE_DPOP", false);
  const base = read.optional("PUBLIC_BASE_URL");
  if (base === undefined) return { required, publicBaseUrl: undefined };
  try {
    // The policy's own check, so what starts is what it accepts; kept in its normal form.
    return { required, publicBaseUrl: new DpopPolicy({ publicBaseUrl: base }).publicBaseUrl };
  } catch {
    throw new ConfigError("PUBLIC_BASE_URL", "must be an absolute http(s) URL without credentials, query or fragment");
  }
}

function revocationSettings(read: ReturnType<typeof readSettings>): RevocationSettings | undefined {
  const redisUrl = read.redisUrl("REDIS_URL");
  const maxStalenessMs = read.integer("REVOCATION_MAX_STALENESS", DEFAULT_MAX_STALENESS_SECONDS, 1, 86_400) * 1000;
  const failOpen = read.boolean("REVOCATION_FAIL_OPEN", false);
  return redisUrl === undefined ? undefined : { redisUrl, maxStalenessMs, failOpen };
}

function keySource(read: ReturnType<typeof readSettings>): KeySource {
  const file = read.optional("JWKS_FILE");
  const inline = read.optional("JWKS");
  if (file !== undefined && inline !== undefined) {
    throw new ConfigError("JWKS", "cannot be set together with JWKS_FILE; set only one");
  }
  if (file !== undefined) return { kind: "file", path: file };
  if (inline !== undefined) return { kind: "inline", jwks: inline };
  const { url } = read.httpUrl("ISSUER_URL", DEFAULT_ISSUER);
  // The signing keys come from there: over plain http, anyone on the path could hand us theirs.
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname) && !read.boolean("ALLOW_INSECURE_ISSUER_URL", false)) {
    throw new ConfigError(
      "ISSUER_URL",
      "plain http to a host that is not loopback lets anyone on the path replace the signing keys; use https, or set ALLOW_INSECURE_ISSUER_URL=true",
    );
  }
  // Relative to the base so an ISSUER_URL with a path prefix keeps it.
  const base = url.href.endsWith("/") ? url : new URL(`${url.href}/`);
  const refreshSeconds = read.integer("JWKS_REFRESH_SECONDS", DEFAULT_JWKS_REFRESH_SECONDS, 1, 86_400);
  return { kind: "remote", jwksUrl: new URL(".well-known/jwks.json", base), refreshSeconds };
}
