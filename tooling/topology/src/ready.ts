import { request } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { grpcServing } from "./grpc-health.js";
import type { ServiceSpec } from "./services.js";

/** Time between probes while a service starts. */
const PROBE_INTERVAL_MS = 25;
/** Upper bound of one probe, so a hung socket cannot eat the whole ready timeout. */
const PROBE_TIMEOUT_MS = 1_000;

/**
 * Answers once whether `GET <url><path>` is 200 (default `/healthz`). A fresh connection each time (no keep-alive),
 * so no idle socket outlives the probe and delays a service's graceful shutdown.
 *
 * @example
 * ```ts
 * await httpHealthy("http://127.0.0.1:4000"); // true once the issuer is up
 * ```
 */
export function httpHealthy(baseUrl: string, timeoutMs = PROBE_TIMEOUT_MS, path = "/healthz"): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${baseUrl}${path}`, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => {
      resolve(false);
    });
    req.end();
  });
}

/**
 * One readiness probe of a service at its URL (`http://…` or `host:port`): `GET /readyz` 200 for
 * HTTP services, Health/Check SERVING for gRPC (both mean: keys loaded, revocation state fresh).
 */
export function probe(spec: ServiceSpec, url: string): Promise<boolean> {
  return spec.protocol === "http" ? httpHealthy(url, PROBE_TIMEOUT_MS, "/readyz") : grpcServing(url, "", PROBE_TIMEOUT_MS);
}

/** What the probe checks, for error messages. */
export function probeDescription(spec: ServiceSpec, url: string): string {
  return spec.protocol === "http" ? `GET ${url}/readyz` : `grpc.health.v1.Health/Check at ${url}`;
}

/**
 * Probes until `check` says yes. Resolves true when ready, false when `timeoutMs` passed or
 * `signal` aborted first (the caller knows which).
 *
 * @example
 * ```ts
 * const ready = await pollUntil(() => httpHealthy(url), 10_000, controller.signal);
 * ```
 */
export async function pollUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!signal.aborted && Date.now() < deadline) {
    if (await check()) return true;
    await sleep(PROBE_INTERVAL_MS);
  }
  return false;
}
