// HttpAuthenticator on its own: the credential, the token, the DPoP presentation rules, and the
// challenges of each refusal. The adapters' suites (@org/testkit) run the same over real HTTP.
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import {
  DpopPolicy,
  DpopReplayCache,
  createDpopProof,
  createSigner,
  createVerifier,
  generateKey,
  jwkThumbprint,
  staticKeys,
  type Key,
  type Verifier,
} from "@org/token";
import { beforeAll, describe, expect, it } from "vitest";
import { AuthError, HttpAuthenticator, type HttpRequestSource } from "../src/index.js";

const NOW_MS = Date.UTC(2026, 0, 1);
const clock = (): number => NOW_MS;
const ISSUER = "http://127.0.0.1:4000";
const AUDIENCE = "urn:demo:express";
const ORIGIN = "http://127.0.0.1:4001";
const DPOP = 'DPoP realm="express", algs="EdDSA ES256"';

let key: Key;
let verifier: Verifier;
let client: KeyObject;
let jkt: string;
let bound: string;
let unbound: string;

beforeAll(async () => {
  key = await generateKey();
  verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(key), clock });
  client = generateKeyPairSync("ed25519").privateKey;
  const { kty, crv, x } = client.export({ format: "jwk" });
  jkt = jwkThumbprint({ kty, crv, x });
  const signer = createSigner({ keys: key, issuer: ISSUER, clock });
  const input = { sub: "alice", client_id: "demo-cli", aud: AUDIENCE, scope: "profile" };
  bound = (await signer.accessToken({ ...input, cnf: { jkt } })).token;
  unbound = (await signer.accessToken(input)).token;
});

function request(authorization: string[], dpop: string[] = [], overrides: Partial<HttpRequestSource> = {}): HttpRequestSource {
  return {
    method: "GET",
    authorization,
    dpop,
    cookieHeader: undefined,
    header: () => undefined,
    target: "/me?x=1",
    origin: () => ORIGIN,
    ...overrides,
  };
}

const proof = (token: string, htu = `${ORIGIN}/me`, privateKey: KeyObject = client): Promise<string> =>
  createDpopProof({ privateKey, htm: "GET", htu, accessToken: token, clock });

/** The AuthError an authentication throws, or a failure when it does not. */
async function refusalOf(authenticator: HttpAuthenticator, source: HttpRequestSource): Promise<AuthError> {
  try {
    await authenticator.authenticate(source);
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
  throw new Error("accepted");
}

describe("HttpAuthenticator", () => {
  it("accepts a bound token with its proof, made for the request's own URL, and says so", async () => {
    const authenticator = new HttpAuthenticator(verifier, { realm: "express", dpop: { clock } });
    const result = await authenticator.authenticate(request([`DPoP ${bound}`], [await proof(bound)]));
    expect(result.auth?.claims.sub).toBe("alice");
    expect(result.jkt).toBe(jkt);
    expect(result.challenge).toEqual({ realm: "express", scheme: "DPoP", dpop: { algorithms: ["EdDSA", "ES256"], required: false } });
  });

  it("makes the htu of the public base URL when one is set, and never asks for the origin then", async () => {
    const authenticator = new HttpAuthenticator(verifier, { dpop: { clock, publicBaseUrl: "https://api.example.com/v1" } });
    const origin = (): string => {
      throw new Error("the origin was asked for");
    };
    const result = await authenticator.authenticate(request([`DPoP ${bound}`], [await proof(bound, "https://api.example.com/v1/me")], { origin }));
    expect(result.jkt).toBe(jkt);
    const wrong = await refusalOf(authenticator, request([`DPoP ${bound}`], [await proof(bound)], { origin }));
    expect(wrong).toMatchObject({ code: "dpop_proof_invalid", reason: "htu_mismatch" });
  });

  it("accepts an unbound Bearer token with and without DPoP, and challenges Bearer as before", async () => {
    for (const options of [{}, { dpop: { clock } }]) {
      const result = await new HttpAuthenticator(verifier, options).authenticate(request([`Bearer ${unbound}`]));
      expect(result.auth?.claims.sub).toBe("alice");
      expect(result.jkt).toBeUndefined();
      expect(result.challenge.scheme).toBe("Bearer");
    }
  });

  it("lets a request without a token through when authentication is optional, but not one with a lone proof", async () => {
    const authenticator = new HttpAuthenticator(verifier, { authRequired: false, dpop: { clock } });
    expect((await authenticator.authenticate(request([]))).auth).toBeUndefined();
    const lone = await refusalOf(authenticator, request([], [await proof(bound)]));
    expect(lone).toMatchObject({ code: "dpop_proof_without_token", status: 400 });
  });

  it("shares a policy that is handed in, with its replay cache", async () => {
    const policy = new DpopPolicy({ clock, replay: new DpopReplayCache() });
    const one = new HttpAuthenticator(verifier, { dpop: policy });
    const two = new HttpAuthenticator(verifier, { dpop: policy, authRequired: false });
    const once = [await proof(bound)];
    await one.authenticate(request([`DPoP ${bound}`], once));
    expect(await refusalOf(two, request([`DPoP ${bound}`], once))).toMatchObject({ code: "dpop_proof_invalid", reason: "jti_replayed" });
  });

  const cases: [string, () => Promise<HttpRequestSource>, { dpop?: object }, { status: number; code: string; challenge: string }][] = [
    ["no token", () => Promise.resolve(request([])), { dpop: { clock } }, { status: 401, code: "token_missing", challenge: `Bearer realm="express", ${DPOP}` }],
    ["no token, DPoP required", () => Promise.resolve(request([])), { dpop: { clock, required: true } }, { status: 401, code: "token_missing", challenge: DPOP }],
    ["no token, without DPoP", () => Promise.resolve(request([])), {}, { status: 401, code: "token_missing", challenge: 'Bearer realm="express"' }],
    ["a bound token as Bearer", () => Promise.resolve(request([`Bearer ${bound}`])), { dpop: { clock } }, { status: 401, code: "dpop_scheme_required", challenge: `${DPOP}, error="invalid_token"` }],
    ["a bound token as Bearer, without DPoP", () => Promise.resolve(request([`Bearer ${bound}`])), {}, { status: 401, code: "dpop_scheme_required", challenge: 'Bearer realm="express", error="invalid_token"' }],
    ["an unbound Bearer token, DPoP required", () => Promise.resolve(request([`Bearer ${unbound}`])), { dpop: { clock, required: true } }, { status: 401, code: "dpop_required", challenge: `${DPOP}, error="invalid_token"` }],
    ["a DPoP token without a proof", () => Promise.resolve(request([`DPoP ${bound}`])), { dpop: { clock } }, { status: 401, code: "dpop_proof_missing", challenge: `${DPOP}, error="invalid_dpop_proof"` }],
    ["two proofs", async () => request([`DPoP ${bound}`], [await proof(bound), await proof(bound)]), { dpop: { clock } }, { status: 401, code: "dpop_proof_invalid", challenge: `${DPOP}, error="invalid_dpop_proof"` }],
    ["a proof by another key", async () => request([`DPoP ${bound}`], [await proof(bound, `${ORIGIN}/me`, generateKeyPairSync("ed25519").privateKey)]), { dpop: { clock } }, { status: 401, code: "dpop_binding_mismatch", challenge: `${DPOP}, error="invalid_token"` }],
    ["an unbound token with the DPoP scheme", async () => request([`DPoP ${unbound}`], [await proof(unbound)]), { dpop: { clock } }, { status: 401, code: "dpop_binding_mismatch", challenge: `${DPOP}, error="invalid_token"` }],
    ["a bad token with the DPoP scheme", async () => request([`DPoP ${bound}x`], [await proof(`${bound}x`)]), { dpop: { clock } }, { status: 401, code: "token_malformed", challenge: `${DPOP}, error="invalid_token"` }],
    ["a proof without a token", async () => request([], [await proof(bound)]), { dpop: { clock } }, { status: 400, code: "dpop_proof_without_token", challenge: `${DPOP}, error="invalid_request"` }],
    ["a DPoP token where DPoP is not taken", async () => request([`DPoP ${bound}`], [await proof(bound)]), {}, { status: 401, code: "token_missing", challenge: 'Bearer realm="express"' }],
    ["a Host no URL can be made of", async () => request([`DPoP ${bound}`], [await proof(bound)], { origin: () => "http://a b" }), { dpop: { clock } }, { status: 401, code: "dpop_proof_invalid", challenge: `${DPOP}, error="invalid_dpop_proof"` }],
  ];
  it.each(cases)("refuses %s", async (_name, make, options, expected) => {
    const err = await refusalOf(new HttpAuthenticator(verifier, { realm: "express", ...options }), await make());
    expect({ status: err.status, code: err.code }).toEqual({ status: expected.status, code: expected.code });
    expect(err.headers["WWW-Authenticate"]?.startsWith(expected.challenge)).toBe(true);
    expect(JSON.stringify(err.body)).not.toContain(bound.slice(-20));
  });

  it("hands on what the verifier throws that is not a TokenError", async () => {
    const broken: Verifier = { ...verifier, verify: () => Promise.reject(new RangeError("boom")) };
    await expect(new HttpAuthenticator(broken).authenticate(request([`Bearer ${unbound}`]))).rejects.toThrow(RangeError);
  });

  it.each([
    ["a realm that breaks the challenge", { realm: 'a"b' }],
    ["a non-boolean authRequired", { authRequired: "no" as unknown as boolean }],
    ["a bad DPoP option", { dpop: { publicBaseUrl: "ftp://x" } }],
  ])("refuses %s at creation with TypeError", (_name, options) => {
    expect(() => new HttpAuthenticator(verifier, options)).toThrow(TypeError);
  });
});

describe("HttpAuthenticator with malformed credentials", () => {
  it.each([
    ["DPoP a b", DPOP],
    ["dpop", DPOP],
    ["Bearer a b", 'Bearer realm="express", error="invalid_request"'],
  ])("answers %j on the challenge of the scheme it names", async (authorization, challenge) => {
    const err = await refusalOf(new HttpAuthenticator(verifier, { realm: "express", dpop: { clock } }), request([authorization], ["p"]));
    expect(err.status).toBe(400);
    expect(err.headers["WWW-Authenticate"]?.startsWith(challenge)).toBe(true);
  });

  it("answers two Authorization fields on the Bearer challenge, as without DPoP", async () => {
    const err = await refusalOf(new HttpAuthenticator(verifier, { realm: "express", dpop: { clock } }), request([`DPoP ${bound}`, `DPoP ${bound}`]));
    expect(err.headers["WWW-Authenticate"]).toMatch(/^Bearer realm="express", error="invalid_request"/);
  });
});
