// Checks that a KeyObject is fit for its pinned algorithm, and builds Key records.
import { createHash, type KeyObject } from "node:crypto";
import type { Algorithm, Key } from "./types.js";

/** Minimum RSA modulus (RFC 7518 §3.3) and HMAC secret (RFC 7518 §3.2) sizes. */
export const MIN_RSA_BITS = 2048;
export const MIN_HMAC_BYTES = 32;

/** Throws TypeError unless `key` can be used with `alg` (type, curve, size). */
export function assertKeyFits(key: KeyObject, alg: Algorithm): void {
  if (alg === "HS256") {
    if (key.type !== "secret") throw new TypeError("HS256 needs a secret key");
    if ((key.symmetricKeySize ?? 0) < MIN_HMAC_BYTES) {
      throw new TypeError(`HS256 secrets must be at least ${MIN_HMAC_BYTES} bytes`);
    }
    return;
  }
  if (key.type === "secret") throw new TypeError(`${alg} needs an asymmetric key, not a secret`);
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails;
  if (alg === "EdDSA" && type !== "ed25519") throw new TypeError("EdDSA needs an Ed25519 key");
  if (alg === "ES256" && (type !== "ec" || details?.namedCurve !== "prime256v1")) {
    throw new TypeError("ES256 needs an EC P-256 key");
  }
  if (alg === "RS256") {
    if (type !== "rsa") throw new TypeError("RS256 needs an RSA key");
    if ((details?.modulusLength ?? 0) < MIN_RSA_BITS) {
      throw new TypeError(`RS256 keys must have at least ${MIN_RSA_BITS} bits`);
    }
  }
}

/** Members of the RFC 7638 thumbprint, per key type, in lexicographic order. */
const THUMBPRINT_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  EC: ["crv", "kty", "x", "y"],
  OKP: ["crv", "kty", "x"],
  RSA: ["e", "kty", "n"],
  oct: ["k", "kty"],
};

/**
 * RFC 7638 SHA-256 thumbprint. Synchronous twin of jose's calculateJwkThumbprint (same
 * canonical JSON, same digest), needed where key import must stay synchronous.
 */
export function thumbprint(jwk: Readonly<Record<string, unknown>>): string {
  const kty = jwk.kty;
  const members = typeof kty === "string" ? THUMBPRINT_MEMBERS[kty] : undefined;
  if (members === undefined) throw new TypeError("unsupported JWK kty");
  const canonical: Record<string, unknown> = {};
  for (const m of members) {
    const v = jwk[m];
    if (typeof v !== "string") throw new TypeError(`JWK member ${m} is missing`);
    canonical[m] = v;
  }
  return createHash("sha256").update(JSON.stringify(canonical)).digest("base64url");
}

/** The JWK (public form for asymmetric keys, oct for secrets) of a KeyObject. */
export function jwkOf(key: KeyObject): Record<string, unknown> {
  return key.export({ format: "jwk" });
}

/** Builds a frozen Key after checking the material fits the algorithm. */
export function makeKey(
  alg: Algorithm,
  publicKey: KeyObject,
  privateKey: KeyObject | undefined,
  kid: string | undefined,
): Key {
  assertKeyFits(publicKey, alg);
  if (privateKey !== undefined && alg !== "HS256") {
    if (privateKey.type !== "private") throw new TypeError("privateKey must be a private key");
    assertKeyFits(privateKey, alg);
  }
  if (alg !== "HS256" && publicKey.type !== "public") {
    throw new TypeError("publicKey must be a public key");
  }
  if (kid !== undefined && (typeof kid !== "string" || kid.length === 0)) {
    throw new TypeError("kid must be a non-empty string");
  }
  const id = kid ?? thumbprint(jwkOf(publicKey));
  const key: Key = privateKey === undefined
    ? { kid: id, alg, publicKey }
    : { kid: id, alg, publicKey, privateKey };
  return Object.freeze(key);
}
