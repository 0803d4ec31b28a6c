// Where @org/token's policy is deliberately stricter than jose's jwtVerify under the same options,
// written out rule by rule. The differential test expects "jose accepts AND no rule below applies"
// to be exactly our verdict; anything else is a disagreement to investigate, never to hide.
import { TOLERANCE } from "../security/fixtures.js";

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** Canonical, unpadded base64url: what RFC 7515 §2 asks for. Node 20's atob (jose's decoder) also takes padding, whitespace and non-zero trailing bits. */
export function isCanonicalBase64url(text: string): boolean {
  return SEGMENT.test(text) && Buffer.from(text, "base64url").toString("base64url") === text;
}

function decodeObject(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const STRING_CLAIMS = ["iss", "sub", "jti", "client_id", "scope"];
const TIME_CLAIMS = ["exp", "iat", "nbf"];

function claimTypeProblem(claims: Record<string, unknown>): string | undefined {
  // jose only checks that exp/iat/nbf are numbers and compares iss/aud; RFC 9068 §2.2 fixes the
  // types of the others, and JSON's 1e400 parses to Infinity, which jose takes as "never expires".
  for (const name of STRING_CLAIMS) if (claims[name] !== undefined && typeof claims[name] !== "string") return `${name} not a string`;
  for (const name of TIME_CLAIMS) {
    const v = claims[name];
    if (v !== undefined && (typeof v !== "number" || !Number.isFinite(v))) return `${name} not a finite number`;
  }
  const { aud } = claims;
  if (Array.isArray(aud) && (aud.length === 0 || aud.some((a) => typeof a !== "string"))) return "aud array with a non-string";
  return undefined;
}

/**
 * The reason our verifier rejects a token that jose (same key, algorithms [key.alg], issuer,
 * audience, typ "at+jwt", clockTolerance, currentDate, requiredClaims) accepts, or undefined.
 */
export function stricterThanJose(token: string, maxTokenBytes: number): string | undefined {
  // Issue 2: a size limit (default 8 KiB) before any decoding; jose has none.
  if (token.length > maxTokenBytes) return "larger than maxTokenBytes";
  const segments = token.split(".");
  // Lenient decoding would let one signature stand for many token strings (and many cache keys).
  if (segments.length === 3 && !segments.every(isCanonicalBase64url)) return "not canonical base64url";
  const [h = "", p = ""] = segments;
  const header = decodeObject(h);
  if (header !== undefined) {
    // We understand no JWS extension, so any crit is unknown (jose knows b64 and accepts b64:true).
    // A b64 header without crit is ignored by jose; we refuse it rather than guess.
    if (Object.hasOwn(header, "crit") || Object.hasOwn(header, "b64")) return "crit or b64 header";
    // RFC 8725 §3.10: headers that point at key material are refused outright; jose ignores them.
    for (const name of ["jwk", "jku", "x5u", "x5c"]) if (Object.hasOwn(header, name)) return `${name} header`;
  }
  // jose's TextDecoder strips a UTF-8 BOM; JSON (RFC 8259 §8.1) forbids one, and we refuse it.
  if (Buffer.from(p, "base64url").subarray(0, 3).equals(Buffer.of(0xef, 0xbb, 0xbf))) return "BOM before the claims";
  const claims = decodeObject(p);
  if (claims !== undefined) return claimTypeProblem(claims);
  return undefined;
}

/**
 * True when jose and we legitimately compare time differently for this case: jose floors the clock
 * to whole seconds, we compare with millisecond precision. For integer NumericDates (what every
 * issuer writes) the two agree; only a fractional exp/nbf/iat with a clock between seconds differs.
 */
export function clockPrecisionCase(token: string, nowMs: number): boolean {
  if (nowMs % 1000 === 0) return false;
  const claims = decodeObject(token.split(".")[1] ?? "");
  if (claims === undefined) return false;
  return TIME_CLAIMS.some((name) => {
    const v = claims[name];
    return typeof v === "number" && !Number.isInteger(v) && Math.abs(v - nowMs / 1000) <= TOLERANCE + 2;
  });
}
