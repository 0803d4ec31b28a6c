// The syntax rules both sides of a proof share: what an htm, a jti, a nonce and an ath look like.
import { hash } from "node:crypto";

/**
 * Header `typ` of DPoP proofs (RFC 9449 §4.2).
 *
 * @example
 * ```ts
 * JSON.parse(Buffer.from(proof.split(".")[0] ?? "", "base64url").toString()).typ === DPOP_PROOF_TYPE; // true
 * ```
 */
export const DPOP_PROOF_TYPE = "dpop+jwt";

/** RFC 9110 §5.6.2 token: what an HTTP method is made of (§9.1). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** RFC 9449 §8.1: nonce = 1*NQCHAR. */
const NQCHAR = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * Longest `jti` accepted or written. RFC 9449 §11.1 asks servers to refuse needlessly large ones;
 * 96 random bits (§4.2) need 16 characters, a UUID 36.
 */
export const MAX_JTI_LENGTH = 128;
/** Longest server nonce accepted or written. */
export const MAX_NONCE_LENGTH = 512;

export function isMethod(value: unknown): value is string {
  return typeof value === "string" && TOKEN.test(value);
}

export function isJti(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= MAX_JTI_LENGTH;
}

export function isNonce(value: unknown): value is string {
  return typeof value === "string" && value.length <= MAX_NONCE_LENGTH && NQCHAR.test(value);
}

// crypto.hash is a one-shot digest (Node >= 20.12; engines asks for 20.19), cheaper than createHash().
function sha256(text: string): Buffer {
  return hash("sha256", text, "buffer");
}

/** The `ath` of an access token (RFC 9449 §4.2): base64url(SHA-256(ASCII(token))) as raw bytes. */
export function accessTokenDigest(token: string): Buffer {
  return sha256(token);
}

/** The replay-cache id of a proof: its key and its jti, hashed so the entry's size is fixed. */
export function replayId(jkt: string, jti: string): string {
  // A jkt is base64url, so the first "." separates it from the jti: no two pairs give one text.
  return sha256(`${jkt}.${jti}`).toString("base64url");
}
