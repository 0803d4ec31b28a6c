import { TokenError } from "@org/token";
import { errorBody } from "@org/token-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Running } from "../listen.js";
import type { AdapterDriver } from "./driver.js";
import { fixture, TTL, type Fixture } from "../fixtures.js";

const COOKIE = "access_token";
const invalidRequest = errorBody(new TokenError("invalid_request"));

/**
 * The optional cookie transport of an HTTP adapter, over real HTTP: the cookie alone, the CSRF
 * header rule (default and configured name), cookie plus header, cookie tossing, a bad cookie
 * token, off by default.
 *
 * @example
 * // test/cookie.test.ts of an adapter
 * describeCookieTransport(adapter);
 */
export function describeCookieTransport(adapter: AdapterDriver): void {
  let f: Fixture;
  let token: string;
  let on: Running;
  let custom: Running;
  let off: Running;

  beforeAll(async () => {
    f = await fixture(adapter.audience, { scope: "profile", aud: adapter.audience });
    token = await f.token();
    on = await adapter.start(f.verifier, { name: COOKIE });
    custom = await adapter.start(f.verifier, { name: COOKIE, csrfHeader: "X-CSRF" });
    off = await adapter.start(f.verifier);
  });
  afterAll(async () => {
    await Promise.all([on.close(), custom.close(), off.close()]);
  });

  const call = (base: string, method: string, path: string, headers: Record<string, string>): Promise<Response> =>
    fetch(`${base}${path}`, { method, headers });

  describe("cookie transport", () => {
    it("accepts the token from the cookie alone on GET", async () => {
      const res = await call(on.url, "GET", "/me", { cookie: `theme=dark; ${COOKIE}=${token}` });
      expect(res.status).toBe(200);
      expect(res.headers.get(adapter.tokenExpiresIn)).toBe(String(TTL));
      expect(await res.json()).toEqual({ sub: "alice", scopes: ["profile"] });
    });

    it("rejects a cookie-authenticated POST without the CSRF header with 400 invalid_request", async () => {
      const res = await call(on.url, "POST", "/orders", { cookie: `${COOKIE}=${token}` });
      expect(res.status).toBe(400);
      expect(res.headers.get("www-authenticate")).toContain('error="invalid_request"');
      expect(await res.json()).toEqual(invalidRequest);
    });

    it("accepts a cookie-authenticated POST carrying X-Requested-With", async () => {
      const res = await call(on.url, "POST", "/orders", { cookie: `${COOKIE}=${token}`, "x-requested-with": "fetch" });
      expect(res.status).toBe(201);
    });

    it("honours a configured CSRF header name", async () => {
      const withDefault = await call(custom.url, "POST", "/orders", {
        cookie: `${COOKIE}=${token}`,
        "x-requested-with": "fetch",
      });
      expect(withDefault.status).toBe(400);
      const withCustom = await call(custom.url, "POST", "/orders", { cookie: `${COOKIE}=${token}`, "x-csrf": "1" });
      expect(withCustom.status).toBe(201);
    });

    it("rejects a request carrying both the cookie and an Authorization header", async () => {
      const res = await call(on.url, "GET", "/me", { cookie: `${COOKIE}=${token}`, authorization: `Bearer ${token}` });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual(invalidRequest);
    });

    it("rejects the cookie twice (cookie tossing)", async () => {
      const res = await call(on.url, "GET", "/me", { cookie: `${COOKIE}=${token}; ${COOKIE}=${token}` });
      expect(res.status).toBe(400);
    });

    it("answers a bad cookie token with 401 invalid_token", async () => {
      const res = await call(on.url, "GET", "/me", { cookie: `${COOKIE}=${token}x` });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
    });

    it("still accepts the Authorization header when cookies are enabled", async () => {
      const res = await call(on.url, "POST", "/orders", { authorization: `Bearer ${token}` });
      expect(res.status).toBe(201);
    });

    it("ignores the cookie when the transport is off", async () => {
      const res = await call(off.url, "GET", "/me", { cookie: `${COOKIE}=${token}` });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe(`Bearer realm="${adapter.realm}"`);
    });
  });
}
