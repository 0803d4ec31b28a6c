// Start-up and shutdown steps every service's main.ts takes, whatever serves the requests.
import type { Server } from "node:http";
import { ConfigError, type ResourceConfig } from "./config.js";
import { createKeys, type Keys } from "./keys.js";
import type { Logger } from "./logging.js";

/**
 * Runs the start-up settings step; a ConfigError ends the process with one stderr line
 * (`prefix` + the message naming the variable) and exit code 1: a half-configured service must
 * not start. Other errors are thrown on.
 *
 * @example
 * const { config, keys } = loadOrExit(() => {
 *   const config = loadConfig();
 *   return { config, keys: createKeys(config.keys) };
 * }, "express-resource: ");
 */
export function loadOrExit<T>(load: () => T, prefix: string): T {
  try {
    return load();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${prefix}${err.message}\n`);
    process.exit(1);
  }
}

/**
 * The start-up settings of a resource service: its config (from the service's own `loadConfig`)
 * and the keys it names, both through {@link loadOrExit}, so a bad setting or unusable keys end
 * the process with one stderr line.
 *
 * @example
 * const { config, keys } = loadSettingsOrExit(loadConfig, "koa-resource: ");
 */
export function loadSettingsOrExit<C extends ResourceConfig>(
  loadConfig: () => C,
  prefix: string,
): { config: C; keys: Keys } {
  return loadOrExit(() => {
    const config = loadConfig();
    return { config, keys: createKeys(config.keys) };
  }, prefix);
}

/** How long a service waits at start for the issuer's keys before it listens without them. */
export const KEYS_STARTUP_WAIT_MS = 3_000;

/**
 * Waits (at most `waitMs`) for the first key load, so a service started after its issuer
 * answers its first request instead of a 503. Never fails: with the issuer down the service
 * still starts, logs why, and answers 503 / UNAVAILABLE until the keys load.
 *
 * @example
 * await awaitKeys(keys, logger); // "keys loaded", or "keys not loaded yet; answering 503 …"
 * server.listen(port, host);
 */
export async function awaitKeys(keys: Keys, logger: Logger, waitMs = KEYS_STARTUP_WAIT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(resolve, waitMs, "timeout");
  });
  const outcome = await Promise.race([keys.ready().then(() => "loaded" as const, () => "failed" as const), timeout]);
  clearTimeout(timer);
  if (outcome === "loaded") {
    logger.info({ keys: keys.description }, "keys loaded");
    return;
  }
  logger.warn({ keys: keys.description }, "keys not loaded yet; answering 503 until the issuer is reachable");
  if (outcome === "timeout") {
    // Still say when they arrive, so the log shows the end of the 503 period.
    keys.ready().then(
      () => {
        logger.info({ keys: keys.description }, "keys loaded");
      },
      () => undefined,
    );
  }
}

/** Open connections get this long to finish after a stop signal before they are cut. */
export const SHUTDOWN_GRACE_MS = 5_000;

/**
 * Stops an HTTP server on the first SIGTERM or SIGINT: no new connections, idle ones closed at
 * once, busy ones cut after `graceMs`; exits 0 once closed (1 if closing failed).
 *
 * @example
 * const server = app.listen(port, host);
 * closeOnSignals(server, logger);
 */
export function closeOnSignals(server: Server, logger: Logger, graceMs = SHUTDOWN_GRACE_MS): void {
  const stop = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, "stopping");
    server.close((err) => {
      if (err) logger.error({ err }, "close failed");
      else logger.info("stopped");
      process.exit(err ? 1 : 0);
    });
    server.closeIdleConnections();
    setTimeout(() => {
      server.closeAllConnections();
    }, graceMs).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
