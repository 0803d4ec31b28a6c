// What the HTTP service suites need to know about the service under test.
import { fileURLToPath } from "node:url";
import type { Verifier } from "@org/token";
import type { Env, HttpResourceConfig } from "../config.js";
import type { Logger } from "../logging.js";
import type { OrderStore } from "../orders.js";
import type { Running } from "@org/testkit";

/** The options every HTTP service's `createApp` takes. */
export interface ResourceAppOptions {
  readonly verifier: Verifier;
  readonly logger: Logger;
  /** Cookie name of the optional cookie transport (TOKEN_COOKIE); undefined: header only. */
  readonly cookieName?: string | undefined;
  /** Defaults to a fresh in-memory store. */
  readonly orders?: OrderStore;
}

/** A service listening on 127.0.0.1 for one test file. */
export type { Running } from "@org/testkit";

/**
 * An HTTP resource service as its own test files describe it to the shared suites.
 *
 * @example
 * const service: HttpResourceService = {
 *   name: SERVICE, realm: REALM, audience: AUDIENCE, portVariable: PORT_VARIABLE, defaultPort: DEFAULT_PORT,
 *   main: fileURLToPath(new URL("../dist/main.js", import.meta.url)),
 *   parseConfig,
 *   start: (options) => listen(createApp(options)),
 * };
 */
export interface HttpResourceService {
  /** The `service` field of GET /me and of every log line: "express" or "koa". */
  readonly name: string;
  /** The realm of every WWW-Authenticate challenge. */
  readonly realm: string;
  /** The audience the service demands. */
  readonly audience: string;
  /** The service's port variable and its default. */
  readonly portVariable: string;
  readonly defaultPort: number;
  /** Absolute path of the service's built `dist/main.js`, run as a child process. */
  readonly main: string;
  /** The service's own settings parser (its src/config.ts). */
  parseConfig(env: Env): HttpResourceConfig;
  /** Builds the service's app with `createApp(options)` and listens on 127.0.0.1, port 0. */
  start(options: ResourceAppOptions): Promise<Running>;
}

/** What a service's src/service.ts exports: its names, audience and port variable. */
export interface ServiceIdentity {
  readonly SERVICE: string;
  readonly REALM: string;
  readonly AUDIENCE: string;
  readonly PORT_VARIABLE: string;
  readonly DEFAULT_PORT: number;
}

/**
 * Builds the {@link HttpResourceService} of a service from its service.ts exports and its wiring.
 *
 * @example
 * import * as identity from "../src/service.js";
 * export const service = httpResourceService(identity, {
 *   main: new URL("../dist/main.js", import.meta.url),
 *   parseConfig,
 *   start: (options) => listening(createApp(options).listen(0, "127.0.0.1")),
 * });
 */
export function httpResourceService(
  identity: ServiceIdentity,
  wiring: { readonly main: URL } & Pick<HttpResourceService, "parseConfig" | "start">,
): HttpResourceService {
  return {
    name: identity.SERVICE,
    realm: identity.REALM,
    audience: identity.AUDIENCE,
    portVariable: identity.PORT_VARIABLE,
    defaultPort: identity.DEFAULT_PORT,
    main: fileURLToPath(wiring.main),
    parseConfig: wiring.parseConfig,
    start: wiring.start,
  };
}
