// JWKS, RFC 8414 metadata, health, revocation placeholders, unknown routes, request ids.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVerifier, generateKey, KeySet, remoteKeys } from "@org/token";
import { ALICE, errorOf, startIssuer, tokenBody, type Issuer } from "./helpers.js";

let issuer: Issuer;
beforeAll(async () => {
  const keys = await KeySet.generate("EdDSA");
  keys.add(await generateKey("ES256"));
  keys.add(await generateKey("RS256"));
  issuer = await startIssuer({ keys });
});
afterAll(() => issuer.close());

const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "k", "oth"];

describe("GET /.well-known/jwks.json", () => {
  it("publishes every key's public part with kid, alg and use: sig", async () => {
    const res = await fetch(`${issuer.url}/.well-known/jwks.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    const jwks = (await res.json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.map((k) => k.alg)).toEqual(["EdDSA", "ES256", "RS256"]);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ use: "sig", kid: expect.any(String) as string });
      for (const member of PRIVATE_MEMBERS) expect(key).not.toHaveProperty(member);
    }
    expect(jwks.keys[0]?.kid).toBe(issuer.keys.active.kid);
  });

  it("has a strong ETag and answers 304 to If-None-Match", async () => {
    const first = await fetch(`${issuer.url}/.well-known/jwks.json`);
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    const again = await fetch(`${issuer.url}/.well-known/jwks.json`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    const listed = await fetch(`${issuer.url}/.well-known/jwks.json`, { headers: { "if-none-match": `"other", ${etag}` } });
    expect(listed.status).toBe(304);
    const stale = await fetch(`${issuer.url}/.well-known/jwks.json`, { headers: { "if-none-match": '"stale"' } });
    expect(stale.status).toBe(200);
  });

  it("is what a resource service's remoteKeys loads: issued tokens verify through it", async () => {
    const keys = remoteKeys(`${issuer.url}/.well-known/jwks.json`, { clock: issuer.clock.now });
    await keys.ready();
    const verifier = createVerifier({ issuer: "http://127.0.0.1:4000", audience: "urn:demo:koa", keys, clock: issuer.clock.now });
    const token = (await tokenBody(await issuer.post(ALICE))).access_token;
    expect((await verifier.verify(token)).claims.sub).toBe("alice");
  });

  it("has a different ETag for a different key set", async () => {
    const other = await startIssuer();
    try {
      const a = (await fetch(`${issuer.url}/.well-known/jwks.json`)).headers.get("etag");
      const b = (await fetch(`${other.url}/.well-known/jwks.json`)).headers.get("etag");
      expect(a).not.toBe(b);
    } finally {
      await other.close();
    }
  });
});

describe("GET /.well-known/oauth-authorization-server", () => {
  it("is RFC 8414 metadata built from TOKEN_ISSUER", async () => {
    const custom = await startIssuer({ env: { TOKEN_ISSUER: "https://issuer.example" } });
    try {
      const res = await fetch(`${custom.url}/.well-known/oauth-authorization-server`);
      expect(res.status).toBe(200);
      expect(res.headers.get("etag")).toMatch(/^"/);
      expect(await res.json()).toEqual({
        issuer: "https://issuer.example",
        token_endpoint: "https://issuer.example/token",
        jwks_uri: "https://issuer.example/.well-known/jwks.json",
        revocation_endpoint: "https://issuer.example/revoke",
        grant_types_supported: ["password", "client_credentials", "refresh_token"],
        scopes_supported: ["orders:read", "orders:write", "profile"],
        response_types_supported: [],
        token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
        revocation_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
        dpop_signing_alg_values_supported: ["EdDSA", "ES256"],
      });
    } finally {
      await custom.close();
    }
  });
});

describe("other routes", () => {
  it("GET /healthz is 200 and GET /readyz says ready", async () => {
    expect((await fetch(`${issuer.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${issuer.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
  });

  it.each([["/revoke"], ["/logout"], ["/admin/revocations"]])("POST %s is 503 naming REDIS_URL while revocation is off", async (path) => {
    const res = await issuer.post({ token: "whatever" }, { path, headers: { authorization: "Bearer abc" } });
    expect(await res.json()).toEqual({ error: "temporarily_unavailable", error_description: "Revocation is off: set REDIS_URL to enable it" });
    expect(res.status).toBe(503);
  });

  it("an unknown route is 404 {error: not_found}", async () => {
    const res = await fetch(`${issuer.url}/nope`);
    expect(await errorOf(res)).toMatchObject({ status: 404, error: "not_found" });
  });

  it("echoes a sane X-Request-Id and replaces an unsafe one", async () => {
    const sane = await fetch(`${issuer.url}/healthz`, { headers: { "x-request-id": "abc-123" } });
    expect(sane.headers.get("x-request-id")).toBe("abc-123");
    const unsafe = await fetch(`${issuer.url}/healthz`, { headers: { "x-request-id": 'a"b{}' } });
    expect(unsafe.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const none = await fetch(`${issuer.url}/healthz`);
    expect(none.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("sends no X-Powered-By and sets nosniff", async () => {
    const res = await fetch(`${issuer.url}/healthz`);
    expect(res.headers.get("x-powered-by")).toBeNull();
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
