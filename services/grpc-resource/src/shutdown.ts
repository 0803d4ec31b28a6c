import type { Server } from "@grpc/grpc-js";

/** How a shutdown ended. */
export type ShutdownOutcome = "graceful" | "forced";

/**
 * Stops accepting calls and lets running ones finish; after `timeoutMs` the rest are cut
 * (long-lived health Watch streams would otherwise hold the server open forever).
 * Call `setServing(false)` first so health watchers learn of it.
 *
 * @example
 * ```ts
 * app.setServing(false);
 * const outcome = await shutdown(app.server, 5000); // "graceful" | "forced"
 * ```
 */
export function shutdown(server: Server, timeoutMs: number): Promise<ShutdownOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      server.forceShutdown();
      resolve("forced");
    }, timeoutMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      resolve("graceful");
    });
  });
}
