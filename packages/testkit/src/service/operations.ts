import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, logSink, type Fixture } from "../fixtures.js";
import type { Running } from "../listen.js";
import type { HttpResourceService } from "./service.js";

const ORIGIN = "https://app.example";

/**
 * What operators and browsers rely on: security headers on every answer, no-store on
 * authenticated ones, GET /metrics with refusals by reason (never a token or a subject), and the
 * optional CORS policy (off by default; exact origins; the headers a script needs exposed).
 *
 * @example
 * describeOperations(service);
 */
export function describeOperations(service: HttpResourceService): void {
  const { identity } = service;
  let setup: Fixture;
  let plain: Running;
  let withCors: Running;
  let token: string;

  beforeAll(async () => {
    setup = await fixture(identity.audience);
    plain = await service.start({ verifier: setup.verifier, logger: logSink(identity.name).logger, withMetrics: true });
    withCors = await service.start({ verifier: setup.verifier, logger: logSink(identity.name).logger, corsOrigins: [ORIGIN] });
    token = await setup.token();
  });
  afterAll(async () => {
    await Promise.all([plain.close(), withCors.close()]);
  });

  describe("security headers", () => {
    it("sends nosniff on every answer and no-store on authenticated ones", async () => {
      const health = await fetch(`${plain.url}/healthz`);
      expect(health.headers.get("x-content-type-options")).toBe("nosniff");
      const me = await fetch(`${plain.url}/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200);
      expect(me.headers.get("x-content-type-options")).toBe("nosniff");
      expect(me.headers.get("cache-control")).toBe("no-store");
      expect(me.headers.get("x-powered-by")).toBeNull();
    });
  });

  describe("GET /metrics", () => {
    it("counts requests and refusals by reason, and names no token, subject or client", async () => {
      await fetch(`${plain.url}/me`, { headers: { authorization: `Bearer ${token}` } });
      await fetch(`${plain.url}/me`, { headers: { authorization: `Bearer ${await setup.token({ aud: "urn:demo:other" })}` } });
      await fetch(`${plain.url}/nope-${"x".repeat(20)}`);
      const res = await fetch(`${plain.url}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
      const text = await res.text();
      expect(text).toMatch(/auth_refusals_total\{[^}]*reason="audience_invalid"[^}]*\} 1/);
      expect(text).toMatch(/http_requests_total\{[^}]*route="\/me"[^}]*status="200"[^}]*\} [1-9]/);
      expect(text).toContain('route="other"'); // an unknown path never becomes a label
      expect(text).not.toContain("nope-");
      expect(text).toMatch(/verification_cache_(hits|misses)_total/);
      for (const secret of [token, "alice", "demo-cli"]) expect(text).not.toContain(secret);
    });

    it("is not there without metrics", async () => {
      expect((await fetch(`${withCors.url}/metrics`)).status).toBe(404);
    });
  });

  describe("CORS", () => {
    const preflight = (base: string, origin: string) =>
      fetch(`${base}/me`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
      });

    it("is off by default: a preflight gets the JSON 404 and no allow header", async () => {
      const res = await preflight(plain.url, ORIGIN);
      expect(res.status).toBe(404);
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
    });

    it("answers a listed origin's preflight and exposes WWW-Authenticate and Token-Expires-In", async () => {
      const res = await preflight(withCors.url, ORIGIN);
      expect(res.status).toBeLessThan(300);
      expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
      expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
      expect(res.headers.get("access-control-allow-credentials")).toBeNull();
      const get = await fetch(`${withCors.url}/me`, { headers: { origin: ORIGIN, authorization: `Bearer ${token}` } });
      expect(get.headers.get("access-control-allow-origin")).toBe(ORIGIN);
      const exposed = get.headers.get("access-control-expose-headers")?.toLowerCase() ?? "";
      expect(exposed).toContain("www-authenticate");
      expect(exposed).toContain("token-expires-in");
    });

    it("allows no other origin, and never the cookie transport's CSRF header", async () => {
      const res = await preflight(withCors.url, "https://evil.example");
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
      const csrf = await fetch(`${withCors.url}/orders`, {
        method: "OPTIONS",
        headers: { origin: ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "x-requested-with" },
      });
      expect(csrf.headers.get("access-control-allow-headers")?.toLowerCase() ?? "").not.toContain("x-requested-with");
    });
  });
}
