// The published examples of RFC 9449 verify, each with the clock at its iat: the proofs of the token,
// refresh and resource requests, the thumbprint (jkt) of their key and the hash (ath) of the example
// access token. Their htu are https URLs of example.com/example.org; nothing is fetched.
import { createPublicKey, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkDpopBinding, DpopReplayCache, jwkThumbprint, verifyDpopProof } from "../../src/index.js";
import { ath, outcome } from "./support.js";
import { PROOF_VECTORS, RESOURCE_REQUEST, RFC9449_ATH, RFC9449_JKT, RFC9449_JWK, TOKEN_REQUEST, type ProofVector } from "./rfc9449-vectors.js";

/** node:crypto alone: proves the vector was copied without a wrong byte. */
function signatureHolds({ proof }: ProofVector): boolean {
  const d2 = proof.lastIndexOf(".");
  const key = createPublicKey({ key: { ...RFC9449_JWK }, format: "jwk" });
  return verify("sha256", Buffer.from(proof.slice(0, d2)), { key, dsaEncoding: "ieee-p1363" }, Buffer.from(proof.slice(d2 + 1), "base64url"));
}

const optionsFor = (v: ProofVector, replay = new DpopReplayCache()) => ({
  htm: v.htm,
  htu: v.htu,
  replay,
  clock: () => v.iat * 1000,
  ...(v.accessToken === undefined ? {} : { accessToken: v.accessToken }),
});

describe.each(PROOF_VECTORS)("$name", (vector) => {
  it("was transcribed exactly (node:crypto alone verifies it)", () => {
    expect(signatureHolds(vector)).toBe(true);
  });

  it("verifies at its iat, with the key's RFC 7638 thumbprint as jkt", () => {
    const proof = verifyDpopProof(vector.proof, optionsFor(vector));
    expect(proof).toMatchObject({ jkt: RFC9449_JKT, jti: vector.jti, iat: vector.iat, htm: vector.htm, htu: vector.htu, alg: "ES256" });
    expect(proof.jwk).toEqual({ kty: "EC", crv: "P-256", x: RFC9449_JWK.x, y: RFC9449_JWK.y });
    expect(proof.publicKey.asymmetricKeyType).toBe("ec");
    expect(Object.isFrozen(proof)).toBe(true);
  });

  it("is refused a minute and a second later, and for another request", () => {
    const late = { ...optionsFor(vector), clock: () => (vector.iat + 61) * 1000 };
    expect(outcome(vector.proof, late)).toBe("dpop_proof_invalid/iat_too_old");
    expect(outcome(vector.proof, { ...optionsFor(vector), htm: "PUT" })).toBe("dpop_proof_invalid/htm_mismatch");
    expect(outcome(vector.proof, { ...optionsFor(vector), htu: "https://server.example.net/token" })).toBe("dpop_proof_invalid/htu_mismatch");
  });
});

describe("RFC 9449 values", () => {
  it("§6.1: the jkt of the example key", () => {
    expect(jwkThumbprint(RFC9449_JWK)).toBe(RFC9449_JKT);
  });

  it("the thumbprint ignores members outside RFC 7638 and refuses what is no JWK", () => {
    expect(jwkThumbprint({ ...RFC9449_JWK, kid: "k1", alg: "ES256", use: "sig" })).toBe(RFC9449_JKT);
    for (const bad of [null, {}, { kty: "EC", crv: "P-256", x: RFC9449_JWK.x }, { kty: "XYZ", x: "a" }]) {
      expect(() => jwkThumbprint(bad as Record<string, unknown>)).toThrow(TypeError);
    }
  });

  it("§7.1: the ath of the example access token", () => {
    expect(ath(RESOURCE_REQUEST.accessToken ?? "")).toBe(RFC9449_ATH);
  });

  it("§7.1: the resource proof is refused for another access token, and binds to a token with cnf.jkt", () => {
    expect(outcome(RESOURCE_REQUEST.proof, { ...optionsFor(RESOURCE_REQUEST), accessToken: "another-token" })).toBe("dpop_proof_invalid/ath_mismatch");
    const proof = verifyDpopProof(RESOURCE_REQUEST.proof, optionsFor(RESOURCE_REQUEST));
    expect(() => { checkDpopBinding({ cnf: { jkt: RFC9449_JKT } }, proof); }).not.toThrow();
  });

  it("the token and refresh proofs share key and jti: one cache refuses the second (the jti names the proof, whatever its iat)", () => {
    const replay = new DpopReplayCache();
    const first = PROOF_VECTORS[0] ?? TOKEN_REQUEST;
    const second = PROOF_VECTORS[1] ?? TOKEN_REQUEST;
    expect(outcome(first.proof, { ...optionsFor(first, replay), maxAgeSeconds: 3600 })).toBe("accepted");
    expect(outcome(second.proof, { ...optionsFor(second, replay), maxAgeSeconds: 3600 })).toBe("dpop_proof_invalid/jti_replayed");
  });
});
