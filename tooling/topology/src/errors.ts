import type { ServiceName } from "./services.js";

/** Why a topology did not come up. */
export type TopologyFailure = "exited" | "timeout";

/**
 * A service of the topology exited before it was ready, or was not ready in time. The other
 * services have been stopped by the time this is thrown.
 *
 * @example
 * ```ts
 * try { await startTopology(); } catch (e) { if (e instanceof TopologyError) console.error(e.service); }
 * ```
 */
export class TopologyError extends Error {
  override readonly name = "TopologyError";
  readonly service: ServiceName;
  readonly reason: TopologyFailure;
  /** The service's last non-empty stderr line (services report bad settings there). */
  readonly lastStderr: string | undefined;

  constructor(service: ServiceName, reason: TopologyFailure, detail: string, lastStderr: string | undefined) {
    const tail = lastStderr === undefined ? "no stderr output" : `last stderr line: ${lastStderr}`;
    super(`${service} ${detail}; ${tail}`);
    this.service = service;
    this.reason = reason;
    this.lastStderr = lastStderr;
  }
}

/** "exited with code 1" / "was killed by SIGKILL" */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal === null ? `exited with code ${String(code)}` : `was killed by ${signal}`;
}
