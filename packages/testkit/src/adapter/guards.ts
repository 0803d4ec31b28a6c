import { TOKEN_ERRORS, TokenError, type TokenErrorCode } from "@org/token";
import { errorBody, wwwAuthenticate } from "@org/token-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Running } from "../listen.js";
import type { AdapterDriver } from "./driver.js";
import { fixture, keylessVerifier, NOW_MS, TTL, type Fixture } from "../fixtures.js";

/**
 * Optional authentication (`authRequired: false`), the any-of scope guard and the claim check of
 * an HTTP adapter, over real HTTP: what passes, what is refused, and the exact challenges.
 *
 * @example
 * // test/guards.test.ts of an adapter
 * describeGuards(adapter);
 */
export function describeGuards(adapter: AdapterDriver): void {
  const bare = `Bearer realm="${adapter.realm}"`;
  const challenge = (code: TokenErrorCode, error: string): string =>
    `${bare}, error="${error}", error_description="${TOKEN_ERRORS[code].description}"`;

  let f: Fixture;
  let server: Running;
  let keyless: Running;

  beforeAll(async () => {
    f = await fixture(adapter.audience, { scope: "profile", aud: adapter.audience });
    server = await adapter.start(f.verifier);
    keyless = await adapter.start(keylessVerifier(adapter.audience));
  });
  afterAll(async () => {
    await Promise.all([server.close(), keyless.close()]);
  });

  const get = (path: string, headers: Record<string, string> = {}, base = server.url): Promise<Response> =>
    fetch(`${base}${path}`, { headers });
  const bearer = async (scope?: string, more: { client_id?: string } = {}): Promise<Record<string, string>> => ({
    authorization: `Bearer ${await f.token({ ...(scope === undefined ? {} : { scope }), ...more })}`,
  });

  describe("optional authentication (authRequired: false)", () => {
    it.each<[string, Record<string, string>]>([
      ["no Authorization header", {}],
      ["credentials of another scheme", { authorization: "Basic dXNlcjpwYXNz" }],
    ])("runs the route without a token (%s): auth undefined, no Token-Expires-In", async (_name, headers) => {
      const res = await get("/maybe", headers);
      expect(res.status).toBe(200);
      expect(res.headers.get(adapter.tokenExpiresIn)).toBeNull();
      expect(await res.json()).toEqual({ sub: null });
    });

    it("sets the verified token when there is a good one", async () => {
      const res = await get("/maybe", await bearer());
      expect(res.status).toBe(200);
      expect(res.headers.get(adapter.tokenExpiresIn)).toBe(String(TTL));
      expect(await res.json()).toEqual({ sub: "alice" });
    });

    it.each<[string, TokenErrorCode, string, () => Promise<string>]>([
      ["a bad signature", "token_malformed", "invalid_token", async () => `Bearer ${await f.token()}x`],
      ["an expired token", "token_expired", "invalid_token", async () => `Bearer ${await f.token({ issuedAtMs: NOW_MS - 3_600_000 })}`],
      ["another audience", "audience_invalid", "invalid_token", async () => `Bearer ${await f.token({ aud: adapter.otherAudience })}`],
      ["malformed Bearer credentials", "invalid_request", "invalid_request", () => Promise.resolve("Bearer")],
    ])("still refuses %s", async (_name, code, error, header) => {
      const res = await get("/maybe", { authorization: await header() });
      expect(res.status).toBe(code === "invalid_request" ? 400 : 401);
      expect(res.headers.get("www-authenticate")).toBe(challenge(code, error));
      expect(await res.json()).toEqual(errorBody(new TokenError(code)));
    });

    it("needs no keys without a token, and fails closed with one", async () => {
      expect((await get("/maybe", {}, keyless.url)).status).toBe(200);
      const res = await get("/maybe", await bearer(), keyless.url);
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
    });

    it("leaves the refusal to a guard after it: 401 and the bare challenge", async () => {
      const res = await get("/maybe-scoped");
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe(bare);
      expect((await get("/maybe-scoped", await bearer("orders:read"))).status).toBe(200);
    });
  });

  describe("requireAnyScope", () => {
    it.each(["orders:read", "orders:write", "profile orders:write"])("lets a token with %s through", async (scope) => {
      const res = await get("/any", await bearer(scope));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true });
    });

    it("answers a token with none of them 403, naming every scope it would accept", async () => {
      const res = await get("/any", await bearer("profile"));
      expect(res.status).toBe(403);
      const expected = new TokenError("scope_insufficient", { scope: "orders:read orders:write" });
      expect(res.headers.get("www-authenticate")).toBe(wwwAuthenticate(adapter.realm, expected));
      expect(res.headers.get("www-authenticate")).toContain('scope="orders:read orders:write"');
      expect(res.headers.get(adapter.tokenExpiresIn)).toBe(String(TTL));
      expect(await res.json()).toEqual(errorBody(expected));
    });

    it("refuses to be created without a scope", () => {
      expect(() => adapter.requireAnyScope()).toThrow(TypeError);
    });
  });

  describe("requireClaims", () => {
    it("lets a token whose claims pass the check through", async () => {
      expect((await get("/claims", await bearer())).status).toBe(200);
    });

    it("answers a token that fails the check 403 insufficient_scope, with no scope to name", async () => {
      const res = await get("/claims", await bearer(undefined, { client_id: "reporting-job" }));
      expect(res.status).toBe(403);
      expect(res.headers.get("www-authenticate")).toBe(challenge("scope_insufficient", "insufficient_scope"));
      expect(res.headers.get(adapter.tokenExpiresIn)).toBe(String(TTL));
      expect(await res.json()).toEqual(errorBody(new TokenError("scope_insufficient")));
    });

    it("hands an error of the check itself on as a server error", async () => {
      const res = await get("/claims-throws", await bearer());
      expect(res.status).toBe(500);
      expect(res.headers.get("www-authenticate")).toBeNull();
      expect(await res.json()).toEqual({ error: "server_error" });
    });

    it("answers 401 without a verified token", async () => {
      const res = await get("/claims");
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe(bare);
    });

    it("refuses to be created without a check function", () => {
      expect(() => adapter.requireClaims("client_id" as unknown as () => boolean)).toThrow(TypeError);
    });
  });
}
