import { TOKEN_ERRORS, TokenError, generateKey, type TokenErrorCode } from "@org/token";
import { errorBody, wwwAuthenticate } from "@org/token-http";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Running } from "../listen.js";
import type { AdapterDriver } from "./driver.js";
import { fixture, keylessVerifier, NOW_MS, TTL, type Fixture } from "../fixtures.js";

/**
 * `authenticate` and `requireScope` of an HTTP adapter, over real HTTP: challenges, status codes,
 * JSON error bodies, Token-Expires-In, keys unavailable, errors handed on.
 *
 * @example
 * // test/authenticate.test.ts of an adapter
 * describeAuthenticate(adapter);
 */
export function describeAuthenticate(adapter: AdapterDriver): void {
  // Written out, not built with wwwAuthenticate: the suite pins the exact header.
  function challenge(code: TokenErrorCode): string {
    const error = code === "invalid_request" ? "invalid_request" : "invalid_token";
    return `Bearer realm="${adapter.realm}", error="${error}", error_description="${TOKEN_ERRORS[code].description}"`;
  }

  let f: Fixture;
  let server: Running;
  let keyless: Running;

  beforeAll(async () => {
    f = await fixture(adapter.audience, { scope: "profile", aud: adapter.audience });
    server = await adapter.start(f.verifier);
    keyless = await adapter.start(keylessVerifier(adapter.audience));
  });
  afterAll(async () => {
    await server.close();
    await keyless.close();
  });

  const get = (path: string, headers: Record<string, string> = {}, base = server.url): Promise<globalThis.Response> =>
    fetch(`${base}${path}`, { headers });

  describe("authenticate", () => {
    it("answers a request without a token with 401 and the bare challenge", async () => {
      const res = await get("/me");
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe(`Bearer realm="${adapter.realm}"`);
      expect(res.headers.get(adapter.tokenExpiresIn)).toBeNull();
      expect(await res.json()).toEqual(errorBody(new TokenError("token_missing")));
    });

    // RFC 6750 §3.1: credentials of another scheme carry no Bearer token: the answer to no token.
    const otherSchemes: [string, (token: string) => string][] = [
      ["Basic credentials", () => "Basic dXNlcjpwYXNz"],
      ["another scheme", (token) => `Token ${token}`],
      ["a bare token", (token) => token],
      ["the token glued to Bearer", (token) => `Bearer${token}`],
    ];
    it.each(otherSchemes)("answers %s like no token: 401 and the bare challenge", async (_name, header) => {
      const res = await get("/me", { authorization: header(await f.token()) });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe(`Bearer realm="${adapter.realm}"`);
      expect(res.headers.get(adapter.tokenExpiresIn)).toBeNull();
      expect(await res.json()).toEqual(errorBody(new TokenError("token_missing")));
    });

    it("sets the verified token and Token-Expires-In for a valid token", async () => {
      const token = await f.token({ scope: "profile orders:read" });
      const res = await get("/me", { authorization: `Bearer ${token}` });
      expect(res.status).toBe(200);
      expect(res.headers.get(adapter.tokenExpiresIn)).toBe(String(TTL));
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(await res.json()).toEqual({ sub: "alice", scopes: ["profile", "orders:read"] });
    });

    it("counts Token-Expires-In down from the token's exp", async () => {
      const token = await f.token({ issuedAtMs: NOW_MS - 100_000 });
      const res = await get("/me", { authorization: `Bearer ${token}` });
      expect(res.headers.get(adapter.tokenExpiresIn)).toBe(String(TTL - 100));
    });

    it("accepts the scheme in lower case", async () => {
      const res = await get("/me", { authorization: `bearer ${await f.token()}` });
      expect(res.status).toBe(200);
    });

    it.each<[string, (token: string) => string]>([
      ["two tokens", (token) => `Bearer ${token} ${token}`],
      ["no token after the scheme", () => "Bearer"],
      ["a character outside b64token", (token) => `Bearer ${token}"`],
    ])("answers malformed Bearer credentials (%s) with 400 invalid_request", async (_name, header) => {
      const res = await get("/me", { authorization: header(await f.token()) });
      expect(res.status).toBe(400);
      expect(res.headers.get("www-authenticate")).toBe(challenge("invalid_request"));
      expect(await res.json()).toEqual(errorBody(new TokenError("invalid_request")));
    });

    it("answers two Authorization fields with 400 invalid_request, even when each is valid", async () => {
      const token = await f.token();
      const url = new URL(`${server.url}/me`);
      // fetch would merge the two fields into one; node:http with a raw list sends them apart.
      const answer = await new Promise<{ status: number | undefined; challenge: string | undefined }>((resolve, reject) => {
        const headers = ["host", url.host, "authorization", `Bearer ${token}`, "authorization", `Bearer ${token}`];
        const req = request(url, { headers, agent: false }, (res) => {
          res.resume();
          res.on("end", () => {
            resolve({ status: res.statusCode, challenge: res.headers["www-authenticate"] });
          });
        });
        req.on("error", reject);
        req.end();
      });
      expect(answer).toEqual({ status: 400, challenge: challenge("invalid_request") });
    });

    const bad: [string, TokenErrorCode, () => Promise<string>][] = [
      ["expired", "token_expired", () => f.token({ issuedAtMs: NOW_MS - 3_600_000 })],
      ["for another audience", "audience_invalid", () => f.token({ aud: adapter.otherAudience })],
      ["from another issuer", "issuer_invalid", () => f.token({ issuer: "http://evil.example" })],
      ["signed by an unknown key", "key_unknown", async () => f.token({ key: await generateKey() })],
      ["not a JWS", "token_malformed", () => Promise.resolve("not.a.jws")],
    ];
    it.each(bad)("answers a token %s with 401 invalid_token (%s)", async (_name, code, make) => {
      const token = await make();
      const res = await get("/me", { authorization: `Bearer ${token}` });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe(challenge(code));
      expect(res.headers.get(adapter.tokenExpiresIn)).toBeNull();
      const text = await res.text();
      expect(JSON.parse(text)).toEqual(errorBody(new TokenError(code)));
      expect(text).not.toContain(token);
    });

    it("answers 503 with Retry-After and a bare challenge while keys are unavailable", async () => {
      const res = await get("/me", { authorization: `Bearer ${await f.token()}` }, keyless.url);
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect(res.headers.get("www-authenticate")).toBe(`Bearer realm="${adapter.realm}"`);
      expect(await res.json()).toEqual(errorBody(new TokenError("keys_unavailable")));
    });

    it("hands errors that are not TokenErrors on, keeping Token-Expires-In", async () => {
      const res = await get("/boom", { authorization: `Bearer ${await f.token()}` });
      expect(res.status).toBe(500);
      expect(res.headers.get(adapter.tokenExpiresIn)).toBe(String(TTL));
      expect(res.headers.get("www-authenticate")).toBeNull();
      expect(await res.json()).toEqual({ error: "server_error" });
    });
  });

  describe("requireScope", () => {
    it("lets a token with the scope through", async () => {
      const res = await get("/orders", { authorization: `Bearer ${await f.token({ scope: "orders:read" })}` });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ orders: [] });
    });

    it("answers a token without the scope with 403 insufficient_scope, keeping Token-Expires-In", async () => {
      const res = await get("/orders", { authorization: `Bearer ${await f.token({ scope: "profile" })}` });
      expect(res.status).toBe(403);
      const expected = new TokenError("scope_insufficient", { scope: "orders:read" });
      expect(res.headers.get("www-authenticate")).toBe(wwwAuthenticate(adapter.realm, expected));
      expect(res.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
      expect(res.headers.get("www-authenticate")).toContain('scope="orders:read"');
      expect(res.headers.get(adapter.tokenExpiresIn)).toBe(String(TTL));
      expect(await res.json()).toEqual(errorBody(expected));
    });

    it("needs every listed scope and names them all", async () => {
      const res = await get("/both", { authorization: `Bearer ${await f.token({ scope: "orders:read" })}` });
      expect(res.status).toBe(403);
      expect(res.headers.get("www-authenticate")).toContain('scope="orders:read orders:write"');
      const ok = await get("/both", { authorization: `Bearer ${await f.token({ scope: "orders:read orders:write" })}` });
      expect(ok.status).toBe(200);
    });

    it("answers 401 when no authenticate ran before it", async () => {
      const res = await get("/unguarded", { authorization: `Bearer ${await f.token({ scope: "orders:read" })}` });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe(`Bearer realm="${adapter.realm}"`);
    });

    it("refuses to be created without a scope", () => {
      expect(() => adapter.requireScope()).toThrow(TypeError);
    });
  });
}
