// The synchronous compact-JWS core: header policy and signature check with node:crypto on
// KeyObjects prepared once per key. No Promise, no WebCrypto: this is the hot path.
import { createHmac, timingSafeEqual, verify, type KeyObject } from "node:crypto";
import { TokenError } from "../errors.js";
import type { Algorithm, Key } from "../keys/types.js";
import { decodeBase64url, decodeUtf8Segment } from "./base64url.js";

/** What the header of an accepted token told us. */
export interface ParsedHeader {
  readonly alg: Algorithm;
  readonly kid: string | undefined;
}

/** Header rules shared by a verifier's calls. */
export interface HeaderPolicy {
  readonly algorithms: readonly Algorithm[];
  /** Normalised expected typ, or null for no check. */
  readonly typ: string | null;
}

// Headers that would point at key material chosen by the token's author (RFC 8725 §3.10):
// never used, and rejected outright rather than silently ignored.
const KEY_POINTERS = ["jwk", "jku", "x5u", "x5c"] as const;

/** typ comparison as jose does it (RFC 7515 §4.1.9): case-insensitive, "application/" optional. */
export function normalizeTyp(typ: string): string {
  const lower = typ.toLowerCase();
  return lower.startsWith("application/") ? lower.slice(12) : lower;
}

function malformed(): TokenError {
  return new TokenError("token_malformed");
}

/** Decodes and checks a protected header. Throws TokenError. */
export function parseHeader(segment: string, policy: HeaderPolicy): ParsedHeader {
  const text = decodeUtf8Segment(segment);
  if (text === undefined) throw malformed();
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (cause) {
    throw new TokenError("token_malformed", { cause });
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) throw malformed();
  const h = header as Record<string, unknown>;
  const alg = h.alg;
  if (typeof alg !== "string") throw malformed();
  if (!(policy.algorithms as readonly string[]).includes(alg)) throw new TokenError("algorithm_not_allowed");
  // We understand no extension, so any crit is unknown (RFC 7515 §4.1.11); b64 needs crit (RFC 7797).
  if (Object.hasOwn(h, "crit") || Object.hasOwn(h, "b64")) throw malformed();
  for (const name of KEY_POINTERS) if (Object.hasOwn(h, name)) throw malformed();
  const kid = h.kid;
  if (kid !== undefined && (typeof kid !== "string" || kid.length === 0)) throw malformed();
  if (policy.typ !== null && (typeof h.typ !== "string" || normalizeTyp(h.typ) !== policy.typ)) {
    throw new TokenError("type_invalid");
  }
  return { alg: alg as Algorithm, kid };
}

/** Checks `signature` over `input` (the ASCII text `header.payload`). */
type SignatureCheck = (input: string, signature: Buffer) => boolean;

function asymmetric(digest: string | null, key: KeyObject | { key: KeyObject; dsaEncoding: "ieee-p1363" }, size: number): SignatureCheck {
  return (input, signature) => signature.length === size && verify(digest, Buffer.from(input, "utf8"), key, signature);
}

function hmac(secret: KeyObject): SignatureCheck {
  return (input, signature) => {
    if (signature.length !== 32) return false;
    return timingSafeEqual(createHmac("sha256", secret).update(input, "utf8").digest(), signature);
  };
}

function prepare(key: Key): SignatureCheck {
  switch (key.alg) {
    case "EdDSA":
      return asymmetric(null, key.publicKey, 64);
    case "ES256":
      // JWS carries R || S, 32 bytes each (RFC 7518 §3.4), not DER.
      return asymmetric("sha256", { key: key.publicKey, dsaEncoding: "ieee-p1363" }, 64);
    case "RS256":
      return asymmetric("sha256", key.publicKey, (key.publicKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
    case "HS256":
      return hmac(key.publicKey);
  }
}

const prepared = new WeakMap<Key, SignatureCheck>();

/** The signature check for a key, built once per Key object. */
export function signatureCheck(key: Key): SignatureCheck {
  let check = prepared.get(key);
  if (check === undefined) {
    check = prepare(key);
    prepared.set(key, check);
  }
  return check;
}

/** Throws unless the token's algorithm is the key's pinned one and the signature holds. */
export function checkSignature(key: Key, alg: Algorithm, input: string, signatureSegment: string): void {
  // Pinning (RFC 8725 §3.1): the header may only repeat the key's algorithm, so "none",
  // HS256 over a public key and every other confusion end here.
  if (alg !== key.alg) throw new TokenError("algorithm_not_allowed");
  const signature = decodeBase64url(signatureSegment);
  if (signature === undefined) throw malformed();
  let holds: boolean;
  try {
    holds = signatureCheck(key)(input, signature);
  } catch (cause) {
    // OpenSSL refusing the input (e.g. a hand-built Key whose KeyObject does not fit its alg)
    // is still a failed check, never an untyped error to the caller.
    throw new TokenError("signature_invalid", { cause });
  }
  if (!holds) throw new TokenError("signature_invalid");
}

/** Byte offsets of the two dots of a compact JWS; throws token_malformed unless exactly 3 non-empty segments. */
export function splitCompact(token: string): [number, number] {
  const d1 = token.indexOf(".");
  const d2 = d1 < 0 ? -1 : token.indexOf(".", d1 + 1);
  if (d1 <= 0 || d2 <= d1 + 1 || d2 === token.length - 1 || token.includes(".", d2 + 1)) throw malformed();
  return [d1, d2];
}
