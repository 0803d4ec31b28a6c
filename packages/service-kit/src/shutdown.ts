// Graceful stop, the same in every service: the first SIGTERM/SIGINT (or an uncaught error) starts
// a graceful close; a second signal exits at once; a close that outlives its grace exits 1.
// close-with-grace (the Fastify team's) does the signal and timer bookkeeping; what "close" means
// for an HTTP or gRPC server is ours.
import type { Server } from "node:http";
import closeWithGrace from "close-with-grace";
import type { Logger } from "./logger.js";

/**
 * How long in-flight requests get after a stop signal before their connections are cut.
 *
 * @example
 * ```ts
 * await closeHttpServer(server, SHUTDOWN_GRACE_MS);
 * ```
 */
export const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Options of {@link stopOnSignals}.
 *
 * @example
 * ```ts
 * const options: StopOptions = { logger, close: () => closeHttpServer(server) };
 * ```
 */
export interface StopOptions {
  readonly logger: Logger;
  /**
   * Stops serving. Resolves once everything closed by itself (exit 0); rejects when it had to cut
   * work that was still running (exit 1: something was lost). Must settle within its own grace.
   */
  readonly close: () => Promise<void>;
  /** Last resort: exit 1 if `close` has not settled after this long. Default grace + 5 s. */
  readonly deadlineMs?: number;
}

/**
 * Installs the one stop routine of a service: logs `stopping` (with the signal), runs `close`,
 * logs `stopped` and exits 0, or exits 1 when `close` rejects, times out, or a second signal
 * arrives. An uncaught exception or unhandled rejection is logged and stops the process the same
 * way (exit 1). A service started by a supervisor over an IPC channel also stops when that channel
 * goes away, so it never outlives a launcher that was killed.
 *
 * @example
 * ```ts
 * stopOnSignals({ logger, close: () => closeHttpServer(server) });
 * ```
 */
export function stopOnSignals(options: StopOptions): void {
  const { logger } = options;
  const handle = closeWithGrace(
    {
      delay: options.deadlineMs ?? SHUTDOWN_GRACE_MS + 5_000,
      logger: {
        error: (message: unknown) => {
          if (message instanceof Error) logger.error({ err: message }, "stop failed");
          else logger.error(typeof message === "string" ? message : "stop failed");
        },
      },
    },
    async ({ signal, err }) => {
      if (err !== undefined) logger.fatal({ err }, "uncaught error; stopping");
      else logger.info(signal === undefined ? {} : { signal }, "stopping");
      await options.close();
      logger.info("stopped");
    },
  );
  if (process.send !== undefined) {
    process.once("disconnect", () => {
      logger.warn("the supervising process is gone; stopping");
      handle.close();
    });
  }
}

/**
 * Closes an HTTP server: no new connections, idle keep-alive ones closed at once, busy ones given
 * `graceMs` to finish. Resolves once closed; rejects (after cutting them) when requests were still
 * running at the end of the grace.
 *
 * @example
 * ```ts
 * stopOnSignals({ logger, close: () => closeHttpServer(server) });
 * ```
 */
export function closeHttpServer(server: Server, graceMs = SHUTDOWN_GRACE_MS): Promise<void> {
  return new Promise((resolve, reject) => {
    let cut = false;
    const timer = setTimeout(() => {
      cut = true;
      server.closeAllConnections();
    }, graceMs);
    server.close((err) => {
      clearTimeout(timer);
      if (err !== undefined) reject(err);
      else if (cut) reject(new Error(`requests still running after ${graceMs} ms were cut`));
      else resolve();
    });
    server.closeIdleConnections();
  });
}
