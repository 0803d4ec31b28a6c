import type { KeyObject } from "node:crypto";

/**
 * The four JWS algorithms `@org/token` signs and verifies.
 *
 * @example
 * ```ts
 * const alg: Algorithm = "EdDSA";
 * ```
 */
export type Algorithm = "EdDSA" | "ES256" | "RS256" | "HS256";

/**
 * Every supported algorithm, in a stable order.
 *
 * @example
 * ```ts
 * for (const alg of ALGORITHMS) await generateKey(alg);
 * ```
 */
export const ALGORITHMS: readonly Algorithm[] = Object.freeze(["EdDSA", "ES256", "RS256", "HS256"]);

/**
 * One key with its pinned algorithm; node KeyObjects inside. Build it with generateKey,
 * importJwk, importPem or secretKey, never by hand.
 *
 * @example
 * ```ts
 * const key: Key = await generateKey("ES256");
 * key.publicKey.asymmetricKeyType; // "ec"
 * ```
 */
export interface Key {
  /** RFC 7638 thumbprint unless given (HS256: thumbprint of the oct JWK). */
  readonly kid: string;
  /** Pinned: a token is only ever checked with this algorithm. */
  readonly alg: Algorithm;
  /** Public key; for HS256 the secret KeyObject. */
  readonly publicKey: KeyObject;
  /** Absent on verification-only keys (HS256: the same secret). */
  readonly privateKey?: KeyObject;
}

/**
 * A public JWK as published in a JWKS: never any private member.
 *
 * @example
 * ```ts
 * const jwk: PublicJwk = exportPublicJwk(key); // { kty, crv, x, kid, alg, use: "sig" }
 * ```
 */
export interface PublicJwk {
  kty: string;
  kid: string;
  alg: string;
  use: "sig";
  crv?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
}

/**
 * A public JSON Web Key Set.
 *
 * @example
 * ```ts
 * const jwks: Jwks = keySet.publicJwks();
 * res.json(jwks);
 * ```
 */
export interface Jwks {
  keys: PublicJwk[];
}

export function isAlgorithm(value: unknown): value is Algorithm {
  return value === "EdDSA" || value === "ES256" || value === "RS256" || value === "HS256";
}
