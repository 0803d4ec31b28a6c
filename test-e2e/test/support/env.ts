// The one module that reads the environment: which topology the scenarios run against, and the
// environment the local topology's processes inherit.

/** Where the scenarios find the four services, and the `iss` they must see. */
export interface Target {
  /** Where the issuer is reached, e.g. `http://127.0.0.1:4000`. */
  readonly issuerUrl: string;
  /** The issuer identifier: the `iss` of its tokens and the `issuer` of its RFC 8414 metadata. */
  readonly issuer: string;
  readonly express: string;
  readonly koa: string;
  /** `host:port` of the gRPC service (plaintext h2c). */
  readonly grpc: string;
}

/** Local: the scenarios start what they need. Urls: a running topology (compose) was given. */
export type Mode = { readonly kind: "local" } | { readonly kind: "urls"; readonly target: Target };

/** The variables that select the URL mode; all four or none. */
export const URL_VARIABLES = ["ISSUER_URL", "EXPRESS_URL", "KOA_URL", "GRPC_ADDR"] as const;

type Env = Readonly<Record<string, string | undefined>>;

function set(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === "" ? undefined : value;
}

function httpBase(name: string, value: string): string {
  if (!URL.canParse(value)) throw new Error(`test-e2e: ${name} must be an absolute http(s) URL`);
  const url = new URL(value);
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.search !== "" || url.hash !== "" || url.username !== "") {
    throw new Error(`test-e2e: ${name} must be an http(s) URL without credentials, query or fragment`);
  }
  return value.replace(/\/+$/, "");
}

function grpcAddress(value: string): string {
  // host:port or [v6]:port, the form grpc-js takes for a plaintext channel.
  if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(value)) {
    throw new Error("test-e2e: GRPC_ADDR must be host:port (for example 127.0.0.1:50051)");
  }
  return value;
}

/**
 * The mode `env` selects. Throws an Error naming what is missing when only some of the URL
 * variables are set, or when one of them is not usable.
 *
 * @example
 * ```ts
 * modeFrom({}); // { kind: "local" }
 * modeFrom({ ISSUER_URL: "http://127.0.0.1:4000", EXPRESS_URL: "…", KOA_URL: "…", GRPC_ADDR: "127.0.0.1:50051" });
 * ```
 */
export function modeFrom(env: Env): Mode {
  const given = URL_VARIABLES.filter((name) => set(env, name) !== undefined);
  const tokenIssuer = set(env, "TOKEN_ISSUER");
  if (given.length === 0) {
    if (tokenIssuer !== undefined) {
      throw new Error(`test-e2e: TOKEN_ISSUER is set but ${URL_VARIABLES.join(", ")} are not: it only applies to a topology given by URLs`);
    }
    return { kind: "local" };
  }
  const missing = URL_VARIABLES.filter((name) => !given.includes(name));
  if (missing.length > 0) {
    throw new Error(
      `test-e2e: ${given.join(", ")} ${given.length === 1 ? "is" : "are"} set but ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not: ` +
        `set all of ${URL_VARIABLES.join(", ")} to run against a running topology, or none to start one locally`,
    );
  }
  const read = (name: (typeof URL_VARIABLES)[number]): string => set(env, name) ?? "";
  const issuerUrl = httpBase("ISSUER_URL", read("ISSUER_URL"));
  return {
    kind: "urls",
    target: {
      issuerUrl,
      issuer: tokenIssuer === undefined ? issuerUrl : httpBase("TOKEN_ISSUER", tokenIssuer),
      express: httpBase("EXPRESS_URL", read("EXPRESS_URL")),
      koa: httpBase("KOA_URL", read("KOA_URL")),
      grpc: grpcAddress(read("GRPC_ADDR")),
    },
  };
}

let current: Mode | undefined;

/**
 * The mode of this run, from `process.env` (read once).
 *
 * @example
 * ```ts
 * it.skipIf(mode().kind === "urls")("…", async () => {});
 * ```
 */
export function mode(): Mode {
  current ??= modeFrom(process.env);
  return current;
}

/** True when the topology was given by URLs: scenarios that need process control are skipped. */
export function againstUrls(): boolean {
  return mode().kind === "urls";
}

// Contract settings a caller's shell could carry into a local topology; the scenarios set their own.
const CONTRACT_SETTINGS = [
  "HOST",
  "ISSUER_URL",
  "TOKEN_ISSUER",
  "ISSUER_KEYS_FILE",
  "IDENTITIES_FILE",
  "ACCESS_TOKEN_TTL",
  "REFRESH_TOKEN_TTL",
  "JWKS",
  "JWKS_FILE",
  "JWKS_REFRESH_SECONDS",
  "REDIS_URL",
  "REVOCATION_MAX_STALENESS",
  "REVOCATION_FAIL_OPEN",
  "REQUIRE_DPOP",
  "TOKEN_COOKIE",
  "CORS_ORIGINS",
  "MAX_TOKEN_LIFETIME",
  "TRUST_PROXY",
];

/**
 * This process's environment without the contract's settings, plus `extra`: what the processes
 * of a local topology start with (PATH and the like pass through).
 *
 * @example
 * ```ts
 * startTopology({ ports: "free", stdout: null, env: childEnv({ ACCESS_TOKEN_TTL: "5" }) });
 * ```
 */
export function childEnv(extra: Readonly<Record<string, string>>): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of CONTRACT_SETTINGS) env[name] = undefined;
  return { ...env, ...extra };
}
