// Binding a token to a proof key: the signer writes cnf.jkt (RFC 9449 §6), the verifier types it,
// and checkDpopBinding refuses a proof by any other key, or a token that is not bound.
import { webcrypto } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  checkDpopBinding,
  createDpopProof,
  createRefreshVerifier,
  createSigner,
  createVerifier,
  DpopReplayCache,
  generateKey,
  staticKeys,
  TokenError,
  verifyDpopProof,
  type Key,
} from "../../src/index.js";
import { AUDIENCE, claims, forge, headerFor, ISSUER, rejectsWith } from "../unit/support.js";
import { codeOf, START_MS } from "./support.js";

const JKT = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";
const input = { sub: "alice", client_id: "demo-cli", aud: [AUDIENCE], scope: "profile orders:read" };

let issuerKey: Key;
beforeAll(async () => {
  issuerKey = await generateKey("EdDSA");
});

const clock = () => START_MS;
const signer = () => createSigner({ keys: issuerKey, issuer: ISSUER, clock });
const verifier = () => createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(issuerKey), clock, cache: false });

describe("checkDpopBinding", () => {
  it("passes when cnf.jkt is the proof's jkt", () => {
    expect(() => { checkDpopBinding({ cnf: { jkt: JKT } }, { jkt: JKT }); }).not.toThrow();
  });

  it.each([
    ["another key's jkt", { cnf: { jkt: `${JKT.slice(0, 42)}A` } }],
    ["a jkt of another length", { cnf: { jkt: JKT.slice(1) } }],
    ["no cnf (a Bearer token)", {}],
    ["cnf without jkt", { cnf: {} }],
    ["cnf.jkt not a string", { cnf: { jkt: 7 } }],
    ["cnf not an object", { cnf: JKT }],
  ])("refuses %s: dpop_binding_mismatch, an invalid token", (_name, tokenClaims) => {
    const fn = () => { checkDpopBinding(tokenClaims as Parameters<typeof checkDpopBinding>[0], { jkt: JKT }); };
    expect(codeOf(fn)).toBe("dpop_binding_mismatch");
    expect(new TokenError("dpop_binding_mismatch").kind).toBe("token_invalid");
  });
});

describe("the signer binds tokens with cnf", () => {
  it("an access token carries cnf.jkt, and the verifier returns it", async () => {
    const { token, claims: signed } = await signer().accessToken({ ...input, cnf: { jkt: JKT } });
    expect(signed.cnf).toEqual({ jkt: JKT });
    const { claims: verified } = await verifier().verify(token);
    expect(verified.cnf).toEqual({ jkt: JKT });
  });

  it("a refresh token carries cnf.jkt through the refresh verifier", async () => {
    const { token } = await signer().refreshToken({ ...input, cnf: { jkt: JKT } });
    const refresh = createRefreshVerifier({ issuer: ISSUER, keys: staticKeys(issuerKey), clock });
    expect((await refresh.verify(token)).cnf).toEqual({ jkt: JKT });
  });

  it("a token without the option carries no cnf", async () => {
    const { claims: signed } = await signer().accessToken(input);
    expect(Object.hasOwn(signed, "cnf")).toBe(false);
  });

  it.each([
    ["cnf through extra", { extra: { cnf: { jkt: JKT } } }],
    ["a jkt too short", { cnf: { jkt: JKT.slice(1) } }],
    ["a padded jkt", { cnf: { jkt: `${JKT}=` } }],
    ["a non-canonical last character", { cnf: { jkt: `${JKT.slice(0, 42)}J` } }],
    ["a jkt not a string", { cnf: { jkt: 1 } }],
    ["cnf not an object", { cnf: JKT }],
  ])("refuses %s with TypeError", async (_name, extra) => {
    const bad = { ...input, ...extra } as Parameters<ReturnType<typeof signer>["accessToken"]>[0];
    await expect(signer().accessToken(bad)).rejects.toThrow(TypeError);
    const badRefresh = { sub: input.sub, client_id: input.client_id, scope: input.scope, ...extra } as Parameters<ReturnType<typeof signer>["refreshToken"]>[0];
    await expect(signer().refreshToken(badRefresh)).rejects.toThrow(TypeError);
  });
});

describe("the verifier types cnf", () => {
  it.each([
    ["a string", JKT],
    ["an array", [JKT]],
    ["null", null],
    ["jkt a number", { jkt: 1 }],
  ])("cnf %s: token_malformed", async (_name, cnf) => {
    await rejectsWith(verifier().verify(forge(issuerKey, headerFor(issuerKey), claims({ cnf }))), "token_malformed");
  });

  it("cnf with another confirmation method only (no jkt) is accepted, and binds to nothing", async () => {
    const { claims: verified } = await verifier().verify(forge(issuerKey, headerFor(issuerKey), claims({ cnf: { "x5t#S256": "abc" } })));
    expect(codeOf(() => { checkDpopBinding(verified, { jkt: JKT }); })).toBe("dpop_binding_mismatch");
  });
});

describe("the whole flow, with a non-extractable client key", () => {
  it("token request, bound token, resource request; another key or an unbound token is refused", async () => {
    const pair = await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
    const client = { privateKey: pair.privateKey, publicKey: pair.publicKey, clock };
    const issuerReplay = new DpopReplayCache();
    const resourceReplay = new DpopReplayCache();
    const tokenEndpoint = `${ISSUER}/token`;

    // At /token: the proof has no ath; the token is bound to its key.
    const tokenProof = await createDpopProof({ ...client, htm: "POST", htu: tokenEndpoint });
    const { jkt } = verifyDpopProof(tokenProof, { htm: "POST", htu: tokenEndpoint, replay: issuerReplay, clock });
    const { token } = await signer().accessToken({ ...input, cnf: { jkt } });

    // At the resource: token first, then the proof with ath, then the binding.
    const htu = "http://127.0.0.1:4001/orders";
    const auth = await verifier().verify(token);
    const proof = verifyDpopProof(await createDpopProof({ ...client, htm: "GET", htu, accessToken: token }), { htm: "GET", htu, accessToken: token, replay: resourceReplay, clock });
    expect(() => { checkDpopBinding(auth.claims, proof); }).not.toThrow();

    // A thief with the token but another key: its proof verifies, the binding does not.
    const thief = { privateKey: (await generateKey("ES256")).privateKey ?? pair.privateKey, clock };
    const stolen = verifyDpopProof(await createDpopProof({ ...thief, htm: "GET", htu, accessToken: token }), { htm: "GET", htu, accessToken: token, replay: resourceReplay, clock });
    expect(codeOf(() => { checkDpopBinding(auth.claims, stolen); })).toBe("dpop_binding_mismatch");

    // A Bearer token presented with a valid proof is not bound.
    const bearer = await signer().accessToken(input);
    const bearerAuth = await verifier().verify(bearer.token);
    const withProof = verifyDpopProof(await createDpopProof({ ...client, htm: "GET", htu, accessToken: bearer.token }), { htm: "GET", htu, accessToken: bearer.token, replay: resourceReplay, clock });
    expect(codeOf(() => { checkDpopBinding(bearerAuth.claims, withProof); })).toBe("dpop_binding_mismatch");
  });
});
