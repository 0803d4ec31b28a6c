// Loopback HTTP helpers: listen on 127.0.0.1:0, stop, and ask a route with and without a token.
import { strict as assert } from "node:assert";
import { once } from "node:events";
import type { Server } from "node:http";

/**
 * The `realm` of every challenge the programs' apps send.
 *
 * @example
 * ```ts
 * app.use(authErrorHandler({ realm: REALM }));
 * ```
 */
export const REALM = "consumer";

/**
 * Listens on a free port of 127.0.0.1 and returns the base URL.
 *
 * @example
 * ```ts
 * const url = await listen(createServer(app)); // "http://127.0.0.1:40123"
 * ```
 */
export async function listen(server: Server): Promise<string> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (address === null || typeof address === "string") throw new TypeError("not a TCP server");
  return `http://127.0.0.1:${address.port}`;
}

/**
 * Stops the server, ending idle keep-alive connections rather than waiting for them.
 *
 * @example
 * ```ts
 * await close(server);
 * ```
 */
export async function close(server: Server): Promise<void> {
  const closed = once(server, "close");
  server.close();
  server.closeAllConnections();
  await closed;
}

/**
 * What a protected route answered, with and without a token.
 *
 * @example
 * ```ts
 * const result: Probe = { withToken: { status: 200, sub: "alice" }, without: { status: 401, challenge: 'Bearer realm="consumer"' } };
 * ```
 */
export interface Probe {
  readonly withToken: { readonly status: number; readonly sub: unknown };
  readonly without: { readonly status: number; readonly challenge: string | null };
}

/**
 * GETs `url` with `Authorization: Bearer <token>` and with no credentials at all.
 *
 * @example
 * ```ts
 * const { withToken, without } = await probe(`${url}/me`, token);
 * ```
 */
export async function probe(url: string, token: string): Promise<Probe> {
  const granted = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body: unknown = await granted.json();
  const sub = typeof body === "object" && body !== null && "sub" in body ? body.sub : undefined;
  const refused = await fetch(url);
  await refused.body?.cancel();
  return {
    withToken: { status: granted.status, sub },
    without: { status: refused.status, challenge: refused.headers.get("www-authenticate") },
  };
}

/**
 * Asserts RFC 6750's answers: 200 for `sub`'s token; 401 with the bare challenge (no `error`
 * attribute: the request had no credentials) without one.
 *
 * @example
 * ```ts
 * expectProtected(await probe(`${url}/me`, token), "alice");
 * ```
 */
export function expectProtected(result: Probe, sub: string): void {
  assert.deepEqual(result, {
    withToken: { status: 200, sub },
    without: { status: 401, challenge: `Bearer realm="${REALM}"` },
  });
}
