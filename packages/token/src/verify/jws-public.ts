import { TokenError } from "../errors.js";
import { ALGORITHMS, type Key } from "../keys/types.js";
import { checkSignature, normalizeTyp, parseHeader, splitCompact } from "./jws.js";
import { DEFAULT_MAX_TOKEN_BYTES } from "./options.js";
import { ACCESS_TOKEN_TYPE } from "../sign.js";

/**
 * Result of {@link verifyJws}.
 *
 * @example
 * ```ts
 * const { header, payload }: VerifiedJws = verifyJws(jws, key, { typ: null });
 * ```
 */
export interface VerifiedJws {
  /** The decoded protected header (a plain object). */
  readonly header: Readonly<Record<string, unknown>>;
  /** The payload bytes, not interpreted. */
  readonly payload: Buffer;
}

/**
 * Low-level, synchronous compact JWS check with one pinned key and the same header rules
 * as the verifier, but no claim checks: for payloads that are not JWT claims (such as the
 * RFC 8037 A.4 example). Prefer {@link createVerifier} for tokens.
 * Throws TokenError: token_malformed, algorithm_not_allowed, type_invalid, signature_invalid.
 *
 * @example
 * ```ts
 * const { payload } = verifyJws(jws, key, { typ: null });
 * payload.toString("utf8"); // "Example of Ed25519 signing"
 * ```
 */
export function verifyJws(token: string, key: Key, options: { typ?: string | null; maxTokenBytes?: number } = {}): VerifiedJws {
  const max = options.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES;
  if (typeof token !== "string" || token.length === 0 || token.length > max) throw new TokenError("token_malformed");
  const [d1, d2] = splitCompact(token);
  const typ = options.typ === undefined ? ACCESS_TOKEN_TYPE : options.typ;
  const header = parseHeader(token.slice(0, d1), { algorithms: ALGORITHMS, typ: typ === null ? null : normalizeTyp(typ) });
  if (header.kid !== undefined && header.kid !== key.kid) throw new TokenError("key_unknown");
  checkSignature(key, header.alg, token.slice(0, d2), token.slice(d2 + 1));
  const headerJson = JSON.parse(Buffer.from(token.slice(0, d1), "base64url").toString("utf8")) as Record<string, unknown>;
  const payloadText = token.slice(d1 + 1, d2);
  const payload = Buffer.from(payloadText, "base64url");
  if (payload.toString("base64url") !== payloadText) throw new TokenError("token_malformed");
  return { header: headerJson, payload };
}
