// The only reader of process.env: every setting is parsed and validated here, once, at start,
// by the parser all resource services share.
import { parseHttpResourceConfig, type Env, type HttpResourceConfig } from "@org/resource-core";
import { DEFAULT_PORT, PORT_VARIABLE } from "./service.js";

export { ConfigError } from "@org/resource-core";
export type { KeySource, LogLevel } from "@org/resource-core";

/** This service's settings. */
export type Config = HttpResourceConfig;

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
  return parseHttpResourceConfig(env, { portVariable: PORT_VARIABLE, defaultPort: DEFAULT_PORT });
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
