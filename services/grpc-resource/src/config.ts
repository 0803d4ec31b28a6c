// The only reader of process.env: every setting is parsed and validated here, once, at start,
// by the parser all resource services share.
import { parseResourceConfig, type Env, type ResourceConfig } from "@org/resource-core";

export { ConfigError } from "@org/resource-core";
export type { Env, KeySource, LogLevel } from "@org/resource-core";

/** This service's settings. */
export type Config = ResourceConfig;

const DEFAULT_PORT = 50051;

/**
 * Parses the service's settings from an environment. HOST is checked strictly here (a host name
 * or IP literal): grpc-js would otherwise fail later, less clearly.
 *
 * @throws ConfigError for the first invalid setting.
 * @example
 * ```ts
 * const config = parseConfig({ GRPC_PORT: "50051", JWKS_FILE: "./jwks.json" });
 * config.keys; // { kind: "file", path: "./jwks.json" }
 * ```
 */
export function parseConfig(env: Env): Config {
  return parseResourceConfig(env, { portVariable: "GRPC_PORT", defaultPort: DEFAULT_PORT, strictHost: true });
}

/**
 * Reads this process's environment.
 *
 * @throws ConfigError for the first invalid setting.
 * @example
 * ```ts
 * const config = loadConfig();
 * ```
 */
export function loadConfig(): Config {
  return parseConfig(process.env);
}
