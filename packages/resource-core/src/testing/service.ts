// What the HTTP service suites need to know about the service under test.
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
