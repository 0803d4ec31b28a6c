// HTTP load with autocannon: a fixed number of keep-alive connections for a fixed time.
import autocannon from "autocannon";
import type { HttpLoad, LoadResult } from "./types.js";

/**
 * Runs one autocannon load and reduces its result.
 *
 * @example
 * ```ts
 * await httpLoad({ kind: "http", url: "http://127.0.0.1:4001/healthz", headers: {}, connections: 32, durationMs: 3000 });
 * ```
 */
export async function httpLoad(load: HttpLoad): Promise<LoadResult> {
  const result = await autocannon({
    url: load.url,
    method: load.method ?? "GET",
    headers: { ...load.headers },
    ...(load.body === undefined ? {} : { body: load.body }),
    connections: load.connections,
    duration: load.durationMs / 1000,
  });
  const seconds = result.duration > 0 ? result.duration : load.durationMs / 1000;
  return {
    requests: result.requests.total,
    perSecond: (result.requests.total - result.non2xx) / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}
