// What the HTTP service suites need to know about the service under test. Each service's own
// test/service.ts builds this from its identity, its config.ts and its createApp, so the suites
// test the service's real wiring and this kit depends on no service code.
import type { Server } from "node:http";
import { fileURLToPath } from "node:url";
import type { Logger, Readiness } from "@org/service-kit";
import type { DpopPolicy, Verifier } from "@org/token";
import { clock as frozenClock, logSink } from "../fixtures.js";
import { listening, type Running } from "../listen.js";

/** The names and port of the service under test (its src/identity.ts). */
export interface ServiceIdentity {
  /** Log `service` field and start-up error prefix, e.g. "koa-resource". */
  readonly name: string;
  /** GET /me `service` field and challenge realm, e.g. "koa". */
  readonly service: string;
  readonly audience: string;
  readonly portVariable: string;
  readonly defaultPort: number;
}

/** The settings the suites check, as the service's config.ts returns them. */
export interface ResourceSettings {
  readonly host: string;
  readonly port: number;
  readonly issuer: string;
  readonly keys: { readonly kind: string };
  readonly logLevel: string;
  readonly cookieName: string | undefined;
  readonly maxTokenLifetime: number;
  readonly revocation: { readonly redisUrl: string; readonly maxStalenessMs: number; readonly failOpen: boolean } | undefined;
  readonly dpop: { readonly required: boolean; readonly publicBaseUrl: string | undefined };
}

/** What the suites hand `start`. */
export interface StartOptions {
  readonly verifier: Verifier;
  readonly logger: Logger;
  /** Cookie name of the optional cookie transport; undefined: header only. */
  readonly cookieName?: string | undefined;
  /** The clock of the order store (`created_at`); default the fixtures' frozen one. */
  readonly clock?: () => number;
  /** What /readyz reports; default: always ready. */
  readonly readiness?: Readiness;
  /** CORS_ORIGINS; default: CORS off. */
  readonly corsOrigins?: readonly string[];
  /** With the service's real metrics (and GET /metrics); default: none. */
  readonly withMetrics?: boolean;
  /** The instance's DPoP rules; default the app's own (DPoP taken, not required). */
  readonly dpop?: DpopPolicy;
}

/**
 * An HTTP resource service as its own test files describe it to the shared suites.
 *
 * @example
 * ```ts
 * export const service: HttpResourceService = {
 *   identity: IDENTITY,
 *   main: fileURLToPath(new URL("../dist/main.js", import.meta.url)),
 *   bodyLimitBytes: BODY_LIMIT_BYTES,
 *   parseConfig: (env) => loadConfig(env),
 *   start: (options) => listening(createApp({ ...options, orders: new OrderStore(options.clock) }).listen(0, "127.0.0.1")),
 *   startFromEnv: async (env, clock) => { … as main builds it … },
 * };
 * ```
 */
export interface HttpResourceService {
  readonly identity: ServiceIdentity;
  /** Absolute path of the service's built `dist/main.js`, run as a child process. */
  readonly main: string;
  /** The largest JSON body it accepts. */
  readonly bodyLimitBytes: number;
  /** The service's own settings parser (its src/config.ts); throws the kit's ConfigError. */
  parseConfig(env: Readonly<Record<string, string | undefined>>): ResourceSettings;
  /** Builds the service's app with `createApp` and listens on 127.0.0.1, port 0. */
  start(options: StartOptions): Promise<Running>;
  /**
   * The service exactly as main builds it from an environment (settings, keys, verifier on
   * `clock`), listening on 127.0.0.1, port 0. Rejects with the kit's ConfigError for bad settings.
   */
  startFromEnv(env: Readonly<Record<string, string | undefined>>, clock: () => number): Promise<Running>;
}

/** How a service's test/service.ts wires itself for {@link httpResourceService}. */
export interface HttpServiceWiring<C extends ResourceSettings> {
  readonly identity: ServiceIdentity;
  /** `new URL("../dist/main.js", import.meta.url)` of the service's test folder. */
  readonly main: URL;
  readonly bodyLimitBytes: number;
  /** The service's config.ts loader. */
  loadConfig(env: Readonly<Record<string, string | undefined>>): C;
  /** The verifier main builds from the settings, on `clock`. */
  verifierFor(config: C, clock: () => number): Verifier;
  /** The DPoP policy main builds from the settings, on `clock`. */
  dpopFor(config: C, clock: () => number): DpopPolicy;
  /** The service's createApp, listening on 127.0.0.1 port 0, with an order store on `clock`. */
  listen(options: StartOptions & { readonly clock: () => number }): Server;
}

/**
 * The {@link HttpResourceService} of a service from its wiring: `start` builds its app;
 * `startFromEnv` reads settings and keys the way main does.
 *
 * @example
 * ```ts
 * export const service = httpResourceService({
 *   identity: IDENTITY, main: new URL("../dist/main.js", import.meta.url), bodyLimitBytes: BODY_LIMIT_BYTES,
 *   loadConfig, verifierFor: (config, clock) => verification(IDENTITY, config, clock).verifier,
 *   dpopFor: (config, clock) => dpopPolicy(config, clock),
 *   listen: (o) => createApp({ ...o, orders: new OrderStore(o.clock) }).listen(0, "127.0.0.1"),
 * });
 * ```
 */
export function httpResourceService<C extends ResourceSettings>(wiring: HttpServiceWiring<C>): HttpResourceService {
  const start = (options: StartOptions): Promise<Running> => listening(wiring.listen({ ...options, clock: options.clock ?? frozenClock }));
  return {
    identity: wiring.identity,
    main: fileURLToPath(wiring.main),
    bodyLimitBytes: wiring.bodyLimitBytes,
    parseConfig: (env) => wiring.loadConfig(env),
    start,
    startFromEnv: (env, clock) => {
      try {
        const config = wiring.loadConfig(env);
        const verifier = wiring.verifierFor(config, clock);
        const dpop = wiring.dpopFor(config, clock);
        return start({ verifier, logger: logSink(wiring.identity.name).logger, cookieName: config.cookieName, clock, dpop });
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
}
