/**
 * `@org/resource-core`: what the Express, Koa and gRPC resource services share and that needs no
 * framework: who a service is, its settings and keys, the start routine, the options every
 * `createApp` takes, and the orders with their rules. Explicit re-exports only.
 */
export type { ResourceIdentity } from "./identity.js";
export { parseResourceConfig } from "./config.js";
export type { KeySource, ResourceConfig, RevocationSettings } from "./config.js";
export { followRevocation, httpServing, revocationReadiness, revocationReplica, runResourceService, verification } from "./start.js";
export type { ResourceParts, Serving } from "./start.js";
export type { ResourceAppOptions } from "./app-options.js";
export { OrderStore } from "./orders.js";
export type { Order, OrderInput } from "./orders.js";
export { parseOrderBody, parseOrderRequest } from "./order-input.js";
export type { OrderInputResult } from "./order-input.js";
export { BODY_LIMIT_BYTES, RequestError, isClientError } from "./request-error.js";
