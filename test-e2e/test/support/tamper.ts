// Tampered copies of a real access token, each changing one thing an attacker would change:
// a payload byte under the original signature, the `alg` switched to `none`, and the `alg`
// switched to HS256 with the issuer's public key as the HMAC secret (algorithm confusion).
import { createHmac, createPublicKey, type JsonWebKey } from "node:crypto";
import { headerOf } from "./jwt.js";

function segments(token: string): [string, string, string] {
  const [header = "", payload = "", signature = ""] = token.split(".");
  return [header, payload, signature];
}

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/**
 * The token with one byte of its payload changed (the first letter of `sub`), the signature kept.
 *
 * @example
 * ```ts
 * payloadByteChanged(token); // "…": sub "alice" became "blice"
 * ```
 */
export function payloadByteChanged(token: string): string {
  const [header, payload, signature] = segments(token);
  const bytes = Buffer.from(payload, "base64url");
  const at = bytes.indexOf('"sub":"') + '"sub":"'.length;
  if (at < '"sub":"'.length) throw new Error("the token has no sub to change");
  bytes[at] = (bytes[at] ?? 0) + 1;
  return `${header}.${bytes.toString("base64url")}.${signature}`;
}

/**
 * The token with `alg: "none"` in its header (kid and typ kept), with no signature or with the
 * original one.
 *
 * @example
 * ```ts
 * algNone(token, "dropped"); // "<header>.<payload>."
 * ```
 */
export function algNone(token: string, signature: "dropped" | "kept"): string {
  const [, payload, original] = segments(token);
  const header = encode({ ...headerOf(token), alg: "none" });
  return `${header}.${payload}.${signature === "kept" ? original : ""}`;
}

/**
 * The token re-signed with HS256, the HMAC key being the issuer's public key (SPKI PEM) that
 * anyone can read from its JWKS: accepted only by a verifier that lets the token pick its alg.
 *
 * @example
 * ```ts
 * hs256WithPublicKey(token, jwks.keys[0]);
 * ```
 */
export function hs256WithPublicKey(token: string, publicJwk: JsonWebKey): string {
  const [, payload] = segments(token);
  const input = `${encode({ ...headerOf(token), alg: "HS256" })}.${payload}`;
  const secret = createPublicKey({ key: publicJwk, format: "jwk" }).export({ type: "spki", format: "pem" });
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}
