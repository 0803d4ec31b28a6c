/**
 * Narrowing of the two revocation claims at the check. Both are signed by the issuer, so a bad
 * value is an issuer bug, not an attack; still, the narrowing errs towards revoking.
 */

/**
 * The `rev` claim as a non-negative safe integer; anything else (missing, negative, fractional,
 * a string, NaN, above 2^53) counts as 0, which every counter revocation covers. Counting garbage
 * as 0 rather than refusing the token keeps a token without `rev` (issued before the claim
 * existed) working until a revocation says otherwise.
 *
 * @example
 * ```ts
 * revOf(41);    // 41
 * revOf("41");  // 0
 * revOf(-1);    // 0
 * ```
 */
export function revOf(rev: unknown): number {
  return typeof rev === "number" && Number.isSafeInteger(rev) && rev >= 0 ? rev : 0;
}

/**
 * The `sid` claim when it is a non-empty string, else undefined (such a token matches no grant
 * revocation; the other scopes still apply).
 *
 * @example
 * ```ts
 * sidOf("q1w2e3r4t5y6u7i8"); // "q1w2e3r4t5y6u7i8"
 * sidOf(7);                  // undefined
 * ```
 */
export function sidOf(sid: unknown): string | undefined {
  return typeof sid === "string" && sid.length > 0 ? sid : undefined;
}
