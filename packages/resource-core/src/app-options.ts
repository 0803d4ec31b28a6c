import type { Logger, Readiness } from "@org/service-kit";
import type { DpopPolicy, Verifier } from "@org/token";
import type { OrderStore } from "./orders.js";

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
  /**
   * The instance's DPoP rules (REQUIRE_DPOP, PUBLIC_BASE_URL, its replay cache), from
   * {@link dpopPolicy}; default: DPoP taken, not required, each request's own URL.
   */
  readonly dpop?: DpopPolicy;
}
