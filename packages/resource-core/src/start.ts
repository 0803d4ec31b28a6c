// The start of every resource service, whatever serves its requests: settings, logger, keys,
// verifier, readiness, a short wait for the issuer's keys, then the transport listens, and one
// graceful stop. Express, Koa and gRPC differ only in `serve`.
import { createServer, type RequestListener } from "node:http";
import { createVerifier, type Verifier } from "@org/token";
import {
  Readiness,
  closeHttpServer,
  createLogger,
  listenHttp,
  runService,
  stopOnSignals,
  type Logger,
} from "@org/service-kit";
import type { ResourceConfig } from "./config.js";
import type { ResourceIdentity } from "./identity.js";
import { createKeys, type Keys } from "./keys.js";

/** What a resource service is built from once its settings are read. */
export interface ResourceParts {
  readonly identity: ResourceIdentity;
  readonly config: ResourceConfig;
  readonly logger: Logger;
  readonly verifier: Verifier;
  readonly readiness: Readiness;
}

/** A transport that listens: the port it bound, and how it stops (see the kit's `stopOnSignals`). */
export interface Serving {
  readonly port: number;
  close(): Promise<void>;
}

/** How long a service waits at start for the issuer's keys before it listens without them. */
export const KEYS_STARTUP_WAIT_MS = 3_000;

/**
 * Runs a resource service: a bad setting or an address that cannot be bound is one stderr line
 * (`<name>: <VARIABLE>: <problem>`) and exit 1; otherwise it logs `listening` with host, port and
 * where its keys come from, and stops gracefully on SIGTERM/SIGINT.
 *
 * @example
 * ```ts
 * await runResourceService(IDENTITY, loadConfig, httpServing((parts) => createApp(parts)));
 * ```
 */
export async function runResourceService(
  identity: ResourceIdentity,
  loadConfig: () => ResourceConfig,
  serve: (parts: ResourceParts) => Promise<Serving>,
): Promise<void> {
  await runService(identity.name, async () => {
    const config = loadConfig();
    const logger = createLogger({ service: identity.name, level: config.logLevel });
    const { keys, verifier } = verification(identity, config);
    const readiness = new Readiness();
    // Wait briefly for the issuer's keys so the first request after "listening" is served.
    await awaitKeys(keys, logger, readiness);
    const serving = await serve({ identity, config, logger, verifier, readiness });
    // Stop handling first: whoever sees "listening" may signal at once.
    stopOnSignals({ logger, close: () => serving.close() });
    logger.info(
      { host: config.host, port: serving.port, keys: keys.description, cookieTransport: config.cookieName !== undefined },
      "listening",
    );
  });
}

/**
 * The keys and the verifier a resource service builds from its settings (what main uses; tests
 * pass a frozen clock).
 *
 * @throws ConfigError naming JWKS_FILE or JWKS when the keys cannot be read.
 * @example
 * ```ts
 * const { keys, verifier } = verification(IDENTITY, loadConfig());
 * ```
 */
export function verification(
  identity: ResourceIdentity,
  config: ResourceConfig,
  clock?: () => number,
): { readonly keys: Keys; readonly verifier: Verifier } {
  const keys = createKeys(config.keys);
  const verifier = createVerifier({
    issuer: config.issuer,
    audience: identity.audience,
    keys: keys.resolver,
    maxTokenLifetime: config.maxTokenLifetime,
    ...(clock === undefined ? {} : { clock }),
  });
  return { keys, verifier };
}

/**
 * The `serve` of an HTTP service: a node:http server around the framework's request handler
 * (an Express app, a Koa app's `callback()`), bound to HOST and the service's port.
 *
 * @example
 * ```ts
 * await runResourceService(IDENTITY, loadConfig, httpServing((parts) => createApp(parts).callback()));
 * ```
 */
export function httpServing(handler: (parts: ResourceParts) => RequestListener): (parts: ResourceParts) => Promise<Serving> {
  return async (parts) => {
    const server = createServer(handler(parts));
    const { host, port } = parts.config;
    const bound = await listenHttp(server, { host, port, portVariable: parts.identity.portVariable });
    return { port: bound, close: () => closeHttpServer(server) };
  };
}

/**
 * Waits (at most `waitMs`) for the first key load, so a service started after its issuer answers
 * its first request instead of a 503. Never fails: with the issuer down the service still starts,
 * logs why, stays not ready, and answers 503 / UNAVAILABLE until the keys load.
 *
 * @example
 * ```ts
 * await awaitKeys(keys, logger, readiness); // "keys loaded", or "keys not loaded yet; answering 503 …"
 * ```
 */
export async function awaitKeys(keys: Keys, logger: Logger, readiness: Readiness, waitMs = KEYS_STARTUP_WAIT_MS): Promise<void> {
  readiness.set("keys", { status: "not_ready", reason: "the issuer's signing keys are not loaded yet" });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(resolve, waitMs, "timeout");
  });
  const loaded = (): void => {
    readiness.set("keys", { status: "ready" });
    logger.info({ keys: keys.description }, "keys loaded");
  };
  const outcome = await Promise.race([keys.ready().then(() => "loaded" as const, () => "failed" as const), timeout]);
  clearTimeout(timer);
  if (outcome === "loaded") {
    loaded();
    return;
  }
  logger.warn({ keys: keys.description }, "keys not loaded yet; answering 503 until the issuer is reachable");
  // Keep trying in the background, so readiness follows the first load and the log shows the end of the 503 period.
  const retry = (): void => {
    keys.ready().then(loaded, () => {
      setTimeout(retry, 1_000).unref();
    });
  };
  if (outcome === "timeout") keys.ready().then(loaded, retry);
  else setTimeout(retry, 1_000).unref();
}
