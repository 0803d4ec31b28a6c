// The only reader of process.env: every setting is parsed and validated here, once, at start,
// by the parser all resource services share.
import { parseResourceConfig, type ResourceConfig } from "@org/resource-core";
import type { Env } from "@org/service-kit";
import { IDENTITY } from "./identity.js";

/**
 * This service's settings, from `env` (default: this process's environment).
 *
 * @throws ConfigError for the first invalid setting, naming it.
 * @example
 * ```ts
 * loadConfig({ TOKEN_COOKIE: "access_token" }).cookieName; // "access_token"
 * ```
 */
export function loadConfig(env: Env = process.env): ResourceConfig {
  return parseResourceConfig(env, IDENTITY);
}
