// The start of every resource service, whatever serves its requests: settings, logger, keys,
// verifier, readiness, a short wait for the issuer's keys, then the transport listens, and one
// graceful stop. Express, Koa and gRPC differ only in `serve`.
import { createServer, type RequestListener } from "node:http";
import { createRevocationReplica, type ReplicaStatus, type RevocationReplica } from "@org/revocation";
import { DpopPolicy, createVerifier, type RevocationChecker, type Verifier } from "@org/token";
import {
  Readiness,
  type ReadyState,
  closeHttpServer,
  createLogger,
  createMetrics,
  listenHttp,
  runService,
  stopOnSignals,
  type Logger,
} from "@org/service-kit";
import type { ResourceConfig } from "./config.js";
import type { ResourceIdentity } from "./identity.js";
import type { ServiceMetrics } from "./app-options.js";
import { createKeys, type Keys } from "./keys.js";
import { resourceMetrics } from "./metrics.js";

/** What a resource service is built from once its settings are read. */
export interface ResourceParts {
  readonly identity: ResourceIdentity;
  readonly config: ResourceConfig;
  readonly logger: Logger;
  readonly verifier: Verifier;
  readonly readiness: Readiness;
  readonly metrics: ServiceMetrics;
  /** The instance's DPoP rules and replay cache (REQUIRE_DPOP, PUBLIC_BASE_URL). */
  readonly dpop: DpopPolicy;
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
    const readiness = new Readiness();
    const replica = revocationReplica(config, logger);
    const { keys, verifier } = verification(identity, config, { revocation: replica?.checker });
    if (replica === undefined) logger.info("revocation is off (REDIS_URL is not set)");
    else followRevocation(replica, readiness, verifier, logger);
    const registry = createMetrics(identity.name);
    const metrics: ServiceMetrics = { registry, ...resourceMetrics(registry, { transport: identity.transport, verifier, keys, replica }) };
    // Wait briefly for the issuer's keys (and revocation state) so the first request after "listening" is served.
    await Promise.all([awaitKeys(keys, logger, readiness), replica === undefined ? undefined : awaitFirstLoad(replica)]);
    const serving = await serve({ identity, config, logger, verifier, readiness, metrics, dpop: dpopPolicy(config) });
    const close = async (): Promise<void> => {
      try {
        await serving.close();
      } finally {
        await replica?.close();
      }
    };
    // Stop handling first: whoever sees "listening" may signal at once.
    stopOnSignals({ logger, close });
    logger.info(
      {
        host: config.host,
        port: serving.port,
        keys: keys.description,
        cookieTransport: config.cookieName !== undefined,
        revocation: replica !== undefined,
        requireDpop: config.dpop.required,
        publicBaseUrl: config.dpop.publicBaseUrl,
      },
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
  options: { readonly clock?: (() => number) | undefined; readonly revocation?: RevocationChecker | undefined } = {},
): { readonly keys: Keys; readonly verifier: Verifier } {
  const keys = createKeys(config.keys);
  const verifier = createVerifier({
    issuer: config.issuer,
    audience: identity.audience,
    keys: keys.resolver,
    maxTokenLifetime: config.maxTokenLifetime,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.revocation === undefined ? {} : { revocation: options.revocation }),
  });
  return { keys, verifier };
}

/**
 * The DPoP rules of one service instance from its settings: DPoP-bound tokens are always taken;
 * REQUIRE_DPOP refuses the others, PUBLIC_BASE_URL is what proofs name behind a proxy. The policy
 * holds the instance's replay cache (RFC 9449 §11.1), so it is made once and shared by the routes.
 *
 * @example
 * ```ts
 * const dpop = dpopPolicy(config); // tests: dpopPolicy(config, clock)
 * createApp({ verifier, logger, dpop });
 * ```
 */
export function dpopPolicy(config: Pick<ResourceConfig, "dpop">, clock?: () => number): DpopPolicy {
  const { required, publicBaseUrl } = config.dpop;
  return new DpopPolicy({ required, publicBaseUrl, ...(clock === undefined ? {} : { clock }) });
}

/**
 * The in-memory revocation replica of a resource service when REDIS_URL is set. It forgets an
 * entry once no token it could affect can still be valid: MAX_TOKEN_LIFETIME after it was written.
 *
 * @example
 * ```ts
 * const replica = revocationReplica(config, logger); // undefined when revocation is off
 * ```
 */
export function revocationReplica(config: ResourceConfig, logger: Logger): RevocationReplica | undefined {
  const settings = config.revocation;
  if (settings === undefined) return undefined;
  return createRevocationReplica({
    url: settings.redisUrl,
    maxStalenessMs: settings.maxStalenessMs,
    failOpen: settings.failOpen,
    maxAccessLifetimeSeconds: config.maxTokenLifetime,
    logger,
  });
}

/** How a replica's state reads as a readiness condition (contract: /readyz, gRPC health). */
export function revocationReadiness(status: ReplicaStatus): ReadyState {
  switch (status.state) {
    case "fresh":
    case "stale":
      return { status: "ready" };
    case "degraded":
      return { status: "degraded", reason: "revocation state is stale; failing open (REVOCATION_FAIL_OPEN=true)" };
    case "loading":
      return { status: "not_ready", reason: "revocation state not loaded yet" };
    case "unavailable":
      return { status: "not_ready", reason: `revocation state unavailable: ${status.reason ?? "Redis is unreachable"}` };
  }
}

/**
 * Ties a replica to the service: readiness follows its state; a withdrawn key flushes the
 * verified-token cache (every check also refuses tokens of that kid, on every path).
 *
 * @example
 * ```ts
 * followRevocation(replica, readiness, verifier, logger);
 * ```
 */
export function followRevocation(replica: RevocationReplica, readiness: Readiness, verifier: Verifier, logger: Logger): void {
  readiness.set("revocation", revocationReadiness(replica.status()));
  replica.onStatus((status) => {
    readiness.set("revocation", revocationReadiness(status));
  });
  replica.onKeyWithdrawn((kid) => {
    verifier.flush();
    logger.warn({ kid }, "signing key withdrawn: tokens it signed are refused, cached verifications flushed");
  });
}

/** Up to KEYS_STARTUP_WAIT_MS for the first full load; never fails (readiness says the rest). */
async function awaitFirstLoad(replica: RevocationReplica): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    replica.start().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, KEYS_STARTUP_WAIT_MS);
    }),
  ]);
  clearTimeout(timer);
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
