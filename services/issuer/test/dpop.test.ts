// DPoP at the token endpoint (RFC 9449 §5, contract "Sender-constrained tokens"): a proof binds
// the tokens of every grant to its key, a public client's refresh token included, which then needs
// a proof by that key; a bad proof is 400 invalid_dpop_proof.
import { request } from "node:http";
import { proof, proofKey, type ProofKey, type ProofSpec } from "@org/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashSecret } from "../src/identities/hash.js";
import { parseIdentities } from "../src/identities/store.js";
import { ALICE, CHEAP, decodePart, errorOf, identitiesDocument, SECRETS, startIssuer, tokenBody, type Issuer } from "./helpers.js";

const REPORTING = { grant_type: "client_credentials", client_id: "reporting-job", client_secret: SECRETS.reporting, scope: "orders:read" };

let issuer: Issuer;
let key: ProofKey;

beforeAll(async () => {
  // The demo identities plus a confidential client that may log users in and refresh.
  const document = await identitiesDocument();
  const clients = document.clients as Record<string, unknown>[];
  clients.push({
    client_id: "web-backend",
    type: "confidential",
    secret_hash: await hashSecret("web-backend-secret", CHEAP),
    grant_types: ["password", "refresh_token"],
  });
  issuer = await startIssuer({ identities: await parseIdentities(document) });
  key = proofKey("ES256");
});
afterAll(async () => {
  await issuer.close();
});

const tokenEndpoint = (): string => `${issuer.config.issuer}/token`;
const proofFor = (spec: Partial<ProofSpec> = {}, by: ProofKey = key): string =>
  proof(by, { htm: "POST", htu: tokenEndpoint(), iatMs: issuer.clock.ms, ...spec });
const withProof = (params: Record<string, string>, dpop: string = proofFor()): Promise<Response> =>
  issuer.post(params, { headers: { dpop } });

describe("POST /token with a DPoP proof", () => {
  it("binds the password grant's access and refresh tokens to the proof key, and says DPoP", async () => {
    const body = await tokenBody(await withProof(ALICE));
    expect(body.token_type).toBe("DPoP");
    expect(decodePart(body.access_token, 1).cnf).toEqual({ jkt: key.jkt });
    expect(decodePart(body.refresh_token ?? "", 1).cnf).toEqual({ jkt: key.jkt });
    // The resource services' verifier returns it; the binding check is theirs.
    expect((await (await issuer.verifier()).verify(body.access_token)).claims.cnf).toEqual({ jkt: key.jkt });
  });

  it("binds the client credentials grant's token too (there is no refresh token)", async () => {
    const body = await tokenBody(await withProof(REPORTING));
    expect(body).toMatchObject({ token_type: "DPoP", scope: "orders:read" });
    expect(decodePart(body.access_token, 1).cnf).toEqual({ jkt: key.jkt });
    expect(body.refresh_token).toBeUndefined();
  });

  it("leaves a confidential client's refresh token bound to its authentication, not to the key", async () => {
    const login = await tokenBody(await withProof({ ...ALICE, client_id: "web-backend", client_secret: "web-backend-secret" }));
    expect(decodePart(login.access_token, 1).cnf).toEqual({ jkt: key.jkt });
    expect(decodePart(login.refresh_token ?? "", 1).cnf).toBeUndefined();
    const refreshed = await tokenBody(
      await issuer.post({ grant_type: "refresh_token", refresh_token: login.refresh_token ?? "", client_id: "web-backend", client_secret: "web-backend-secret" }),
    );
    expect(refreshed.token_type).toBe("Bearer");
  });

  it("issues Bearer tokens as before without the header", async () => {
    const body = await tokenBody(await issuer.post(ALICE));
    expect(body.token_type).toBe("Bearer");
    expect(decodePart(body.access_token, 1).cnf).toBeUndefined();
    expect(decodePart(body.refresh_token ?? "", 1).cnf).toBeUndefined();
  });

  const bad: [string, () => string][] = [
    ["another htu", () => proofFor({ htu: `${issuer.config.issuer}/elsewhere` })],
    ["the URL the request was sent to, not the token endpoint's", () => proofFor({ htu: `${issuer.url}/token` })],
    ["htm GET", () => proofFor({ htm: "GET" })],
    ["an iat ten minutes ago", () => proofFor({ iatMs: issuer.clock.ms - 600_000 })],
    ["an iat a minute ahead", () => proofFor({ iatMs: issuer.clock.ms + 60_000 })],
    ["HS256", () => proofFor({ hs256: true })],
    ["a private jwk", () => proofFor({ privateJwk: true })],
    ["typ JWT", () => proofFor({ typ: "JWT" })],
    ["no JWS at all", () => "not-a-proof"],
  ];
  it.each(bad)("refuses a proof with %s: 400 invalid_dpop_proof, no-store, no token", async (_name, make) => {
    const res = await withProof(ALICE, make());
    expect(res.headers.get("cache-control")).toBe("no-store");
    const text = await res.text();
    expect(text).not.toContain("access_token");
    expect(res.status).toBe(400);
    expect(JSON.parse(text)).toEqual({ error: "invalid_dpop_proof", error_description: "the DPoP proof is invalid" });
  });

  it("refuses a replayed proof", async () => {
    const once = proofFor();
    expect((await withProof(ALICE, once)).status).toBe(200);
    expect(await errorOf(await withProof(ALICE, once))).toMatchObject({ status: 400, error: "invalid_dpop_proof" });
  });

  it("refuses two DPoP fields", async () => {
    const url = new URL(`${issuer.url}/token`);
    const body = new URLSearchParams(ALICE).toString();
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const headers = ["host", url.host, "content-type", "application/x-www-form-urlencoded", "dpop", proofFor(), "dpop", proofFor()];
      const req = request(url, { method: "POST", headers, agent: false }, (res) => {
        res.resume();
        res.on("end", () => {
          resolve(res.statusCode);
        });
      });
      req.on("error", reject);
      req.end(body);
    });
    expect(status).toBe(400);
  });

  it("names the metadata's token_endpoint in the htu, whatever Host the request came with", async () => {
    const proxied = await startIssuer({ env: { TOKEN_ISSUER: "https://issuer.example/auth" } });
    try {
      const htu = "https://issuer.example/auth/token";
      const meta = (await (await fetch(`${proxied.url}/.well-known/oauth-authorization-server`)).json()) as { token_endpoint: string };
      expect(meta.token_endpoint).toBe(htu);
      const ok = await proxied.post(ALICE, { headers: { dpop: proof(key, { htm: "POST", htu, iatMs: proxied.clock.ms }) } });
      expect((await tokenBody(ok)).token_type).toBe("DPoP");
      const seen = await proxied.post(ALICE, { headers: { dpop: proof(key, { htm: "POST", htu: `${proxied.url}/token`, iatMs: proxied.clock.ms }) } });
      expect(seen.status).toBe(400);
    } finally {
      await proxied.close();
    }
  });
});

describe("refreshing a DPoP-bound refresh token", () => {
  const refresh = (refreshToken: string, dpop?: string): Promise<Response> =>
    issuer.post({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: "demo-cli" }, dpop === undefined ? {} : { headers: { dpop } });

  it("needs a proof by the same key: none is invalid_dpop_proof, another key's is invalid_grant, and neither burns the grant", async () => {
    const login = await tokenBody(await withProof(ALICE));
    const rt = login.refresh_token ?? "";
    expect(await errorOf(await refresh(rt))).toMatchObject({ status: 400, error: "invalid_dpop_proof" });
    expect(await errorOf(await refresh(rt, proofFor({}, proofKey("ES256"))))).toMatchObject({ status: 400, error: "invalid_grant" });
    const renewed = await tokenBody(await refresh(rt, proofFor()));
    expect(renewed.token_type).toBe("DPoP");
    expect(decodePart(renewed.access_token, 1).cnf).toEqual({ jkt: key.jkt });
    expect(decodePart(renewed.refresh_token ?? "", 1).cnf).toEqual({ jkt: key.jkt });
  });

  it("an unbound refresh token refreshed with a proof gets bound tokens from then on", async () => {
    const login = await tokenBody(await issuer.post(ALICE));
    const renewed = await tokenBody(await refresh(login.refresh_token ?? "", proofFor()));
    expect(renewed.token_type).toBe("DPoP");
    expect(decodePart(renewed.refresh_token ?? "", 1).cnf).toEqual({ jkt: key.jkt });
    expect(await errorOf(await refresh(renewed.refresh_token ?? ""))).toMatchObject({ status: 400, error: "invalid_dpop_proof" });
  });

  it("a bad proof with a bound refresh token is invalid_dpop_proof", async () => {
    const login = await tokenBody(await withProof(ALICE));
    expect(await errorOf(await refresh(login.refresh_token ?? "", proofFor({ htm: "GET" })))).toMatchObject({ status: 400, error: "invalid_dpop_proof" });
  });
});
