// Forging helpers for the attack, tamper and differential tests: build compact JWS by hand, signed
// with node:crypto directly, so a test can put any header, any payload bytes and any signature on the
// wire without going through the library under test.
import { createHmac, sign as cryptoSign, type KeyObject } from "node:crypto";
import {
  createVerifier,
  generateKey,
  isTokenError,
  staticKeys,
  type Algorithm,
  type Key,
  type Verifier,
  type VerifierOptions,
} from "../../src/index.js";

export const ISSUER = "https://issuer.example";
export const AUDIENCE = "urn:demo:express";
export const AUDIENCES = [AUDIENCE, "urn:demo:koa", "urn:demo:grpc"] as const;
/** Fixed "now" (seconds) for every fake clock in these tests: 2027-01-15T08:00:00Z. */
export const NOW = 1_800_000_000;
export const TOLERANCE = 5;
export const ALGORITHMS: readonly Algorithm[] = ["EdDSA", "ES256", "RS256", "HS256"];

export type SigningAlg = Algorithm | "HS384" | "HS512" | "none";

export function b64u(data: string | Uint8Array): string {
  return Buffer.from(data).toString("base64url");
}

/** Encode a header or payload: objects as JSON, strings as given (already JSON text), bytes as-is. */
export function encodePart(part: unknown): string {
  if (part instanceof Uint8Array) return b64u(part);
  if (typeof part === "string") return b64u(part);
  return b64u(JSON.stringify(part));
}

/** Sign `input` the way JWS alg `alg` does, with a key object or raw HMAC secret bytes. */
export function rawSign(alg: SigningAlg, key: KeyObject | Uint8Array, input: string): Buffer {
  const data = Buffer.from(input, "utf8");
  if (alg === "HS256" || alg === "HS384" || alg === "HS512") {
    return createHmac(`sha${alg.slice(2)}`, key).update(data).digest();
  }
  if (key instanceof Uint8Array) throw new TypeError(`${alg} needs a KeyObject`);
  switch (alg) {
    case "EdDSA":
      return cryptoSign(null, data, key);
    case "ES256":
      return cryptoSign("sha256", data, { key, dsaEncoding: "ieee-p1363" });
    case "RS256":
      return cryptoSign("sha256", data, key);
    case "none":
      return Buffer.alloc(0);
  }
}

/** The signing key of a library key (HS256: the secret). */
export function privateOf(key: Key): KeyObject {
  if (key.privateKey === undefined) throw new TypeError("key has no private part");
  return key.privateKey;
}

/** A compact JWS over already-encoded segments, signed with `key` under `alg`. */
export function signSegments(h: string, p: string, alg: SigningAlg, key: KeyObject | Uint8Array): string {
  return `${h}.${p}.${b64u(rawSign(alg, key, `${h}.${p}`))}`;
}

/** A compact JWS of `header` and `payload` signed with the library key under its own algorithm. */
export function forge(key: Key, header: unknown, payload: unknown): string {
  return signSegments(encodePart(header), encodePart(payload), key.alg, privateOf(key));
}

/** The header a genuine access token of `key` carries. */
export function headerFor(key: Key, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { alg: key.alg, kid: key.kid, typ: "at+jwt", ...extra };
}

/** RFC 9068 claims valid at NOW; an `undefined` override drops the claim (JSON.stringify omits it). */
export function claimsAt(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: ISSUER,
    sub: "alice",
    aud: [...AUDIENCES],
    exp: NOW + 300,
    iat: NOW,
    jti: "Jm3x8kQ0bq1F2y7ZsW4vNA",
    client_id: "demo-cli",
    scope: "profile orders:read orders:write",
    ...overrides,
  };
}

/** A valid access token of `key`, with optional claim and header overrides. */
export function validToken(key: Key, claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}): string {
  return forge(key, headerFor(key, header), claimsAt(claims));
}

export function clockAt(seconds: number): () => number {
  return () => seconds * 1000;
}

export function verifierFor(key: Key, options: Partial<VerifierOptions> = {}): Verifier {
  return createVerifier({
    issuer: ISSUER,
    audience: AUDIENCE,
    keys: staticKeys(key),
    clock: clockAt(NOW),
    clockTolerance: TOLERANCE,
    cache: false,
    ...options,
  });
}

/** The error code a verification ends with, or "accepted"; anything not a TokenError is rethrown. */
export async function outcome(verifier: Verifier, token: string): Promise<string> {
  try {
    await verifier.verify(token);
    return "accepted";
  } catch (error: unknown) {
    if (isTokenError(error)) return error.code;
    throw error;
  }
}

/** One generated key per algorithm (RSA at 2048 bits, the smallest the library accepts). */
export async function keysByAlg(): Promise<Record<Algorithm, Key>> {
  const [EdDSA, ES256, RS256, HS256] = await Promise.all(ALGORITHMS.map((alg) => generateKey(alg)));
  if (EdDSA === undefined || ES256 === undefined || RS256 === undefined || HS256 === undefined) {
    throw new Error("key generation returned too few keys");
  }
  return { EdDSA, ES256, RS256, HS256 };
}

/** Ed25519 group order L; S + L is the same scalar mod L, but RFC 8032 §5.1.7 requires S < L. */
export const ED25519_L = 2n ** 252n + 27742317777372353535851937790883648493n;

/** Return the signature with S replaced by S + L (little-endian), i.e. a non-canonical encoding. */
export function nonCanonicalEd25519(signature: Uint8Array): Buffer {
  const s = signature.subarray(32, 64);
  let value = 0n;
  for (let i = 31; i >= 0; i--) value = (value << 8n) | BigInt(s[i] ?? 0);
  value += ED25519_L;
  if (value >= 2n ** 256n) throw new RangeError("S + L does not fit in 32 bytes");
  const out = Buffer.from(signature);
  for (let i = 0; i < 32; i++) {
    out[32 + i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return out;
}
