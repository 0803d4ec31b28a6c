// The one CORS policy of the HTTP services, for browser applications that send the Authorization
// header: off unless CORS_ORIGINS lists origins; exact origins only; no credentials (the optional
// cookie transport's CSRF defence relies on cross-site scripts never getting its header allowed).
import { ConfigError } from "./settings.js";

/**
 * What the CORS middleware of each framework is given (the well-kept `cors` and `@koa/cors`).
 *
 * @example
 * ```ts
 * const policy = corsPolicy(["https://app.example"]);
 * app.use(cors({ origin: (o, done) => done(null, policy.allows(o)), ...policy.headers }));
 * ```
 */
export interface CorsPolicy {
  /** True for an origin on the list. */
  allows(origin: string | undefined): boolean;
  readonly methods: readonly string[];
  /** Request headers a browser may send: never a cookie transport's CSRF header. */
  readonly allowedHeaders: readonly string[];
  /** Response headers a script may read. */
  readonly exposedHeaders: readonly string[];
  /** Seconds a browser may cache a preflight answer. */
  readonly maxAge: number;
}

/**
 * The policy for a list of exact origins.
 *
 * @example
 * ```ts
 * corsPolicy(["https://app.example"]).allows("https://app.example"); // true
 * ```
 */
export function corsPolicy(origins: readonly string[]): CorsPolicy {
  const allowed = new Set(origins);
  return {
    allows: (origin) => origin !== undefined && allowed.has(origin),
    methods: ["GET", "HEAD", "POST"],
    allowedHeaders: ["Authorization", "Content-Type", "DPoP", "X-Request-Id"],
    exposedHeaders: ["WWW-Authenticate", "Token-Expires-In", "Retry-After", "X-Request-Id", "DPoP-Nonce"],
    maxAge: 600,
  };
}

/** The options the `cors` package (Express) takes for a {@link CorsPolicy}, in its own names. */
export interface CorsPackageOptions {
  origin(origin: string | undefined, done: (error: Error | null, allow?: boolean) => void): void;
  readonly methods: string[];
  readonly allowedHeaders: string[];
  readonly exposedHeaders: string[];
  readonly maxAge: number;
}

/**
 * The `cors` package's options for a list of exact origins (Express services: the issuer and
 * express-resource); the package itself stays the service's dependency.
 *
 * @example
 * ```ts
 * app.use(cors(corsPackageOptions(["https://app.example"])));
 * ```
 */
export function corsPackageOptions(origins: readonly string[]): CorsPackageOptions {
  const policy = corsPolicy(origins);
  return {
    origin: (origin, done) => {
      done(null, policy.allows(origin));
    },
    methods: [...policy.methods],
    allowedHeaders: [...policy.allowedHeaders],
    exposedHeaders: [...policy.exposedHeaders],
    maxAge: policy.maxAge,
  };
}

/**
 * Parses CORS_ORIGINS: comma-separated exact origins (`scheme://host[:port]`, no path), or unset
 * (CORS off). `*` is refused: an allowlist is the safe default.
 *
 * @throws ConfigError naming the variable.
 * @example
 * ```ts
 * parseOrigins("https://app.example, http://localhost:5173"); // ["https://app.example", "http://localhost:5173"]
 * ```
 */
export function parseOrigins(variable: string, value: string | undefined): readonly string[] | undefined {
  if (value === undefined) return undefined;
  const origins = value.split(",").map((o) => o.trim()).filter((o) => o !== "");
  if (origins.length === 0) return undefined;
  for (const origin of origins) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:") || url.origin !== origin) {
      throw new ConfigError(variable, "must list exact origins (scheme://host[:port], no path, no *), separated by commas");
    }
  }
  return Object.freeze(origins);
}
