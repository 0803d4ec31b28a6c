import { webcrypto } from "node:crypto";
import { request } from "node:http";
import { TOKEN_ERRORS, TokenError, createDpopProof, jwkThumbprint, type TokenErrorCode } from "@org/token";
import { errorBody } from "@org/token-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Running } from "../listen.js";
import type { AdapterDriver } from "./driver.js";
import { proof, proofKey, type ProofKey, type ProofSpec } from "../dpop.js";
import { clock, fixture, NOW_MS, TTL, type Fixture } from "../fixtures.js";

/** A raw answer: status, challenge, body text. */
interface Answer {
  readonly status: number;
  readonly challenge: string | undefined;
  readonly text: string;
}

/** Sends a request through node:http with a raw header list, so two DPoP fields stay two. */
function send(url: string, method: string, headers: readonly [string, string][]): Promise<Answer> {
  const target = new URL(url);
  const raw = ["host", target.host, ...headers.flat()];
  return new Promise((resolve, reject) => {
    const req = request(target, { method, headers: raw, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const challenge = res.headers["www-authenticate"];
        resolve({ status: res.statusCode ?? 0, challenge, text: Buffer.concat(chunks).toString("utf8") });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

/**
 * DPoP (RFC 9449) through an HTTP adapter's `dpop` option, over real HTTP: the challenges of both
 * schemes, a bound token with its proof (ES256, EdDSA, a non-extractable WebCrypto key), the htu of
 * a mounted router, a query, a proxy's `publicBaseUrl` and the framework's own proxy trust; every
 * refusal of the contract (replay, wrong htm/htu/ath, another key, stale and future proofs, HS256,
 * a private jwk, two proofs, no proof, a proof without a token, a downgrade to Bearer) with its
 * exact challenge; REQUIRE_DPOP; Bearer answers unchanged.
 *
 * @example
 * // test/dpop.test.ts of an adapter
 * describeDpop(adapter);
 */
export function describeDpop(adapter: AdapterDriver): void {
  const { realm } = adapter;
  const DPOP = `DPoP realm="${realm}", algs="EdDSA ES256"`;
  // Written out, not built with wwwAuthenticate: the suite pins the exact header.
  const refusedWith = (code: TokenErrorCode, error: string): string =>
    `${DPOP}, error="${error}", error_description="${TOKEN_ERRORS[code].description}"`;

  let f: Fixture;
  let key: ProofKey;
  let token: string;
  let unbound: string;
  let server: Running;
  let strict: Running;
  let proxied: Running;
  let trusting: Running;

  beforeAll(async () => {
    f = await fixture(adapter.audience, { scope: "profile", aud: adapter.audience });
    key = proofKey("ES256");
    token = await f.token({ cnf: { jkt: key.jkt } });
    unbound = await f.token();
    [server, strict, proxied, trusting] = await Promise.all([
      adapter.startDpop(f.verifier, { clock }),
      adapter.startDpop(f.verifier, { clock, required: true }),
      adapter.startDpop(f.verifier, { clock, publicBaseUrl: "https://api.example.com/base/" }),
      adapter.startDpop(f.verifier, { clock }, { trustProxy: true }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([server.close(), strict.close(), proxied.close(), trusting.close()]);
  });

  const proofFor = (spec: Partial<ProofSpec> & { path?: string; base?: string } = {}, by: ProofKey = key): string =>
    proof(by, { htm: "GET", htu: `${spec.base ?? server.url}${spec.path ?? "/me"}`, token, iatMs: NOW_MS, ...spec });
  const dpopGet = (base: string, path: string, dpop: string[], presented = token, extra: [string, string][] = []): Promise<Answer> =>
    send(`${base}${path}`, "GET", [["authorization", `DPoP ${presented}`], ...dpop.map((p): [string, string] => ["dpop", p]), ...extra]);

  describe("DPoP", () => {
    it("answers a request without a token with both challenges, Bearer first", async () => {
      const res = await send(`${server.url}/me`, "GET", []);
      expect(res.status).toBe(401);
      expect(res.challenge).toBe(`Bearer realm="${realm}", ${DPOP}`);
      expect(JSON.parse(res.text)).toEqual(errorBody(new TokenError("token_missing")));
    });

    it("accepts a bound token with its proof (ES256), and counts Token-Expires-In", async () => {
      const res = await fetch(`${server.url}/me`, { headers: { authorization: `DPoP ${token}`, dpop: proofFor() } });
      expect(res.status).toBe(200);
      expect(res.headers.get(adapter.tokenExpiresIn)).toBe(String(TTL));
      expect(await res.json()).toEqual({ sub: "alice", scopes: ["profile"] });
    });

    it("accepts an EdDSA proof key, and a non-extractable WebCrypto key signing through createDpopProof", async () => {
      const ed = proofKey("EdDSA");
      const edToken = await f.token({ cnf: { jkt: ed.jkt } });
      expect((await dpopGet(server.url, "/me", [proofFor({ token: edToken }, ed)], edToken)).status).toBe(200);
      // A non-extractable private key; its public half is always exportable (what the thumbprint needs).
      const pair = await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
      const { kty, crv, x, y } = await webcrypto.subtle.exportKey("jwk", pair.publicKey);
      const webToken = await f.token({ cnf: { jkt: jwkThumbprint({ kty, crv, x, y }) } });
      const dpop = await createDpopProof({ ...pair, htm: "GET", htu: `${server.url}/me`, accessToken: webToken, clock });
      expect((await dpopGet(server.url, "/me", [dpop], webToken)).status).toBe(200);
    });

    it("makes the htu of the whole path: a mounted router, the query left out, the method of the request", async () => {
      expect((await dpopGet(server.url, "/v1/me", [proofFor({ path: "/v1/me" })])).status).toBe(200);
      expect((await dpopGet(server.url, "/me?page=2", [proofFor()])).status).toBe(200);
      const post = await send(`${server.url}/orders`, "POST", [["authorization", `DPoP ${token}`], ["dpop", proofFor({ htm: "POST", path: "/orders" })]]);
      expect(post.status).toBe(201);
      const wrongMethod = await send(`${server.url}/orders`, "POST", [["authorization", `DPoP ${token}`], ["dpop", proofFor({ path: "/orders" })]]);
      expect(wrongMethod).toMatchObject({ status: 401, challenge: refusedWith("dpop_proof_invalid", "invalid_dpop_proof") });
    });

    it("refuses a replayed proof, also at another middleware sharing the app's policy", async () => {
      const once = proofFor();
      expect((await dpopGet(server.url, "/me", [once])).status).toBe(200);
      expect(await dpopGet(server.url, "/me", [once])).toMatchObject({ status: 401, challenge: refusedWith("dpop_proof_invalid", "invalid_dpop_proof") });
      const shared = proofFor({ path: "/maybe" });
      expect((await dpopGet(server.url, "/maybe", [shared])).status).toBe(200);
      expect((await dpopGet(server.url, "/maybe", [shared])).status).toBe(401);
    });

    const badProofs: [string, () => string[], TokenErrorCode, string][] = [
      ["a proof for another path", () => [proofFor({ path: "/orders" })], "dpop_proof_invalid", "invalid_dpop_proof"],
      ["a proof for another origin", () => [proofFor({ base: "http://127.0.0.1:1" })], "dpop_proof_invalid", "invalid_dpop_proof"],
      ["a proof for another token (ath)", () => [proofFor({ token: unbound })], "dpop_proof_invalid", "invalid_dpop_proof"],
      ["a proof without ath", () => [proof(key, { htm: "GET", htu: `${server.url}/me`, iatMs: NOW_MS })], "dpop_proof_invalid", "invalid_dpop_proof"],
      ["a proof by another key (a thief's)", () => [proofFor({}, proofKey("ES256"))], "dpop_binding_mismatch", "invalid_token"],
      ["a proof issued 2 minutes ago", () => [proofFor({ iatMs: NOW_MS - 120_000 })], "dpop_proof_invalid", "invalid_dpop_proof"],
      ["a proof issued 1 minute ahead", () => [proofFor({ iatMs: NOW_MS + 60_000 })], "dpop_proof_invalid", "invalid_dpop_proof"],
      ["an HS256 proof", () => [proofFor({ hs256: true })], "dpop_proof_invalid", "invalid_dpop_proof"],
      ["a proof whose jwk carries the private key", () => [proofFor({ privateJwk: true })], "dpop_proof_invalid", "invalid_dpop_proof"],
      ["a proof of typ JWT", () => [proofFor({ typ: "JWT" })], "dpop_proof_invalid", "invalid_dpop_proof"],
      ["two DPoP fields", () => [proofFor(), proofFor()], "dpop_proof_invalid", "invalid_dpop_proof"],
      ["no DPoP field", () => [], "dpop_proof_missing", "invalid_dpop_proof"],
      ["a proof that is no JWS", () => ["not-a-proof"], "dpop_proof_invalid", "invalid_dpop_proof"],
    ];
    it.each(badProofs)("refuses %s: 401 with the DPoP challenge", async (_name, proofs, code, error) => {
      const sent = proofs();
      const res = await dpopGet(server.url, "/me", sent);
      expect(res.status).toBe(401);
      expect(res.challenge).toBe(refusedWith(code, error));
      expect(JSON.parse(res.text)).toEqual(errorBody(new TokenError(code)));
      for (const secret of [token, ...sent]) expect(res.text + (res.challenge ?? "")).not.toContain(secret.slice(-24));
    });

    it("refuses a bound token presented as Bearer (a downgrade) with invalid_token on the DPoP challenge", async () => {
      const res = await send(`${server.url}/me`, "GET", [["authorization", `Bearer ${token}`], ["dpop", proofFor()]]);
      expect(res.status).toBe(401);
      expect(res.challenge).toBe(refusedWith("dpop_scheme_required", "invalid_token"));
    });

    it("refuses a proof without a token with 400 invalid_request", async () => {
      const res = await send(`${server.url}/me`, "GET", [["dpop", proofFor()]]);
      expect(res.status).toBe(400);
      expect(res.challenge).toBe(refusedWith("dpop_proof_without_token", "invalid_request"));
      expect(JSON.parse(res.text)).toEqual(errorBody(new TokenError("dpop_proof_without_token")));
    });

    it("refuses malformed DPoP credentials with 400 invalid_request on the DPoP challenge", async () => {
      const res = await send(`${server.url}/me`, "GET", [["authorization", `DPoP ${token} ${token}`], ["dpop", proofFor()]]);
      expect(res).toMatchObject({ status: 400, challenge: refusedWith("invalid_request", "invalid_request") });
    });

    it("answers a missing scope of a DPoP token with 403 on the DPoP challenge", async () => {
      const res = await dpopGet(server.url, "/orders", [proofFor({ path: "/orders" })]);
      expect(res.status).toBe(403);
      expect(res.challenge).toBe(`${refusedWith("scope_insufficient", "insufficient_scope")}, scope="orders:read"`);
    });

    it("keeps every Bearer answer as before: an unbound token passes, a bad one gets the Bearer challenge", async () => {
      const ok = await send(`${server.url}/me`, "GET", [["authorization", `Bearer ${unbound}`]]);
      expect(ok.status).toBe(200);
      const expired = await f.token({ issuedAtMs: NOW_MS - 3_600_000 });
      const bad = await send(`${server.url}/me`, "GET", [["authorization", `Bearer ${expired}`]]);
      expect(bad.challenge).toBe(`Bearer realm="${realm}", error="invalid_token", error_description="${TOKEN_ERRORS.token_expired.description}"`);
      const scoped = await send(`${server.url}/orders`, "GET", [["authorization", `Bearer ${unbound}`]]);
      expect(scoped.challenge).toMatch(/^Bearer realm="[^"]+", error="insufficient_scope"/);
    });

    it("with DPoP required: only the DPoP challenge, an unbound Bearer token refused, a bound one with its proof accepted", async () => {
      expect((await send(`${strict.url}/me`, "GET", [])).challenge).toBe(DPOP);
      const bearer = await send(`${strict.url}/me`, "GET", [["authorization", `Bearer ${unbound}`]]);
      expect(bearer).toMatchObject({ status: 401, challenge: refusedWith("dpop_required", "invalid_token") });
      expect((await dpopGet(strict.url, "/me", [proofFor({ base: strict.url })])).status).toBe(200);
    });

    it("behind a proxy, takes the publicBaseUrl the client signs and not the URL the service sees (nor its Host)", async () => {
      expect((await dpopGet(proxied.url, "/me", [proofFor({ base: "https://api.example.com/base" })])).status).toBe(200);
      expect((await dpopGet(proxied.url, "/me", [proofFor({ base: proxied.url })])).status).toBe(401);
      const host = new URL(proxied.url).host;
      const spoofed = await dpopGet(proxied.url, "/me", [proofFor({ base: "http://evil.example" })], token, [["x-forwarded-host", "evil.example"]]);
      expect(spoofed.status).toBe(401);
      expect(host).not.toBe("evil.example");
    });

    it("without publicBaseUrl, follows the framework's proxy trust for the scheme, and only then", async () => {
      const forwarded: [string, string][] = [["x-forwarded-proto", "https"]];
      const https = `https://${new URL(trusting.url).host}`;
      expect((await dpopGet(trusting.url, "/me", [proofFor({ base: https })], token, forwarded)).status).toBe(200);
      expect((await dpopGet(server.url, "/me", [proofFor({ base: `https://${new URL(server.url).host}` })], token, forwarded)).status).toBe(401);
    });
  });
}
