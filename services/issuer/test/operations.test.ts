// What operators and browsers rely on: helmet's headers on every answer (the well-known documents
// keep their caching, /token its no-store), the optional CORS policy of CORS_ORIGINS (off by default,
// exact origins, no credentials, only the browser-facing routes), and the service kit's request log
// with the same fields as the resource services'.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALICE, startIssuer, tokenBody, type Issuer } from "./helpers.js";

const ORIGIN = "https://app.example";

let plain: Issuer;
let withCors: Issuer;
beforeAll(async () => {
  plain = await startIssuer();
  withCors = await startIssuer({ env: { CORS_ORIGINS: `${ORIGIN}, http://localhost:5173` } });
});
afterAll(async () => {
  await Promise.all([plain.close(), withCors.close()]);
});

/** Headers helmet() sets by default and the issuer did not set before it. */
function expectHelmet(res: Response): void {
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
  expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'self'");
  expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin");
  expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  expect(res.headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
  expect(res.headers.get("x-powered-by")).toBeNull();
}

describe("security headers", () => {
  it("are on every answer: token, error, discovery, probes, metrics, unknown routes", async () => {
    const answers = [
      await plain.post(ALICE),
      await plain.post({ grant_type: "nope" }),
      await fetch(`${plain.url}/.well-known/jwks.json`),
      await fetch(`${plain.url}/.well-known/oauth-authorization-server`),
      await fetch(`${plain.url}/healthz`),
      await fetch(`${plain.url}/readyz`),
      await fetch(`${plain.url}/metrics`),
      await fetch(`${plain.url}/nope`),
      await plain.post({ token: "x" }, { path: "/revoke" }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 400, 200, 200, 200, 200, 200, 404, 503]);
    for (const res of answers) expectHelmet(res);
  });

  it("leave /token no-store and the well-known documents cacheable with their ETag", async () => {
    const token = await plain.post(ALICE);
    expect(token.headers.get("cache-control")).toBe("no-store");
    expect(token.headers.get("pragma")).toBe("no-cache");
    expect(token.headers.get("etag")).toBeNull();
    for (const [path, maxAge] of [["jwks.json", 300], ["oauth-authorization-server", 3600]] as const) {
      const doc = await fetch(`${plain.url}/.well-known/${path}`);
      expect(doc.headers.get("cache-control")).toBe(`public, max-age=${maxAge}`);
      const etag = doc.headers.get("etag") ?? "";
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
      const again = await fetch(`${plain.url}/.well-known/${path}`, { headers: { "if-none-match": etag } });
      expect(again.status).toBe(304);
    }
  });
});

describe("CORS", () => {
  const preflight = (base: string, path: string, origin: string, method = "POST") =>
    fetch(`${base}${path}`, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": method, "access-control-request-headers": "content-type, dpop" },
    });

  it("is off by default: a preflight gets no allow header, an actual request neither", async () => {
    const res = await preflight(plain.url, "/token", ORIGIN);
    expect(res.status).toBe(405);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    const token = await plain.post(ALICE, { headers: { origin: ORIGIN } });
    expect(token.status).toBe(200);
    expect(token.headers.get("access-control-allow-origin")).toBeNull();
  });

  it.each(["/token", "/revoke", "/logout", "/.well-known/jwks.json", "/.well-known/oauth-authorization-server"])(
    "answers a listed origin's preflight for %s, without credentials",
    async (path) => {
      const res = await preflight(withCors.url, path, ORIGIN, path.startsWith("/.well-known") ? "GET" : "POST");
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
      expect(res.headers.get("access-control-allow-methods")).toContain("POST");
      const allowed = res.headers.get("access-control-allow-headers")?.toLowerCase() ?? "";
      for (const header of ["authorization", "content-type", "dpop"]) expect(allowed).toContain(header);
      expect(res.headers.get("access-control-allow-credentials")).toBeNull();
      expect(res.headers.get("access-control-max-age")).toBe("600");
    },
  );

  it("lets a listed origin read a token answer and an error's challenge, and the well-known documents", async () => {
    const token = await withCors.post(ALICE, { headers: { origin: "http://localhost:5173" } });
    await tokenBody(token);
    expect(token.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(token.headers.get("access-control-allow-credentials")).toBeNull();
    expect(token.headers.get("vary")?.toLowerCase()).toContain("origin");
    const refused = await withCors.post({}, { path: "/logout", headers: { origin: ORIGIN } });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    const exposed = refused.headers.get("access-control-expose-headers")?.toLowerCase() ?? "";
    for (const header of ["www-authenticate", "token-expires-in", "retry-after"]) expect(exposed).toContain(header);
    const jwks = await fetch(`${withCors.url}/.well-known/jwks.json`, { headers: { origin: ORIGIN } });
    expect(jwks.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(jwks.headers.get("cache-control")).toBe("public, max-age=300");
  });

  it("gives an origin that is not listed no allow header, on a preflight or an actual request", async () => {
    for (const origin of ["https://evil.example", "https://app.example.evil.example", "null"]) {
      const res = await preflight(withCors.url, "/token", origin);
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
      const token = await withCors.post(ALICE, { headers: { origin } });
      expect(token.headers.get("access-control-allow-origin")).toBeNull();
    }
  });

  it.each(["/admin/revocations", "/metrics", "/healthz", "/readyz"])("is not offered on %s, even to a listed origin", async (path) => {
    const res = await preflight(withCors.url, path, ORIGIN);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    const actual = await fetch(`${withCors.url}${path}`, { headers: { origin: ORIGIN } });
    expect(actual.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("request log", () => {
  it("writes the service kit's line (the resource services' fields), never the query string", async () => {
    const issuer = await startIssuer();
    try {
      await issuer.post(ALICE, { path: "/token?password=query-secret-1", headers: { "x-request-id": "ops-1" } });
      await fetch(`${issuer.url}/.well-known/jwks.json?x=query-secret-2`);
    } finally {
      await issuer.close();
    }
    const lines = issuer.logs.text.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l.msg === "request");
    expect(requests).toHaveLength(2);
    const [token, jwks] = requests;
    expect(token).toMatchObject({ service: "issuer", reqId: "ops-1", method: "POST", path: "/token", status: 200 });
    expect(jwks).toMatchObject({ method: "GET", path: "/.well-known/jwks.json", status: 200 });
    // The kit's vocabulary: duration_ms (not the issuer's former `ms`), the request id bound as reqId.
    expect(Object.keys(token ?? {}).sort()).toEqual(["duration_ms", "level", "method", "msg", "path", "reqId", "service", "status", "time"]);
    expect(typeof token?.duration_ms).toBe("number");
    expect(issuer.logs.text).not.toContain("query-secret");
  });

  it("names the OAuth error code of a refused request on its line, and only the code", async () => {
    const issuer = await startIssuer();
    try {
      await issuer.post({ ...ALICE, password: "a-wrong-password-7" });
      await issuer.post({ grant_type: "no-such-grant" });
      await fetch(`${issuer.url}/no-such-route`);
    } finally {
      await issuer.close();
    }
    const lines = issuer.logs.text.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l.msg === "request").map((l) => [l.status, l.code]);
    expect(requests).toEqual([[400, "invalid_grant"], [400, "unsupported_grant_type"], [404, "not_found"]]);
    expect(issuer.logs.text).not.toContain("a-wrong-password-7");
  });
});
