/**
 * `@org/resource-core`: what the Express, Koa and gRPC resource services share and that needs no
 * framework: who a service is, its settings and keys, the start routine, the options every
 * `createApp` takes, and the orders with their rules, bound and paging. Explicit re-exports only.
 */
export type { ResourceIdentity } from "./identity.js";
export { parseResourceConfig } from "./config.js";
export type { DpopSettings, KeySource, ResourceConfig, RevocationSettings } from "./config.js";
export { dpopPolicy, followRevocation, httpServing, revocationReadiness, revocationReplica, runResourceService, verification } from "./start.js";
export type { ResourceParts, Serving } from "./start.js";
export type { ResourceAppOptions, ServiceMetrics } from "./app-options.js";
export { resourceMetrics } from "./metrics.js";
export type { ResourceMetrics } from "./metrics.js";
export { OrderLimitError, OrderStore } from "./orders.js";
export type { Order, OrderInput, OrderPage } from "./orders.js";
export { parseOrderBody, parseOrderRequest, parsePageQuery, parsePageRequest } from "./order-input.js";
export type { Checked, OrderInputResult, PageRequest } from "./order-input.js";
export { BODY_LIMIT_BYTES, RequestError, isClientError } from "./request-error.js";
