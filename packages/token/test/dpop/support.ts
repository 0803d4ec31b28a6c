// Shared helpers of the DPoP tests: proof keys, hand-built proofs and the outcome of a verification.
import { createHash, sign, type KeyObject } from "node:crypto";
import { expect } from "vitest";
import {
  DpopReplayCache,
  isTokenError,
  verifyDpopProof,
  type DpopProofReason,
  type Key,
  type TokenErrorCode,
  type VerifyDpopProofOptions,
} from "../../src/index.js";
import { b64u, fakeClock, part, sharedKey, START_MS } from "../unit/support.js";

export { START_MS, fakeClock, part, b64u };

export const HTM = "GET";
export const HTU = "http://127.0.0.1:4001/me";
/** An access token as a resource server receives it (its content does not matter to the proof). */
export const ACCESS_TOKEN = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
export const NOW = Math.floor(START_MS / 1000);

export const ath = (token: string): string => createHash("sha256").update(token).digest("base64url");

export interface ProofKeys {
  readonly EdDSA: Key;
  readonly ES256: Key;
}

export async function proofKeys(): Promise<ProofKeys> {
  return { EdDSA: await sharedKey("EdDSA", "dpop"), ES256: await sharedKey("ES256", "dpop") };
}

/** The public members of a key's JWK, as a client puts them in the proof header. */
export function publicJwk(key: Key): Record<string, unknown> {
  const { kty, crv, x, y } = key.publicKey.export({ format: "jwk" });
  return y === undefined ? { kty, crv, x } : { kty, crv, x, y };
}

export function signWith(key: Key, input: string): string {
  const priv = key.privateKey as KeyObject;
  return b64u(key.alg === "ES256" ? sign("sha256", Buffer.from(input), { key: priv, dsaEncoding: "ieee-p1363" }) : sign(null, Buffer.from(input), priv));
}

let serial = 0;
/** Valid proof claims at NOW for HTM/HTU with the ath of ACCESS_TOKEN and a fresh jti. */
export function proofClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  serial++;
  return { jti: `jti-${String(serial)}`, htm: HTM, htu: HTU, iat: NOW, ath: ath(ACCESS_TOKEN), ...overrides };
}

export function proofHeader(key: Key, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { typ: "dpop+jwt", alg: key.alg, jwk: publicJwk(key), ...overrides };
}

/** A proof signed by `key` over raw header and payload text (segments already base64url). */
export function signedSegments(key: Key, header: string, payload: string): string {
  const input = `${header}.${payload}`;
  return `${input}.${signWith(key, input)}`;
}

/** A proof signed by `key` with the given header and claims objects. */
export function forgeProof(key: Key, header: Record<string, unknown> = proofHeader(key), claims: Record<string, unknown> = proofClaims()): string {
  return signedSegments(key, part(header), part(claims));
}

/** Options for verifying at NOW, with a fresh replay cache unless one is given. */
export function verifyOptions(overrides: Partial<VerifyDpopProofOptions> = {}): VerifyDpopProofOptions {
  return { htm: HTM, htu: HTU, accessToken: ACCESS_TOKEN, replay: new DpopReplayCache(), clock: () => START_MS, ...overrides };
}

/** "accepted", or the code and reason of the TokenError; anything else is rethrown. */
export function outcome(proof: unknown, options: VerifyDpopProofOptions): string {
  try {
    verifyDpopProof(proof, options);
    return "accepted";
  } catch (error: unknown) {
    if (!isTokenError(error)) throw error;
    return error.reason === undefined ? error.code : `${error.code}/${error.reason}`;
  }
}

/** Asserts a verification fails with dpop_proof_invalid and this reason, and that nothing of the proof is echoed. */
export function expectRefused(proof: unknown, options: VerifyDpopProofOptions, reason: DpopProofReason): void {
  expect(outcome(proof, options)).toBe(`dpop_proof_invalid/${reason}`);
  try {
    verifyDpopProof(proof, options);
  } catch (error: unknown) {
    if (!isTokenError(error)) throw error;
    expect(error.message).toBe("The DPoP proof is invalid");
    if (typeof proof === "string" && proof.length > 0) expect(`${error.message} ${error.description}`).not.toContain(proof.slice(0, 16));
  }
}

export function codeOf(fn: () => unknown): TokenErrorCode | "accepted" {
  try {
    fn();
    return "accepted";
  } catch (error: unknown) {
    if (isTokenError(error)) return error.code;
    throw error;
  }
}
