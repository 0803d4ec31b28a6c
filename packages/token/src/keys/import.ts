// Turns JWKs and PEM text into Keys. Everything here is synchronous underneath so that
// static and remote key sets can be built without awaiting; the public functions are async
// to keep room for WebCrypto-only material later.
import { rejected } from "../lib/reject.js";
import { createPrivateKey, createPublicKey, createSecretKey, type KeyObject } from "node:crypto";
import { makeKey } from "./material.js";
import { isAlgorithm, type Algorithm, type Key } from "./types.js";

const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth"] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The algorithm a JWK implies by its key type and curve (RFC 7518/8037), if any. */
export function inferAlgorithm(jwk: Readonly<Record<string, unknown>>): Algorithm | undefined {
  if (jwk.kty === "RSA") return "RS256";
  if (jwk.kty === "EC" && jwk.crv === "P-256") return "ES256";
  if (jwk.kty === "OKP" && jwk.crv === "Ed25519") return "EdDSA";
  if (jwk.kty === "oct") return "HS256";
  return undefined;
}

function pickAlgorithm(jwk: Readonly<Record<string, unknown>>, wanted: Algorithm | undefined): Algorithm {
  const declared = jwk.alg;
  if (declared !== undefined && !isAlgorithm(declared)) throw new TypeError("JWK alg is not supported");
  if (wanted !== undefined && declared !== undefined && wanted !== declared) {
    throw new TypeError("JWK alg does not match the requested algorithm");
  }
  const alg = wanted ?? declared ?? inferAlgorithm(jwk);
  if (alg === undefined) throw new TypeError("cannot tell the algorithm of this JWK");
  return alg;
}

function secretFromJwk(jwk: Readonly<Record<string, unknown>>): KeyObject {
  if (typeof jwk.k !== "string" || !/^[A-Za-z0-9_-]+$/.test(jwk.k)) throw new TypeError("oct JWK needs k");
  return createSecretKey(Buffer.from(jwk.k, "base64url"));
}

/**
 * Options of {@link importJwk}.
 *
 * @example
 * ```ts
 * const options: ImportJwkOptions = { alg: "ES256", kid: "2026-11" };
 * await importJwk(jwk, options);
 * ```
 */
export interface ImportJwkOptions {
  alg?: Algorithm;
  kid?: string;
}

/**
 * Synchronous core of {@link importJwk}. Throws TypeError on anything unusable.
 * `publicOnly` drops private members (used for keys fetched from a remote JWKS).
 */
export function importJwkSync(jwk: unknown, options: ImportJwkOptions = {}, publicOnly = false): Key {
  if (!isRecord(jwk) || typeof jwk.kty !== "string") throw new TypeError("a JWK must be an object with kty");
  if (jwk.use !== undefined && jwk.use !== "sig") throw new TypeError('JWK use must be absent or "sig"');
  if (options.alg !== undefined && !isAlgorithm(options.alg)) throw new TypeError("unsupported alg");
  const alg = pickAlgorithm(jwk, options.alg);
  const kidGiven = options.kid ?? jwk.kid;
  if (kidGiven !== undefined && (typeof kidGiven !== "string" || kidGiven.length === 0)) {
    throw new TypeError("kid must be a non-empty string");
  }
  if (alg === "HS256") {
    if (publicOnly) throw new TypeError("a public key set cannot carry HS256 secrets");
    if (jwk.kty !== "oct") throw new TypeError("HS256 needs an oct JWK");
    const secret = secretFromJwk(jwk);
    return makeKey(alg, secret, secret, kidGiven);
  }
  const hasPrivate = PRIVATE_MEMBERS.some((m) => jwk[m] !== undefined);
  try {
    if (hasPrivate && !publicOnly) {
      const privateKey = createPrivateKey({ key: jwk, format: "jwk" });
      return makeKey(alg, createPublicKey(privateKey), privateKey, kidGiven);
    }
    const publicJwk: Record<string, unknown> = {};
    for (const m of ["kty", "crv", "x", "y", "n", "e"]) if (jwk[m] !== undefined) publicJwk[m] = jwk[m];
    return makeKey(alg, createPublicKey({ key: publicJwk, format: "jwk" }), undefined, kidGiven);
  } catch (cause) {
    if (cause instanceof TypeError && !("code" in cause)) throw cause;
    throw new TypeError("the JWK is not a valid key", { cause });
  }
}

/**
 * Imports one JWK (public or private). The algorithm comes from `options.alg`, else the
 * JWK's `alg`, else its `kty`/`crv` (RSA→RS256, EC P-256→ES256, OKP Ed25519→EdDSA,
 * oct→HS256). `kid`: `options.kid`, else the JWK's `kid`, else the RFC 7638 thumbprint.
 * Throws `TypeError` for unusable input (wrong curve, RSA < 2048 bits, secret < 32 bytes,
 * `use` other than "sig", conflicting `alg`).
 *
 * @example
 * ```ts
 * const key = await importJwk({ kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" });
 * key.alg; // "EdDSA"
 * ```
 */
export function importJwk(jwk: object, options?: ImportJwkOptions): Promise<Key> {
  try {
    return Promise.resolve(importJwkSync(jwk, options));
  } catch (e) {
    return rejected(e);
  }
}

/**
 * Imports a PEM key for a pinned algorithm: SPKI or PKCS#1 public keys, PKCS#8, PKCS#1 or
 * SEC1 private keys (the public key is derived). HS256 has no PEM form: `TypeError`.
 *
 * @example
 * ```ts
 * const key = await importPem(readFileSync("issuer-public.pem", "utf8"), "ES256");
 * ```
 */
export function importPem(pem: string, alg: Algorithm, options?: { kid?: string }): Promise<Key> {
  try {
    if (typeof pem !== "string") throw new TypeError("pem must be a string");
    if (!isAlgorithm(alg) || alg === "HS256") throw new TypeError("importPem needs EdDSA, ES256 or RS256");
    let key: Key;
    try {
      if (pem.includes("PRIVATE KEY-----")) {
        const privateKey = createPrivateKey({ key: pem, format: "pem" });
        key = makeKey(alg, createPublicKey(privateKey), privateKey, options?.kid);
      } else {
        key = makeKey(alg, createPublicKey({ key: pem, format: "pem" }), undefined, options?.kid);
      }
    } catch (cause) {
      if (cause instanceof TypeError && !("code" in cause)) throw cause;
      throw new TypeError("the PEM text is not a valid key", { cause });
    }
    return Promise.resolve(key);
  } catch (e) {
    return rejected(e);
  }
}
