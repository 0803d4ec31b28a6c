// Strict base64url (RFC 7515 §2): alphabet A-Z a-z 0-9 - _, no padding, no whitespace, and
// canonical (unused trailing bits zero). Node's decoder alone is lenient: it accepts "+",
// "/", "=" and skips garbage, and non-canonical text would give twin tokens for one signature.
//
// The check is a round trip: decode, encode again, compare. Node's encoder only ever writes
// canonical, unpadded base64url, so any text that differs from its own re-encoding (a foreign
// character, padding, a dangling character, non-zero trailing bits) is refused. Both directions
// are native code, which makes this cheaper than a regular expression over the text.
import { isUtf8 } from "node:buffer";

/** Decodes strict base64url; undefined when the text is empty or not strict. */
export function decodeBase64url(text: string): Buffer | undefined {
  if (text.length === 0) return undefined;
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : undefined;
}

/** True when `text` is non-empty, canonical, unpadded base64url. */
export function isBase64url(text: string): boolean {
  return decodeBase64url(text) !== undefined;
}

/**
 * Decodes a strict base64url segment holding UTF-8 JSON text (RFC 7515 §5.2 steps 2 and 8);
 * undefined when the encoding or the UTF-8 is invalid. `isUtf8` is a native check, so the
 * replacement-character decoding of Buffer#toString never hides broken bytes.
 */
export function decodeUtf8Segment(text: string): string | undefined {
  const bytes = decodeBase64url(text);
  return bytes !== undefined && isUtf8(bytes) ? bytes.toString("utf8") : undefined;
}
