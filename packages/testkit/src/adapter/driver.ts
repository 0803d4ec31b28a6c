// What the adapter suites need from each HTTP adapter's own test files.
import type { Verifier } from "@org/token";
import type { CookieTransport } from "@org/token-http";
import type { Running } from "../listen.js";

/**
 * An HTTP framework adapter under test. `start` builds, with the adapter's own middlewares, an
 * app answering on 127.0.0.1, port 0:
 * - `GET /me` behind `authenticate`: 200 `{ sub, scopes }` of the verified token;
 * - `GET /orders` behind `authenticate` and `requireScope("orders:read")`: 200 `{ orders: [] }`;
 * - `GET /both` behind `authenticate` and `requireScope("orders:read", "orders:write")`: 200 `{ ok: true }`;
 * - `POST /orders` behind `authenticate`: 201 `{ created: true }`;
 * - `GET /boom` behind `authenticate`: the handler throws a plain Error;
 * - `GET /unguarded` behind `requireScope("orders:read")` only: 200 `{ ok: true }`;
 * auth errors answered by the adapter's error handler with `realm`, anything else by a last
 * handler as 500 `{ error: "server_error" }`.
 *
 * @example
 * const adapter: AdapterDriver = {
 *   realm: "koa", audience: "urn:demo:koa", otherAudience: "urn:demo:grpc",
 *   tokenExpiresIn: TOKEN_EXPIRES_IN, requireScope,
 *   start: (verifier, cookie) => listening(app(verifier, cookie).listen(0, "127.0.0.1")),
 * };
 */
export interface AdapterDriver {
  /** The realm the app's auth error handler is given. */
  readonly realm: string;
  /** The audience of the verifier the suites build. */
  readonly audience: string;
  /** A resource audience that is not `audience`. */
  readonly otherAudience: string;
  /** The adapter's exported name of the remaining-lifetime header. */
  readonly tokenExpiresIn: string;
  /** The adapter's exported `requireScope`, to check it refuses to be created without a scope. */
  readonly requireScope: (...scopes: string[]) => unknown;
  start(verifier: Verifier, cookie?: CookieTransport): Promise<Running>;
}
