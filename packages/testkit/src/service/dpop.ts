import { TOKEN_ERRORS, exportPublicJwk, generateKey, type Key } from "@org/token";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proof, proofKey, type ProofKey } from "../dpop.js";
import { clock, ISSUER, NOW_MS, tokenMaker } from "../fixtures.js";
import type { Running } from "../listen.js";
import type { HttpResourceService } from "./service.js";

/**
 * DPoP as main builds it from the environment (contract, "Sender-constrained tokens"): a bound
 * token with its proof on every route, both challenges for a missing token, REQUIRE_DPOP refusing
 * Bearer tokens, and PUBLIC_BASE_URL naming the URL proofs are made for. The refusals themselves
 * are the adapters' suite (`describeDpop`) and the conformance suite's.
 *
 * @example
 * describeDpopSettings(service);
 */
export function describeDpopSettings(service: HttpResourceService): void {
  const { identity } = service;
  const realm = identity.service;
  let key: Key;
  let client: ProofKey;
  let bound: string;
  let unbound: string;
  let plain: Running;
  let strict: Running;
  let proxied: Running;

  beforeAll(async () => {
    key = await generateKey();
    client = proofKey("EdDSA");
    const token = tokenMaker(key, { aud: identity.audience, scope: "profile orders:read orders:write" });
    [bound, unbound] = await Promise.all([token({ cnf: { jkt: client.jkt } }), token()]);
    const env = { TOKEN_ISSUER: ISSUER, JWKS: JSON.stringify({ keys: [exportPublicJwk(key)] }) };
    [plain, strict, proxied] = await Promise.all([
      service.startFromEnv(env, clock),
      service.startFromEnv({ ...env, REQUIRE_DPOP: "true" }, clock),
      service.startFromEnv({ ...env, PUBLIC_BASE_URL: "https://api.example.com/resource/" }, clock),
    ]);
  });
  afterAll(async () => {
    await Promise.all([plain.close(), strict.close(), proxied.close()]);
  });

  const call = (base: string, method: string, path: string, scheme: string, token: string, htu?: string, body?: string): Promise<Response> =>
    fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `${scheme} ${token}`,
        ...(htu === undefined ? {} : { dpop: proof(client, { htm: method, htu, token, iatMs: NOW_MS }) }),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body }),
    });

  describe("DPoP settings", () => {
    it("takes a DPoP-bound token with its proof on every route, and a Bearer token as before", async () => {
      const me = await call(plain.url, "GET", "/me", "DPoP", bound, `${plain.url}/me`);
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ sub: "alice", service: identity.service });
      expect((await call(plain.url, "GET", "/orders?page_size=1", "DPoP", bound, `${plain.url}/orders`)).status).toBe(200);
      const order = JSON.stringify({ item: "book", quantity: 1 });
      expect((await call(plain.url, "POST", "/orders", "DPoP", bound, `${plain.url}/orders`, order)).status).toBe(201);
      expect((await call(plain.url, "GET", "/me", "Bearer", unbound)).status).toBe(200);
    });

    it("challenges a request without a token with both schemes, naming the service", async () => {
      const res = await fetch(`${plain.url}/me`);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe(`Bearer realm="${realm}", DPoP realm="${realm}", algs="EdDSA ES256"`);
    });

    it("refuses a bound token presented as Bearer", async () => {
      const res = await call(plain.url, "GET", "/me", "Bearer", bound);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe(
        `DPoP realm="${realm}", algs="EdDSA ES256", error="invalid_token", error_description="${TOKEN_ERRORS.dpop_scheme_required.description}"`,
      );
    });

    it("with REQUIRE_DPOP=true, refuses an unbound Bearer token and offers DPoP alone", async () => {
      const res = await call(strict.url, "GET", "/me", "Bearer", unbound);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe(
        `DPoP realm="${realm}", algs="EdDSA ES256", error="invalid_token", error_description="${TOKEN_ERRORS.dpop_required.description}"`,
      );
      expect((await fetch(`${strict.url}/me`)).headers.get("www-authenticate")).toBe(`DPoP realm="${realm}", algs="EdDSA ES256"`);
      expect((await call(strict.url, "GET", "/me", "DPoP", bound, `${strict.url}/me`)).status).toBe(200);
    });

    it("with PUBLIC_BASE_URL, takes proofs for the public URL only", async () => {
      expect((await call(proxied.url, "GET", "/me", "DPoP", bound, "https://api.example.com/resource/me")).status).toBe(200);
      const seen = await call(proxied.url, "GET", "/me", "DPoP", bound, `${proxied.url}/me`);
      expect(seen.status).toBe(401);
      expect(seen.headers.get("www-authenticate")).toContain('error="invalid_dpop_proof"');
    });
  });
}
