// The public key a DPoP proof carries in its `jwk` header (RFC 9449 §4.2): checked, turned into a
// Key pinned to the proof's algorithm, and named by its RFC 7638 thumbprint (the `jkt`).
import { createPublicKey } from "node:crypto";
import { makeKey, thumbprint } from "../keys/material.js";
import type { Key } from "../keys/types.js";
import { decodeBase64url } from "../verify/base64url.js";
import { proofInvalid } from "./refusal.js";

/**
 * The algorithms of DPoP proofs: asymmetric only (RFC 9449 §4.3). RS256 is left out on purpose:
 * it would need bounds on the modulus and exponent a client chooses.
 *
 * @example
 * ```ts
 * const alg: DpopAlgorithm = "ES256";
 * ```
 */
export type DpopAlgorithm = "EdDSA" | "ES256";

/**
 * Every DPoP algorithm, the default of `verifyDpopProof`'s `algorithms` and the value of the
 * issuer metadata `dpop_signing_alg_values_supported`.
 *
 * @example
 * ```ts
 * metadata.dpop_signing_alg_values_supported = [...DPOP_ALGORITHMS]; // ["EdDSA", "ES256"]
 * ```
 */
export const DPOP_ALGORITHMS: readonly DpopAlgorithm[] = Object.freeze(["EdDSA", "ES256"]);

// A type rather than an interface so that it is a Record<string, unknown> for the thumbprint.
/**
 * The public JWK of a proof key: only the members that make the key, so nothing private can be in it.
 *
 * @example
 * ```ts
 * const jwk: DpopJwk = { kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" };
 * ```
 */
export type DpopJwk = {
  readonly kty: "OKP" | "EC";
  readonly crv: "Ed25519" | "P-256";
  readonly x: string;
  readonly y?: string;
};

export function isDpopAlgorithm(value: unknown): value is DpopAlgorithm {
  return value === "EdDSA" || value === "ES256";
}

/** The members of a key per algorithm (RFC 8037 §2, RFC 7518 §6.2.1); each coordinate 32 bytes. */
const SHAPE = {
  EdDSA: { kty: "OKP", crv: "Ed25519", coordinates: ["x"] },
  ES256: { kty: "EC", crv: "P-256", coordinates: ["x", "y"] },
} as const;
const COORDINATE_BYTES = 32;

// RFC 7517 §9.2 and RFC 7518 §6: the members of private RSA, EC and OKP keys, and of secrets.
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"] as const;

/**
 * Copies the members of a public key from a JWK (as exported by node or WebCrypto) into a
 * {@link DpopJwk}; undefined when the JWK is not a key of `alg` with full-size coordinates.
 * The copy is an allowlist, so `d` or anything else of the source never reaches a header.
 */
export function publicMembers(source: Readonly<Record<string, unknown>>, alg: DpopAlgorithm): DpopJwk | undefined {
  const shape = SHAPE[alg];
  if (source.kty !== shape.kty || source.crv !== shape.crv) return undefined;
  const { x, y } = source;
  if (typeof x !== "string" || decodeBase64url(x)?.length !== COORDINATE_BYTES) return undefined;
  if (alg === "EdDSA") return { kty: shape.kty, crv: shape.crv, x };
  if (typeof y !== "string" || decodeBase64url(y)?.length !== COORDINATE_BYTES) return undefined;
  return { kty: shape.kty, crv: shape.crv, x, y };
}

/** What a proof's `jwk` header gave: the key, its thumbprint and its public members. */
export interface ProofKey {
  readonly key: Key;
  readonly jkt: string;
  readonly jwk: DpopJwk;
}

// Importing an EC point costs several times the signature check itself (the point is validated),
// and a client sends the same key with every request. The thumbprint is a SHA-256 over exactly
// the members that make the key, so it names the key material itself: a hit is the very key.
// Bounded, oldest-first eviction, so a stream of fresh keys only costs their sender the import.
const KEY_CACHE_SIZE = 1024;
const keys = new Map<string, Key>();

function importProofKey(jwk: DpopJwk, alg: DpopAlgorithm, jkt: string): Key {
  const known = keys.get(jkt);
  if (known !== undefined) return known;
  let key: Key;
  try {
    key = makeKey(alg, createPublicKey({ key: { ...jwk }, format: "jwk" }), undefined, jkt);
  } catch (cause) {
    // Not a point on the curve, or OpenSSL refusing it otherwise.
    throw proofInvalid("jwk_invalid", cause);
  }
  if (keys.size >= KEY_CACHE_SIZE) {
    const oldest = keys.keys().next();
    if (oldest.done !== true) keys.delete(oldest.value);
  }
  keys.set(jkt, key);
  return key;
}

/**
 * Checks the `jwk` header of a proof signed with `alg` and returns its key. Throws
 * dpop_proof_invalid: jwk_missing (absent), jwk_private (any private member), jwk_invalid (not an
 * object, not a key of `alg`, `alg` or `use` members that forbid this use, not a valid point).
 */
export function proofKey(value: unknown, alg: DpopAlgorithm): ProofKey {
  if (value === undefined) throw proofInvalid("jwk_missing");
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw proofInvalid("jwk_invalid");
  const source = value as Readonly<Record<string, unknown>>;
  for (const member of PRIVATE_MEMBERS) if (Object.hasOwn(source, member)) throw proofInvalid("jwk_private");
  // A key that states its algorithm or use may only be used for that (RFC 7517 §4.2, §4.4).
  if (source.alg !== undefined && source.alg !== alg) throw proofInvalid("jwk_invalid");
  if (source.use !== undefined && source.use !== "sig") throw proofInvalid("jwk_invalid");
  const jwk = publicMembers(source, alg);
  if (jwk === undefined) throw proofInvalid("jwk_invalid");
  const jkt = thumbprint(jwk);
  return { key: importProofKey(jwk, alg, jkt), jkt, jwk };
}

/**
 * The RFC 7638 SHA-256 thumbprint of a JWK, base64url: the `jkt` of RFC 9449 §6.1 that binds a
 * token to a proof key (`cnf.jkt`). Only the required members count (EC: crv kty x y; OKP: crv
 * kty x; RSA: e kty n), so `kid`, `alg` and the like do not change it. Throws `TypeError` for an
 * unsupported `kty` or a missing member.
 *
 * @example
 * ```ts
 * jwkThumbprint({ kty: "EC", crv: "P-256", x: "l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs", y: "9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA" });
 * // "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I" (RFC 9449 §6.1)
 * ```
 */
export function jwkThumbprint(jwk: Readonly<Record<string, unknown>>): string {
  const value: unknown = jwk;
  if (typeof value !== "object" || value === null) throw new TypeError("a JWK must be an object");
  return thumbprint(jwk);
}
