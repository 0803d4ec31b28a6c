// What each resource service reports about the issuer's keys on its Prometheus /metrics
// (`jwks_keys`: keys in the JWKS it loaded): how a scenario sees that a published key has reached
// every service before it starts signing with it, as the rotation runbook waits for.
import type { LocalTopology } from "./local.js";
import type { Service } from "./verdict.js";

/**
 * The /metrics URL of each resource service; the gRPC service serves it on its METRICS_PORT.
 *
 * @example
 * ```ts
 * metricsUrls(local).grpc; // "http://127.0.0.1:43121/metrics"
 * ```
 */
export function metricsUrls(local: LocalTopology): Record<Service, string> {
  return {
    express: `${local.target.express}/metrics`,
    koa: `${local.target.koa}/metrics`,
    grpc: `http://127.0.0.1:${String(local.topology.ports.grpcMetrics)}/metrics`,
  };
}

/**
 * The `jwks_keys` gauge at `url`, or undefined when the service does not report it.
 *
 * @example
 * ```ts
 * await jwksKeys(metricsUrls(local).koa); // 2
 * ```
 */
export async function jwksKeys(url: string): Promise<number | undefined> {
  const text = await (await fetch(url, { signal: AbortSignal.timeout(10_000) })).text();
  const value = /^jwks_keys(?:\{[^}]*\})? (\d+)$/m.exec(text)?.[1];
  return value === undefined ? undefined : Number(value);
}
