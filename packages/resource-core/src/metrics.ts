// The metrics of a resource service, whatever its transport: refusals by reason, the verified-token
// cache, the issuer's keys, and (with revocation on) the replica. Labels are fixed small sets: a
// transport, a TokenError code. Never a token, a user or a client id.
import type { RevocationReplica } from "@org/revocation";
import { readGauge, type Registry } from "@org/service-kit";
import type { TokenErrorCode, Verifier } from "@org/token";
import { Counter } from "prom-client";
import type { Keys } from "./keys.js";

/** What the services' refusal paths report to. */
export interface ResourceMetrics {
  /** One refused request (or call) and its TokenError code. */
  refused(code: TokenErrorCode): void;
}

/** A counter that follows a running total read at scrape time. */
function followingCounter(registry: Registry, name: string, help: string, read: () => number): void {
  let seen = 0;
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      const now = read();
      if (now > seen) this.inc(now - seen);
      seen = now;
    },
  });
}

/**
 * Registers the service's metrics on `registry` and returns the hook its refusal paths call.
 *
 * @example
 * ```ts
 * const metrics = resourceMetrics(registry, { transport: "http", verifier, keys, replica });
 * metrics.refused("token_expired");
 * ```
 */
export function resourceMetrics(
  registry: Registry,
  parts: { readonly transport: "http" | "grpc"; readonly verifier: Verifier; readonly keys: Keys; readonly replica?: RevocationReplica | undefined },
  clock: () => number = Date.now,
): ResourceMetrics {
  const refusals = new Counter({
    name: "auth_refusals_total",
    help: "Requests refused by authentication or authorization, by TokenError code",
    labelNames: ["transport", "reason"],
    registers: [registry],
  });
  const { verifier, keys, replica, transport } = parts;
  followingCounter(registry, "verification_cache_hits_total", "Verified-token cache hits", () => verifier.stats().cacheHits);
  followingCounter(registry, "verification_cache_misses_total", "Verified-token cache misses (full verifications)", () => verifier.stats().cacheMisses);
  readGauge(registry, "verification_cache_entries", "Entries in the verified-token cache", () => verifier.stats().cacheEntries);
  const { status } = keys;
  if (status !== undefined) {
    followingCounter(registry, "jwks_fetches_total", "Fetches of the issuer's JWKS", () => status().fetches);
    followingCounter(registry, "jwks_fetch_failures_total", "Failed fetches of the issuer's JWKS", () => status().failures);
    readGauge(registry, "jwks_age_seconds", "Seconds since the issuer's JWKS was last loaded (NaN: never)", () => {
      const { loadedAt } = status();
      return loadedAt === undefined ? Number.NaN : (clock() - loadedAt) / 1000;
    });
    readGauge(registry, "jwks_keys", "Keys in the loaded JWKS", () => status().keys);
  }
  if (replica !== undefined) {
    readGauge(registry, "revocation_entries", "Revocation entries held in memory", () => replica.size());
    readGauge(registry, "revocation_staleness_seconds", "Seconds since the last contact with Redis", () => replica.status().staleForMs / 1000);
    readGauge(registry, "revocation_fresh", "1 while the revocation state is usable (fresh or within the staleness limit)", () =>
      ["fresh", "stale"].includes(replica.status().state) ? 1 : 0,
    );
  }
  return {
    refused: (code) => {
      refusals.inc({ transport, reason: code });
    },
  };
}
