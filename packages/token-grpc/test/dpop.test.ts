// DPoP on gRPC (contract, "Sender-constrained tokens"): `authorization: DPoP <token>` plus one
// `dpop` proof made for POST and http://<authority>/<package.Service>/<Method>, over a real server.
import * as grpc from "@grpc/grpc-js";
import { proof, proofKey, type ProofKey, type ProofSpec } from "@org/testkit";
import { DpopPolicy, createSigner, createVerifier, generateKey, staticKeys, type Key, type Verifier } from "@org/token";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthInterceptor, type RefusedCall } from "../src/index.js";
import { METHODS, start, type Running } from "./harness.js";

const ISSUER = "https://issuer.test";
const AUDIENCE = "urn:demo:grpc";
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const clock = (): number => NOW;
const RULES = { [METHODS.Open]: [], [METHODS.Read]: ["orders:read"] };

let key: Key;
let verifier: Verifier;
let client: ProofKey;
let bound: string;
let unbound: string;

beforeAll(async () => {
  key = await generateKey();
  verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(key), clock });
  client = proofKey("ES256");
  const signer = createSigner({ keys: key, issuer: ISSUER, clock });
  const input = { sub: "alice", client_id: "demo-cli", aud: AUDIENCE, scope: "profile" };
  bound = (await signer.accessToken({ ...input, cnf: { jkt: client.jkt } })).token;
  unbound = (await signer.accessToken(input)).token;
});

describe("createAuthInterceptor with dpop", () => {
  let plain: Running;
  let strict: Running;
  let proxied: Running;
  let bearerOnly: Running;
  const refusals: RefusedCall[] = [];

  beforeAll(async () => {
    const onRefused = (refusal: RefusedCall): void => {
      refusals.push(refusal);
    };
    [plain, strict, proxied, bearerOnly] = await Promise.all([
      start([createAuthInterceptor({ verifier, rules: RULES, onRefused, dpop: { clock }, urlScheme: "http" })]),
      start([createAuthInterceptor({ verifier, rules: RULES, dpop: new DpopPolicy({ clock, required: true }), urlScheme: "http" })]),
      start([createAuthInterceptor({ verifier, rules: RULES, dpop: { clock, publicBaseUrl: "https://grpc.example.com" } })]),
      start([createAuthInterceptor({ verifier, rules: RULES })]),
    ]);
  });
  afterAll(() => {
    for (const running of [plain, strict, proxied, bearerOnly]) running.stop();
  });

  const htu = (running: Running, method: string = METHODS.Open): string => `http://${running.client.address}${method}`;
  const proofFor = (running: Running, spec: Partial<ProofSpec> = {}, by: ProofKey = client): string =>
    proof(by, { htm: "POST", htu: htu(running), token: bound, iatMs: NOW, ...spec });

  it("accepts a bound token with its proof, and hands the handler the token", async () => {
    const outcome = await plain.client.call("Open", [`DPoP ${bound}`], {}, [proofFor(plain)]);
    expect(outcome).toMatchObject({ code: grpc.status.OK, value: { sub: "alice" } });
    expect(outcome.expiresIn).toEqual(["300"]);
  });

  it("names the method in the htu: a proof for another method is refused", async () => {
    expect((await plain.client.call("Read", [`DPoP ${bound}`], {}, [proofFor(plain, { htu: htu(plain, METHODS.Read) })])).code).toBe(
      grpc.status.PERMISSION_DENIED,
    );
    expect((await plain.client.call("Open", [`DPoP ${bound}`], {}, [proofFor(plain, { htu: htu(plain, METHODS.Read) })])).code).toBe(
      grpc.status.UNAUTHENTICATED,
    );
  });

  const refused: [string, () => { authorization: string[]; dpop: string[] }, string][] = [
    ["a bound token as Bearer", () => ({ authorization: [`Bearer ${bound}`], dpop: [] }), "dpop_scheme_required"],
    ["a DPoP token without a proof", () => ({ authorization: [`DPoP ${bound}`], dpop: [] }), "dpop_proof_missing"],
    ["a proof without a token", () => ({ authorization: [], dpop: [proofFor(plain)] }), "dpop_proof_without_token"],
    ["two dpop entries", () => ({ authorization: [`DPoP ${bound}`], dpop: [proofFor(plain), proofFor(plain)] }), "dpop_proof_invalid"],
    ["htm GET", () => ({ authorization: [`DPoP ${bound}`], dpop: [proofFor(plain, { htm: "GET" })] }), "dpop_proof_invalid"],
    ["an https htu on the plaintext server", () => ({ authorization: [`DPoP ${bound}`], dpop: [proofFor(plain, { htu: htu(plain).replace("http:", "https:") })] }), "dpop_proof_invalid"],
    ["another authority", () => ({ authorization: [`DPoP ${bound}`], dpop: [proofFor(plain, { htu: `http://localhost:1${METHODS.Open}` })] }), "dpop_proof_invalid"],
    ["a wrong ath", () => ({ authorization: [`DPoP ${bound}`], dpop: [proofFor(plain, { token: unbound })] }), "dpop_proof_invalid"],
    ["a proof by another key", () => ({ authorization: [`DPoP ${bound}`], dpop: [proofFor(plain, {}, proofKey("EdDSA"))] }), "dpop_binding_mismatch"],
    ["a stale proof", () => ({ authorization: [`DPoP ${bound}`], dpop: [proofFor(plain, { iatMs: NOW - 600_000 })] }), "dpop_proof_invalid"],
    ["a future proof", () => ({ authorization: [`DPoP ${bound}`], dpop: [proofFor(plain, { iatMs: NOW + 60_000 })] }), "dpop_proof_invalid"],
    ["an HS256 proof", () => ({ authorization: [`DPoP ${bound}`], dpop: [proofFor(plain, { hs256: true })] }), "dpop_proof_invalid"],
    ["a private jwk", () => ({ authorization: [`DPoP ${bound}`], dpop: [proofFor(plain, { privateJwk: true })] }), "dpop_proof_invalid"],
    ["an unbound token with the DPoP scheme", () => ({ authorization: [`DPoP ${unbound}`], dpop: [proofFor(plain, { token: unbound })] }), "dpop_binding_mismatch"],
  ];
  it.each(refused)("refuses %s: UNAUTHENTICATED (%s), nothing echoed", async (_name, make, code) => {
    const { authorization, dpop } = make();
    const before = refusals.length;
    const outcome = await plain.client.call("Open", authorization, {}, dpop);
    expect(outcome.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(refusals.slice(before).map((r) => r.reason)).toEqual([code]);
    for (const secret of [bound, ...dpop]) expect(outcome.details).not.toContain(secret.slice(-24));
    expect(plain.seen.filter((s) => s.metadata.get("dpop").includes(dpop[0] ?? "-"))).toEqual([]);
  });

  it("refuses a replayed proof", async () => {
    const once = [proofFor(plain)];
    expect((await plain.client.call("Open", [`DPoP ${bound}`], {}, once)).code).toBe(grpc.status.OK);
    expect((await plain.client.call("Open", [`DPoP ${bound}`], {}, once)).code).toBe(grpc.status.UNAUTHENTICATED);
  });

  it("keeps unbound Bearer tokens working, and refuses them where DPoP is required", async () => {
    expect((await plain.client.call("Open", [`Bearer ${unbound}`])).code).toBe(grpc.status.OK);
    expect((await strict.client.call("Open", [`Bearer ${unbound}`])).code).toBe(grpc.status.UNAUTHENTICATED);
    expect((await strict.client.call("Open", [`DPoP ${bound}`], {}, [proofFor(strict)])).code).toBe(grpc.status.OK);
  });

  it("behind a proxy, takes the public base URL for the htu instead of the scheme and :authority", async () => {
    const publicHtu = `https://grpc.example.com${METHODS.Open}`;
    expect((await proxied.client.call("Open", [`DPoP ${bound}`], {}, [proofFor(proxied, { htu: publicHtu })])).code).toBe(grpc.status.OK);
    expect((await proxied.client.call("Open", [`DPoP ${bound}`], {}, [proofFor(proxied)])).code).toBe(grpc.status.UNAUTHENTICATED);
  });

  it("without dpop: the DPoP scheme is no credential, a bound token as Bearer is refused, Bearer works", async () => {
    expect((await bearerOnly.client.call("Open", [`DPoP ${bound}`], {}, [proofFor(bearerOnly)])).code).toBe(grpc.status.UNAUTHENTICATED);
    expect((await bearerOnly.client.call("Open", [`Bearer ${bound}`])).code).toBe(grpc.status.UNAUTHENTICATED);
    expect((await bearerOnly.client.call("Open", [`Bearer ${unbound}`])).code).toBe(grpc.status.OK);
  });

  it("refuses bad options at creation with TypeError", () => {
    expect(() => createAuthInterceptor({ verifier, rules: RULES, urlScheme: "ftp" as "http" })).toThrow(TypeError);
    expect(() => createAuthInterceptor({ verifier, rules: RULES, dpop: { publicBaseUrl: "grpc.example.com" } })).toThrow(TypeError);
  });
});
