// Attack-table rows for tokens that are not a well-formed JWS: wrong segment counts, encodings a
// lenient base64 decoder would forgive, JSON that is not an object, bytes that are not UTF-8, and
// oversized tokens. Most are signed correctly over their (bad) text, so that the only thing wrong
// with them is the thing the row names.
import type { Key } from "../../src/index.js";
import type { AttackContext, AttackRow } from "./attack-rows.js";
import { b64u, claimsAt, encodePart, forge, headerFor, privateOf, signSegments, validToken } from "./fixtures.js";

const row = (name: string, token: string, expected: AttackRow["expected"]): AttackRow => ({ name, token, expected });

/** A header whose base64url text contains '-' or '_', so it can be re-spelt in the base64 alphabet. */
function headerWithUrlChars(key: Key): string {
  for (let i = 0; i < 256; i++) {
    const encoded = encodePart(headerFor(key, { n: "?".repeat(i % 7) + "~".repeat(i) }));
    if (/[-_]/.test(encoded)) return encoded;
  }
  throw new Error("no header encoding with - or _ found");
}

/** Signed over the given segment texts, however broken they are. */
function signedText(key: Key, h: string, p: string): string {
  return signSegments(h, p, key.alg, privateOf(key));
}

export function segmentRows({ keys }: AttackContext): AttackRow[] {
  const key = keys.EdDSA;
  const good = validToken(key);
  const [h = "", p = "", s = ""] = good.split(".");
  return [
    row("empty string", "", "token_malformed"),
    row("1 segment", h, "token_malformed"),
    row("2 segments", `${h}.${p}`, "token_malformed"),
    row("4 segments", `${good}.${s}`, "token_malformed"),
    row("5 segments (JWE shape)", `${h}.${p}.${s}.${s}.${s}`, "token_malformed"),
    row("only dots", "..", "token_malformed"),
    row("empty header segment", signedText(key, "", p), "token_malformed"),
    row("empty payload segment", signedText(key, h, ""), "token_malformed"),
    row("empty signature segment", `${h}.${p}.`, "token_malformed"),
  ];
}

export function encodingRows({ keys }: AttackContext): AttackRow[] {
  const key = keys.EdDSA;
  // A genuine token whose signature text has '-' or '_' (about 94% of them do; try a few jti).
  const withUrlChars = Array.from({ length: 64 }, (_, i) => validToken(key, { jti: `jti-${String(i)}` })).find((t) => /[-_]/.test(t.split(".")[2] ?? ""));
  const [h = "", p = "", s = ""] = (withUrlChars ?? validToken(key)).split(".");
  const urlHeader = headerWithUrlChars(key);
  const stdHeader = urlHeader.replace(/-/g, "+").replace(/_/g, "/");
  const pad = (x: string): string => x + "=".repeat((4 - (x.length % 4)) % 4 || 4);
  const sigBytes = Buffer.from(s, "base64url");
  // 64 bytes -> 86 chars; the last char carries 2 data bits and 4 must-be-zero bits.
  const last = s.at(-1) ?? "A";
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const alias = alphabet[(alphabet.indexOf(last) & ~0x0f) | ((alphabet.indexOf(last) + 1) & 0x0f)] ?? "A";
  return [
    row("header in the standard base64 alphabet (+ /), signed", signedText(key, stdHeader, p), "token_malformed"),
    row("'*' inside the header, signed", signedText(key, `${h.slice(0, 5)}*${h.slice(5)}`, p), "token_malformed"),
    row("newline inside the payload, signed", signedText(key, h, `${p.slice(0, 8)}\n${p.slice(8)}`), "token_malformed"),
    row("space inside the payload, signed", signedText(key, h, `${p.slice(0, 8)} ${p.slice(8)}`), "token_malformed"),
    row("padded header '=', signed", signedText(key, pad(h), p), "token_malformed"),
    row("padded payload '=', signed", signedText(key, h, pad(p)), "token_malformed"),
    row("padded signature '=='", `${h}.${p}.${pad(s)}`, "token_malformed"),
    row("signature with non-zero trailing bits (same bytes)", `${h}.${p}.${s.slice(0, -1)}${alias}`, "token_malformed"),
    row("signature in the standard base64 alphabet", `${h}.${p}.${sigBytes.toString("base64").replace(/=+$/, "")}`, "token_malformed"),
    row("non-ASCII character in the header, signed", signedText(key, `${h.slice(0, 5)}é${h.slice(5)}`, p), "token_malformed"),
  ];
}

export function jsonRows({ keys }: AttackContext): AttackRow[] {
  const key = keys.EdDSA;
  const rows: AttackRow[] = [];
  const nonObjects: [string, string][] = [["array", "[]"], ["number", "1"], ["null", "null"], ["string", '"x"'], ["true", "true"]];
  for (const [what, json] of nonObjects) {
    rows.push(row(`header is JSON ${what}`, forge(key, json, claimsAt()), "token_malformed"));
    rows.push(row(`payload is JSON ${what}`, forge(key, headerFor(key), json), "token_malformed"));
  }
  const header = JSON.stringify(headerFor(key));
  const claims = JSON.stringify(claimsAt());
  const iss = '"iss":"https://issuer.example"';
  rows.push(
    row("header is not JSON", forge(key, "{alg:EdDSA}", claimsAt()), "token_malformed"),
    row("payload is not JSON", forge(key, headerFor(key), "{iss:x"), "token_malformed"),
    row("payload is a truncated JSON object", forge(key, headerFor(key), claims.slice(0, -1)), "token_malformed"),
    row("duplicate alg: none, then the key's", forge(key, `{"alg":"none",${header.slice(1)}`, claimsAt()), "accepted"),
    row("duplicate alg: the key's, then none", forge(key, `${header.slice(0, -1)},"alg":"none"}`, claimsAt()), "algorithm_not_allowed"),
    row("duplicate iss: wrong, then right", forge(key, headerFor(key), claims.replace(iss, `"iss":"https://evil.example",${iss}`)), "accepted"),
    row("duplicate iss: right, then wrong", forge(key, headerFor(key), claims.replace(iss, `${iss},"iss":"https://evil.example"`)), "issuer_invalid"),
  );
  return rows;
}

export function utf8Rows({ keys }: AttackContext): AttackRow[] {
  const key = keys.EdDSA;
  const header = Buffer.from(JSON.stringify(headerFor(key, { note: "@@" })));
  const payload = Buffer.from(JSON.stringify(claimsAt({ sub: "@@" })));
  const invalid = (bytes: Buffer): Buffer => Buffer.from(bytes.toString("latin1").replace("@@", "\xff\xfe"), "latin1");
  const bom = (bytes: Buffer): Buffer => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
  return [
    row("header bytes not UTF-8, signed", forge(key, invalid(header), claimsAt()), "token_malformed"),
    row("payload bytes not UTF-8, signed", forge(key, headerFor(key), invalid(payload)), "token_malformed"),
    row("header with a UTF-8 BOM, signed", forge(key, bom(header), claimsAt()), "token_malformed"),
    row("payload with a UTF-8 BOM, signed", forge(key, headerFor(key), bom(payload)), "token_malformed"),
  ];
}

export function sizeRows({ keys }: AttackContext): AttackRow[] {
  const key = keys.EdDSA;
  const big = validToken(key, { pad: "x".repeat(5600) });
  const huge = `!!!!${"A".repeat(200_000)}.${encodePart(claimsAt())}.${b64u(Buffer.alloc(64))}`;
  return [
    row(`control: genuine token of ${String(big.length)} bytes (< 8 KiB)`, big, "accepted"),
    row("genuine token of > 8 KiB", validToken(key, { pad: "x".repeat(6500) }), "token_malformed"),
    row("200 KB token whose header is not base64url", huge, "token_malformed"),
  ];
}
