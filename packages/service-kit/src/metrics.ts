// Prometheus metrics of a service (prom-client), on a registry of its own: process metrics plus
// whatever the service registers. Labels never carry a token, a user or a client id: only small,
// fixed sets of values (a transport, a refusal code, a route the service defines).
import { Gauge, Registry, collectDefaultMetrics } from "prom-client";

export type { Registry } from "prom-client";

/**
 * The registry of one service: default process metrics (CPU, memory, event-loop lag, GC), every
 * series labelled `service`.
 *
 * @example
 * ```ts
 * const metrics = createMetrics("koa-resource");
 * const refusals = new Counter({ name: "auth_refusals_total", help: "…", labelNames: ["reason"], registers: [metrics] });
 * ```
 */
export function createMetrics(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * The answer to `GET /metrics`: the Prometheus text exposition format.
 *
 * @example
 * ```ts
 * const { contentType, body } = await metricsAnswer(metrics);
 * res.type(contentType).send(body);
 * ```
 */
export async function metricsAnswer(registry: Registry): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}

/**
 * A gauge that reads its value at scrape time (a size, an age, a state), so nothing has to update it.
 *
 * @example
 * ```ts
 * readGauge(metrics, "verification_cache_entries", "Entries in the verified-token cache", () => verifier.stats().cacheEntries);
 * ```
 */
export function readGauge(registry: Registry, name: string, help: string, read: () => number): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(read());
    },
  });
}
