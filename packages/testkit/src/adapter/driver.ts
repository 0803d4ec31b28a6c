// What the adapter suites need from each HTTP adapter's own test files.
import type { ClaimCheck, DpopPolicyOptions, Verifier } from "@org/token";
import type { CookieTransport } from "@org/token-http";
import type { Running } from "../listen.js";

/** What the one-call setup of an adapter is started with. */
export interface DiscoveredStart {
  /** The stand-in issuer's identifier, passed as `issuerBaseURL`. */
  readonly issuerBaseURL: string;
  /** The clock of the adapter's verifier and key discovery. */
  readonly clock: () => number;
}

/**
 * An HTTP framework adapter under test. Every app answers on 127.0.0.1, port 0.
 *
 * `start` builds, with the adapter's own middlewares:
 * - `GET /me` behind `authenticate`: 200 `{ sub, scopes }` of the verified token;
 * - `GET /orders` behind `authenticate` and `requireScope("orders:read")`: 200 `{ orders: [] }`;
 * - `GET /both` behind `authenticate` and `requireScope("orders:read", "orders:write")`: 200 `{ ok: true }`;
 * - `POST /orders` behind `authenticate`: 201 `{ created: true }`;
 * - `GET /boom` behind `authenticate`: the handler throws a plain Error;
 * - `GET /unguarded` behind `requireScope("orders:read")` only: 200 `{ ok: true }`;
 * - `GET /maybe` behind `authenticate` with `authRequired: false`: 200 `{ sub }`, `null` without a token;
 * - `GET /maybe-scoped` the same, then `requireScope("orders:read")`: 200 `{ ok: true }`;
 * - `GET /any` behind `authenticate` and `requireAnyScope("orders:read", "orders:write")`: 200 `{ ok: true }`;
 * - `GET /claims` behind `authenticate` and `requireClaims((c) => c.client_id === "demo-cli")`: 200 `{ ok: true }`;
 * - `GET /claims-throws` behind `authenticate` and a `requireClaims` whose check throws a plain Error;
 * `authenticate` is given no realm; auth errors are answered by the adapter's error handler with
 * `realm`, anything else by a last handler as 500 `{ error: "server_error" }`.
 *
 * `startBare` builds an app with no error handling of its own, only the framework's default:
 * `GET /me` behind `authenticate(verifier, { realm })` and `GET /orders` behind it and
 * `requireScope("orders:read")`, with the framework in the mode where its default handler shows
 * the most (Express: env "development", which logs every error and puts its stack in the body).
 *
 * `startDiscovered` builds an app with the one-call setup: `GET /me` behind
 * `auth({ issuerBaseURL, audience, realm, clock })`, answered by the adapter's error handler given no realm.
 *
 * `startDpop` builds an app whose middlewares share one `DpopPolicy` made of `dpop`:
 * - `GET /me` behind `authenticate(verifier, { dpop: policy })`: 200 `{ sub, scopes }`;
 * - `GET /orders` behind it and `requireScope("orders:read")`: 200 `{ orders: [] }`;
 * - `POST /orders` behind it: 201 `{ created: true }`;
 * - `GET /v1/me` the same as `/me`, on a sub-router mounted at `/v1` where the framework mounts routers;
 * - `GET /maybe` behind it with `authRequired: false`: 200 `{ sub }`, `null` without a token;
 * auth errors answered by the adapter's error handler with `realm`. With `trustProxy` the framework
 * trusts `X-Forwarded-Proto` (Express `trust proxy`, Koa `app.proxy`).
 *
 * @example
 * const adapter: AdapterDriver = {
 *   realm: "koa", audience: "urn:demo:koa", otherAudience: "urn:demo:grpc",
 *   tokenExpiresIn: TOKEN_EXPIRES_IN, requireScope, requireAnyScope, requireClaims, defaultHandlerLogs: false,
 *   start: (verifier, cookie) => listening(app(verifier, cookie).listen(0, "127.0.0.1")),
 *   startBare: (verifier) => listening(bareApp(verifier).listen(0, "127.0.0.1")),
 *   startDiscovered: (options) => listening(discoveredApp(options).listen(0, "127.0.0.1")),
 *   startDpop: (verifier, dpop, options) => listening(dpopApp(verifier, dpop, options).listen(0, "127.0.0.1")),
 * };
 */
export interface AdapterDriver {
  /** The realm the apps' challenges name. */
  readonly realm: string;
  /** The audience of the verifier the suites build. */
  readonly audience: string;
  /** A resource audience that is not `audience`. */
  readonly otherAudience: string;
  /** The adapter's exported name of the remaining-lifetime header. */
  readonly tokenExpiresIn: string;
  /** The adapter's exported guards, to check they refuse to be created without what they need. */
  readonly requireScope: (...scopes: string[]) => unknown;
  readonly requireAnyScope: (...scopes: string[]) => unknown;
  readonly requireClaims: (check: ClaimCheck) => unknown;
  /** Whether the framework's default handler logs each error it answers (Express in development does). */
  readonly defaultHandlerLogs: boolean;
  start(verifier: Verifier, cookie?: CookieTransport): Promise<Running>;
  startBare(verifier: Verifier): Promise<Running>;
  startDiscovered(options: DiscoveredStart): Promise<Running>;
  startDpop(verifier: Verifier, dpop: DpopPolicyOptions, options?: { readonly trustProxy?: boolean }): Promise<Running>;
}
