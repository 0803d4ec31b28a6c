import type { Logger, Readiness, Registry } from "@org/service-kit";
import type { DpopPolicy, Verifier } from "@org/token";
import type { ResourceMetrics } from "./metrics.js";
import type { OrderStore } from "./orders.js";

/** The metrics of a service: its registry (for GET /metrics) and the refusal hook. */
export interface ServiceMetrics extends ResourceMetrics {
  readonly registry: Registry;
}

/**
 * The options every resource service's `createApp` takes, whatever its framework.
 *
 * @example
 * ```ts
 * const app = createApp({ verifier, logger, readiness, orders: new OrderStore(clock) });
 * ```
 */
export interface ResourceAppOptions {
  readonly verifier: Verifier;
  readonly logger: Logger;
  /** What `/readyz` (gRPC: health) reports; default: always ready. */
  readonly readiness?: Readiness;
  /** Cookie name of the optional cookie transport (TOKEN_COOKIE, HTTP only); undefined: header only. */
  readonly cookieName?: string | undefined;
  /** Defaults to a fresh in-memory store. */
  readonly orders?: OrderStore;
  /** Where the app counts what it does; default: nothing is counted and there is no /metrics. */
  readonly metrics?: ServiceMetrics;
  /** Origins browser scripts may call from (CORS_ORIGINS, HTTP only); undefined: CORS off. */
  readonly corsOrigins?: readonly string[] | undefined;
  /**
   * The instance's DPoP rules (REQUIRE_DPOP, PUBLIC_BASE_URL, its replay cache), from
   * {@link dpopPolicy}; default: DPoP taken, not required, each request's own URL.
   */
  readonly dpop?: DpopPolicy;
}
