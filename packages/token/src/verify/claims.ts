// Claim checks, run only after the signature holds (RFC 8725 §3.8-3.9, RFC 9068 §4).
import { TokenError } from "../errors.js";
import { decodeUtf8Segment } from "./base64url.js";
import type { AccessTokenClaims } from "./types.js";

/** Claim rules shared by a verifier's calls. */
export interface ClaimPolicy {
  readonly issuer: string;
  /** `aud` must contain one of them; null: no check. */
  readonly audience: readonly string[] | null;
  /** Claims that must be present; null = the RFC 9068 set (iss sub aud exp iat jti client_id), checked inline. */
  readonly required: readonly string[] | null;
  /** Seconds. */
  readonly tolerance: number;
  /** Seconds: the longest `exp - iat` accepted; null = no limit. */
  readonly maxLifetime: number | null;
}


/** Decodes the payload segment into a plain object; throws token_malformed. */
export function decodePayload(segment: string): Record<string, unknown> {
  const text = decodeUtf8Segment(segment);
  if (text === undefined) throw new TokenError("token_malformed");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new TokenError("token_malformed", { cause });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new TokenError("token_malformed");
  return value as Record<string, unknown>;
}

function isAudience(aud: unknown): boolean {
  if (typeof aud === "string") return true;
  if (!Array.isArray(aud) || aud.length === 0) return false;
  for (const a of aud) if (typeof a !== "string") return false;
  return true;
}

const optionalString = (v: unknown): boolean => v === undefined || typeof v === "string";

// cnf (RFC 7800): an object whose jkt, the one member we read, is a string when present.
function isConfirmation(cnf: unknown): boolean {
  if (typeof cnf !== "object" || cnf === null || Array.isArray(cnf)) return false;
  return optionalString((cnf as Record<string, unknown>).jkt);
}
const optionalTime = (v: unknown): boolean => v === undefined || (typeof v === "number" && Number.isFinite(v));

// Named property reads (not claims[name] in a loop) keep these loads monomorphic: this runs on
// every uncached verification.
function checkTypes(claims: Record<string, unknown>, required: readonly string[] | null): void {
  const { iss, sub, jti, client_id, scope, exp, iat, nbf, aud } = claims;
  if (required === null) {
    // The RFC 9068 set (exp is checked below in any case).
    if (iss === undefined || sub === undefined || aud === undefined || iat === undefined || jti === undefined || client_id === undefined) {
      throw new TokenError("token_malformed");
    }
  } else {
    for (const name of required) if (claims[name] === undefined) throw new TokenError("token_malformed");
  }
  if (!optionalString(iss) || !optionalString(sub) || !optionalString(jti) || !optionalString(client_id) || !optionalString(scope)) {
    throw new TokenError("token_malformed");
  }
  if (typeof exp !== "number" || !Number.isFinite(exp) || !optionalTime(iat) || !optionalTime(nbf)) {
    throw new TokenError("token_malformed");
  }
  if (aud !== undefined && !isAudience(aud)) throw new TokenError("token_malformed");
  const { cnf } = claims;
  if (cnf !== undefined && !isConfirmation(cnf)) throw new TokenError("token_malformed");
}

function accepts(audience: readonly string[], aud: unknown): boolean {
  // The common case, one accepted audience, without allocating.
  if (audience.length === 1) {
    const [only] = audience;
    return typeof aud === "string" ? aud === only : Array.isArray(aud) && aud.includes(only);
  }
  if (typeof aud === "string") return audience.includes(aud);
  return Array.isArray(aud) && aud.some((a) => typeof a === "string" && audience.includes(a));
}

/**
 * Throws the first failing check's TokenError; `now` in seconds. Passing it is what makes the
 * claims an {@link AccessTokenClaims}: the RFC 9068 members are present with their types (unless a
 * verifier for published example vectors relaxed `requiredClaims`, as its option documents).
 */
export function checkClaims(claims: Record<string, unknown>, policy: ClaimPolicy, now: number): asserts claims is AccessTokenClaims {
  checkTypes(claims, policy.required);
  if (claims.iss !== policy.issuer) throw new TokenError("issuer_invalid");
  const { audience } = policy;
  if (audience !== null && !accepts(audience, claims.aud)) throw new TokenError("audience_invalid");
  const { tolerance } = policy;
  if ((claims.exp as number) <= now - tolerance) throw new TokenError("token_expired");
  const { nbf, iat } = claims;
  if (typeof nbf === "number" && nbf > now + tolerance) throw new TokenError("token_not_yet_valid");
  if (typeof iat === "number" && iat > now + tolerance) throw new TokenError("token_not_yet_valid");
  // A token minted to live for years (a leaked key, a misconfigured issuer) is refused even while
  // "valid": the bound also caps how long revocation state must be kept.
  const { maxLifetime } = policy;
  if (maxLifetime !== null) {
    if (typeof iat !== "number") throw new TokenError("token_malformed");
    if ((claims.exp as number) - iat > maxLifetime) throw new TokenError("token_lifetime_exceeded");
  }
}
