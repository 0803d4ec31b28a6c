import { randomBytes } from "node:crypto";

/** Bytes of a grant id: 96 bits, 16 base64url characters. */
const GRANT_ID_BYTES = 12;

/**
 * A new grant id for the `sid` claim: 96 random bits from the CSPRNG, base64url (16 characters).
 * One per login (or client-credentials issuance), shared by every token of its refresh chain.
 *
 * @example
 * ```ts
 * const sid = newGrantId(); // e.g. "q1w2e3r4t5y6u7i8"
 * await store.startGrant(sid, refresh.jti, refreshTtlSeconds);
 * ```
 */
export function newGrantId(): string {
  return randomBytes(GRANT_ID_BYTES).toString("base64url");
}
