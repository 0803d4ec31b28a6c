/**
 * `@org/resource-core`: what the Express, Koa and gRPC resource services share and that needs no
 * framework. Explicit re-exports only. Suites for the HTTP services' tests: `@org/resource-core/testing`.
 */
export { ConfigError, parseHttpResourceConfig, parseResourceConfig } from "./config.js";
export type { ConfigOptions, Env, HttpResourceConfig, KeySource, LogLevel, ResourceConfig } from "./config.js";
export { createKeys } from "./keys.js";
export type { Keys } from "./keys.js";
export { OrderStore } from "./orders.js";
export type { Order, OrderInput } from "./orders.js";
export { MAX_ITEM_LENGTH, MAX_QUANTITY, parseOrderBody, parseOrderRequest } from "./order-input.js";
export type { OrderInputResult } from "./order-input.js";
export { BODY_LIMIT_BYTES, RequestError, isClientError } from "./request-error.js";
export { HTTP_REDACT_PATHS, causeKind, createLogger, requestId } from "./logging.js";
export type { Logger, LoggerOptions } from "./logging.js";
export { runHttpService } from "./http-main.js";
export type { HttpServiceMain } from "./http-main.js";
export { KEYS_STARTUP_WAIT_MS, SHUTDOWN_GRACE_MS, awaitKeys, closeOnSignals, loadOrExit, loadSettingsOrExit } from "./lifecycle.js";
