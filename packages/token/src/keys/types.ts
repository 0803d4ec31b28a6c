import type { KeyObject } from "node:crypto";

/** The four JWS algorithms `@org/token` signs and verifies. */
export type Algorithm = "EdDSA" | "ES256" | "RS256" | "HS256";

/** Every supported algorithm, in a stable order. */
export const ALGORITHMS: readonly Algorithm[] = Object.freeze(["EdDSA", "ES256", "RS256", "HS256"]);

/** One key with its pinned algorithm; node KeyObjects inside. */
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

/** A public JWK as published in a JWKS: never any private member. */
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

/** A public JSON Web Key Set. */
export interface Jwks {
  keys: PublicJwk[];
}

export function isAlgorithm(value: unknown): value is Algorithm {
  return value === "EdDSA" || value === "ES256" || value === "RS256" || value === "HS256";
}
