// The labels (see verdict.ts) of the contract's answers, with the fixed descriptions of
// @org/token's one table of codes, so that no scenario spells a description out by hand.
import { TOKEN_ERRORS, type TokenErrorCode } from "@org/token";

/**
 * The label of a 401 `invalid_token` (gRPC UNAUTHENTICATED) for `code`.
 *
 * @example
 * ```ts
 * refused("token_revoked"); // "invalid_token: The access token has been revoked"
 * ```
 */
export function refused(code: TokenErrorCode): string {
  return `invalid_token: ${TOKEN_ERRORS[code].description}`;
}

/**
 * The label of a 503 (gRPC UNAVAILABLE) for `code`.
 *
 * @example
 * ```ts
 * unavailable("revocation_unavailable"); // "unavailable: Revocation state is temporarily unavailable"
 * ```
 */
export function unavailable(code: TokenErrorCode): string {
  return `unavailable: ${TOKEN_ERRORS[code].description}`;
}
