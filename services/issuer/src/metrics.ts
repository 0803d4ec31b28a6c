// The issuer's Prometheus metrics: tokens issued by grant, error answers by code, throttled logins by
// reason, the login capacity in use, and (with revocation on) revocations written by scope. Every
// label comes from a small fixed set defined in code (a grant type, an OAuth error code, a route of
// this app): never a token, a username, a client id or an address.
import type { RevocationScope } from "@org/revocation";
import { readGauge } from "@org/service-kit";
import { Counter, type Registry } from "prom-client";
import type { GrantType } from "./identities/store.js";

/**
 * The routes of the issuer: the only values of the `endpoint` label (and of the request log's
 * `route` label) besides "other", so a scan of random paths cannot grow a label set.
 *
 * @example
 * ROUTES.includes("/token"); // true
 */
export const ROUTES: readonly string[] = [
  "/token",
  "/revoke",
  "/logout",
  "/admin/revocations",
  "/.well-known/jwks.json",
  "/.well-known/oauth-authorization-server",
  "/healthz",
  "/readyz",
  "/metrics",
];

/**
 * Why a login was refused before its secret was compared (or, for `capacity_full`, instead of it):
 * a lockout of the account or of the address (429), the address's in-flight cap (429), the in-flight
 * table full (503), the login capacity full (503).
 */
export type ThrottleReason = "account_lockout" | "address_lockout" | "inflight_cap" | "inflight_table_full" | "capacity_full";

/** Who wrote a revocation: `/revoke`, `/logout`, `/admin/revocations`, or refresh-token reuse detection. */
export type RevocationSource = "revoke" | "logout" | "admin" | "reuse";

/**
 * What the issuer's code paths report to. One object per app, passed in (no module state).
 *
 * @example
 * metrics.issued("password");
 * metrics.refused("/token", "invalid_grant");
 */
export interface IssuerMetrics {
  /** A token response (200) of `grant`. */
  issued(grant: GrantType): void;
  /** An error answer on `path` with its `error` code (an OAuthErrorCode, or the RFC 6750 code of /logout). */
  refused(path: string, code: string): void;
  throttled(reason: ThrottleReason): void;
  /** A revocation persisted in Redis. */
  revoked(scope: RevocationScope, source: RevocationSource): void;
}

/** What {@link loadGauges} reads at scrape time. */
export interface LoadSources {
  /** Secret comparisons running and waiting (LoginCapacity.load). */
  readonly capacity: () => { readonly running: number; readonly waiting: number };
  /** Addresses with a /token request in flight (InflightLimit.size). */
  readonly inflightAddresses: () => number;
}

/**
 * Registers the issuer's counters on `registry` and returns the hooks its code paths call;
 * `revocations_total` only when revocation is on.
 *
 * @example
 * const metrics = issuerMetrics(createMetrics("issuer"), { revocation: false });
 * metrics.throttled("account_lockout");
 */
export function issuerMetrics(registry: Registry, options: { readonly revocation: boolean }): IssuerMetrics {
  const registers = [registry];
  const issued = new Counter({ name: "tokens_issued_total", help: "Token responses (200) by grant type", labelNames: ["grant"], registers });
  const errors = new Counter({
    name: "token_errors_total",
    help: "Error answers by OAuth error code and endpoint (a route of the issuer, else \"other\")",
    labelNames: ["code", "endpoint"],
    registers,
  });
  const throttled = new Counter({
    name: "login_throttled_total",
    help: "Logins refused by a lockout, the in-flight cap or the login capacity, by reason",
    labelNames: ["reason"],
    registers,
  });
  const revocations = options.revocation
    ? new Counter({ name: "revocations_total", help: "Revocations persisted in Redis, by scope and source", labelNames: ["scope", "source"], registers })
    : undefined;
  const endpoints = new Set(ROUTES);
  return {
    issued: (grant) => {
      issued.inc({ grant });
    },
    refused: (path, code) => {
      errors.inc({ code, endpoint: endpoints.has(path) ? path : "other" });
    },
    throttled: (reason) => {
      throttled.inc({ reason });
    },
    revoked: (scope, source) => {
      revocations?.inc({ scope, source });
    },
  };
}

/**
 * Registers the gauges of the login bounds: comparisons running and queued, addresses in flight.
 *
 * @example
 * loadGauges(registry, { capacity: () => capacity.load, inflightAddresses: () => inflight.size });
 */
export function loadGauges(registry: Registry, sources: LoadSources): void {
  readGauge(registry, "login_capacity_running", "Secret comparisons (scrypt) running now", () => sources.capacity().running);
  readGauge(registry, "login_capacity_queued", "Secret comparisons waiting for a turn now", () => sources.capacity().waiting);
  readGauge(registry, "token_inflight_addresses", "Client addresses with a /token request in flight", sources.inflightAddresses);
}
