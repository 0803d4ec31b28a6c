// verifyDpopProof: every check of RFC 9449 §4.3 on one proof, synchronously, on the same strict
// base64url, JSON and signature code as access tokens. A proof is single-use by design (its jti is
// recorded), so unlike an access token its verification is never cached.
import { timingSafeEqual, type KeyObject } from "node:crypto";
import { TokenError } from "../errors.js";
import { decodeBase64url, decodeUtf8Segment } from "../verify/base64url.js";
import { checkSignature, normalizeTyp, splitCompact } from "../verify/jws.js";
import { normalizeHtu } from "./htu.js";
import { isDpopAlgorithm, proofKey, type DpopAlgorithm, type DpopJwk } from "./jwk.js";
import { resolveProofOptions, type ProofPolicy, type VerifyDpopProofOptions } from "./options.js";
import { proofInvalid } from "./refusal.js";
import { DPOP_PROOF_TYPE, isJti, replayId } from "./tokens.js";

/**
 * A proof that passed every check, from {@link verifyDpopProof}. Frozen.
 *
 * @example
 * ```ts
 * const { jkt }: VerifiedDpopProof = verifyDpopProof(proof, options);
 * await signer.accessToken({ ...input, cnf: { jkt } });
 * ```
 */
export interface VerifiedDpopProof {
  /** RFC 7638 thumbprint of the proof key: what `cnf.jkt` binds a token to. */
  readonly jkt: string;
  readonly jti: string;
  readonly iat: number;
  readonly htm: string;
  /** The proof's `htu` in normal form. */
  readonly htu: string;
  readonly alg: DpopAlgorithm;
  readonly publicKey: KeyObject;
  readonly jwk: DpopJwk;
  /** The nonce the proof carried, if any. */
  readonly nonce?: string;
}

// Header members that point at key material elsewhere, and extensions we do not understand:
// refused rather than ignored, as for access tokens (RFC 8725 §3.10, RFC 7515 §4.1.11).
const REFUSED_HEADERS = ["crit", "b64", "jku", "x5u", "x5c"] as const;

function decodeObject(segment: string): Record<string, unknown> {
  const text = decodeUtf8Segment(segment);
  if (text === undefined) throw proofInvalid("proof_malformed");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw proofInvalid("proof_malformed", cause);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw proofInvalid("proof_malformed");
  return value as Record<string, unknown>;
}

function checkHeader(header: Record<string, unknown>, policy: ProofPolicy): DpopAlgorithm {
  const { typ, alg } = header;
  if (typeof typ !== "string" || normalizeTyp(typ) !== DPOP_PROOF_TYPE) throw proofInvalid("typ_invalid");
  // "none", HS256 and every other algorithm outside the allowlist (RFC 9449 §4.3 step 5).
  if (!isDpopAlgorithm(alg) || !policy.algorithms.includes(alg)) throw proofInvalid("alg_not_allowed");
  for (const name of REFUSED_HEADERS) if (Object.hasOwn(header, name)) throw proofInvalid("header_invalid");
  return alg;
}

interface ProofClaims {
  readonly jti: string;
  readonly htm: string;
  readonly htu: string;
  readonly iat: number;
  readonly ath: string | undefined;
  readonly nonce: string | undefined;
}

function checkTypes(claims: Record<string, unknown>): ProofClaims {
  const { jti, htm, htu, iat, ath, nonce } = claims;
  if (!isJti(jti) || typeof htm !== "string" || typeof htu !== "string" || typeof iat !== "number" || !Number.isFinite(iat)) {
    throw proofInvalid("claims_invalid");
  }
  if ((ath !== undefined && typeof ath !== "string") || (nonce !== undefined && typeof nonce !== "string")) {
    throw proofInvalid("claims_invalid");
  }
  return { jti, htm, htu, iat, ath, nonce };
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function checkNonce(nonce: string | undefined, accepted: readonly Buffer[] | null): void {
  if (accepted === null) return;
  if (nonce === undefined) throw proofInvalid("nonce_missing");
  const given = Buffer.from(nonce, "utf8");
  let match = false;
  // Every accepted value is compared, so the time taken does not tell which one was close.
  for (const value of accepted) match = sameBytes(given, value) || match;
  if (!match) throw proofInvalid("nonce_mismatch");
}

function checkAth(ath: string | undefined, expected: Buffer | null): void {
  if (expected === null) return;
  if (ath === undefined) throw proofInvalid("ath_missing");
  const given = decodeBase64url(ath);
  if (given === undefined || !sameBytes(given, expected)) throw proofInvalid("ath_mismatch");
}

function checkRequest(claims: ProofClaims, policy: ProofPolicy, nowMs: number): void {
  if (claims.htm !== policy.htm) throw proofInvalid("htm_mismatch");
  if (normalizeHtu(claims.htu) !== policy.htu) throw proofInvalid("htu_mismatch");
  const now = nowMs / 1000;
  if (claims.iat < now - policy.maxAge) throw proofInvalid("iat_too_old");
  if (claims.iat > now + policy.tolerance) throw proofInvalid("iat_in_future");
  checkNonce(claims.nonce, policy.nonces);
  checkAth(claims.ath, policy.ath);
}

function split(proof: string): [number, number] {
  try {
    return splitCompact(proof);
  } catch (cause) {
    throw proofInvalid("proof_malformed", cause);
  }
}

/**
 * Verifies a DPoP proof (RFC 9449 §4.3) for one request and records its `jti`. Checks, in order:
 * size (`maxProofBytes`, before any decoding) → three strict base64url segments → header (a JSON
 * object; `typ` "dpop+jwt"; `alg` in `algorithms`, so never `none` or HS256; no `crit`, `b64`,
 * `jku`, `x5u`, `x5c`) → `jwk` (present; no private member d p q dp dq qi oth k; a key of `alg`
 * with full-size coordinates; its `alg`/`use` members, if any, allow this) → signature by that key →
 * claims (`jti` 1..128 characters, `htm`, `htu`, `iat` a number; `ath`, `nonce` strings if present)
 * → `htm` equal → `htu` equal after normalisation (RFC 3986 §6.2.2-6.2.3, query and fragment
 * ignored) → `iat` within `maxAgeSeconds` back and `clockTolerance` ahead → `nonce` when demanded
 * → `ath` when `accessToken` is given (constant time) → `jti` not seen by `replay` for this key.
 *
 * Throws TokenError `dpop_proof_invalid` with the failed check in `reason` (see
 * {@link DpopProofReason}), or `dpop_replay_cache_full` when `replay` holds its maximum of live
 * proofs (fail closed, retry later). Throws TypeError for invalid options. At a resource server,
 * pass `accessToken` and then call {@link checkDpopBinding} with the token's claims.
 *
 * @example
 * ```ts
 * const replay = new DpopReplayCache();
 * const auth = await verifier.verify(token);
 * const proof = verifyDpopProof(req.headers.dpop, { htm: req.method, htu: `http://127.0.0.1:4001${req.path}`, accessToken: token, replay });
 * checkDpopBinding(auth.claims, proof);
 * ```
 */
export function verifyDpopProof(proof: unknown, options: VerifyDpopProofOptions): VerifiedDpopProof {
  const policy = resolveProofOptions(options);
  // Size first: nothing is decoded, hashed or split before this check.
  if (typeof proof !== "string" || proof.length === 0) throw proofInvalid("proof_malformed");
  if (proof.length > policy.maxProofBytes) throw proofInvalid("proof_too_large");
  const [d1, d2] = split(proof);
  const header = decodeObject(proof.slice(0, d1));
  const alg = checkHeader(header, policy);
  const { key, jkt, jwk } = proofKey(header.jwk, alg);
  try {
    checkSignature(key, alg, proof.slice(0, d2), proof.slice(d2 + 1));
  } catch (cause) {
    throw cause instanceof TokenError ? proofInvalid("signature_invalid", cause) : cause;
  }
  const claims = checkTypes(decodeObject(proof.slice(d1 + 1, d2)));
  const nowMs = policy.clock();
  checkRequest(claims, policy, nowMs);
  // Recorded last, so only a proof that passed everything else takes a place in the cache.
  const verdict = policy.replay.remember(replayId(jkt, claims.jti), (claims.iat + policy.maxAge) * 1000, nowMs);
  if (verdict === "replayed") throw proofInvalid("jti_replayed");
  if (verdict === "full") throw new TokenError("dpop_replay_cache_full");
  const result: VerifiedDpopProof = { jkt, jti: claims.jti, iat: claims.iat, htm: claims.htm, htu: policy.htu, alg, publicKey: key.publicKey, jwk };
  return Object.freeze(claims.nonce === undefined ? result : { ...result, nonce: claims.nonce });
}
