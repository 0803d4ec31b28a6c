// Strict base64url (RFC 7515 §2): alphabet A-Z a-z 0-9 - _, no padding, no whitespace, and
// canonical (unused trailing bits zero). Node's decoder alone is lenient: it accepts "+",
// "/", "=" and skips garbage, and non-canonical text would give twin tokens for one signature.

import { isUtf8 } from "node:buffer";

const SEGMENT = /^[A-Za-z0-9_-]+$/;
const VALUES = new Int8Array(128).fill(-1);
"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".split("").forEach((c, i) => {
  VALUES[c.charCodeAt(0)] = i;
});

/** True when `text` is non-empty, canonical, unpadded base64url. */
export function isBase64url(text: string): boolean {
  const rest = text.length & 3;
  if (rest === 1 || !SEGMENT.test(text)) return false;
  if (rest === 0) return true;
  const last = VALUES[text.charCodeAt(text.length - 1)] ?? -1;
  // 2 chars carry 1 byte (4 unused bits), 3 chars carry 2 bytes (2 unused bits).
  return (last & (rest === 2 ? 0x0f : 0x03)) === 0;
}

/** Decodes strict base64url; undefined when the text is not strict. */
export function decodeBase64url(text: string): Buffer | undefined {
  return isBase64url(text) ? Buffer.from(text, "base64url") : undefined;
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
