import { createSecretKey, generateKeyPair, randomBytes, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
import { makeKey, MIN_HMAC_BYTES, MIN_RSA_BITS } from "./material.js";
import { isAlgorithm, type Algorithm, type Key } from "./types.js";

const generatePair = promisify(generateKeyPair);

async function pairFor(alg: Exclude<Algorithm, "HS256">, modulusLength: number): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  switch (alg) {
    case "EdDSA":
      return generatePair("ed25519");
    case "ES256":
      return generatePair("ec", { namedCurve: "P-256" });
    case "RS256":
      return generatePair("rsa", { modulusLength, publicExponent: 0x10001 });
  }
}

/**
 * Generates a signing key for a pinned algorithm (EdDSA/Ed25519 by default). RS256 keys
 * have `modulusLength` bits (default and minimum 2048); HS256 keys are 32 random bytes.
 * `kid` defaults to the RFC 7638 thumbprint. Throws `TypeError` for unsupported options.
 *
 * @example
 * ```ts
 * const key = await generateKey();            // EdDSA
 * const rsa = await generateKey("RS256", { modulusLength: 3072, kid: "2026-11" });
 * ```
 */
export async function generateKey(alg: Algorithm = "EdDSA", options: { kid?: string; modulusLength?: number } = {}): Promise<Key> {
  if (!isAlgorithm(alg)) throw new TypeError("unsupported algorithm");
  const modulusLength = options.modulusLength ?? MIN_RSA_BITS;
  if (!Number.isSafeInteger(modulusLength) || modulusLength < MIN_RSA_BITS) {
    throw new TypeError(`modulusLength must be an integer >= ${MIN_RSA_BITS}`);
  }
  if (alg === "HS256") {
    const secret = createSecretKey(randomBytes(MIN_HMAC_BYTES));
    return makeKey(alg, secret, secret, options.kid);
  }
  const { publicKey, privateKey } = await pairFor(alg, modulusLength);
  return makeKey(alg, publicKey, privateKey, options.kid);
}

/**
 * Wraps an existing HS256 secret (at least 32 bytes, else `TypeError`).
 *
 * @example
 * ```ts
 * const key = secretKey(Buffer.from(process.env.HS_SECRET_B64 ?? "", "base64"));
 * ```
 */
export function secretKey(secret: Uint8Array, options: { kid?: string } = {}): Key {
  if (!(secret instanceof Uint8Array)) throw new TypeError("secret must be a Uint8Array");
  if (secret.byteLength < MIN_HMAC_BYTES) throw new TypeError(`HS256 secrets must be at least ${MIN_HMAC_BYTES} bytes`);
  const key = createSecretKey(secret);
  return makeKey("HS256", key, key, options.kid);
}
