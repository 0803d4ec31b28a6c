// Why a DPoP proof was refused: one reason per check of RFC 9449 §4.3, kept on the TokenError for
// logs. Clients only ever see the fixed description of dpop_proof_invalid.
import { TokenError } from "../errors.js";

/**
 * Every reason a `dpop_proof_invalid` refusal can carry, in the order the checks run. The first,
 * `proof_repeated` (more than one DPoP field, RFC 9449 §4.3 step 1), is found by the presentation
 * check of a transport, which alone sees every field; the others by `verifyDpopProof`.
 *
 * @example
 * ```ts
 * DPOP_PROOF_REASONS.includes("jti_replayed"); // true
 * ```
 */
export const DPOP_PROOF_REASONS = Object.freeze([
  "proof_repeated",
  "proof_too_large",
  "proof_malformed",
  "typ_invalid",
  "alg_not_allowed",
  "header_invalid",
  "jwk_missing",
  "jwk_private",
  "jwk_invalid",
  "signature_invalid",
  "claims_invalid",
  "htm_mismatch",
  "htu_mismatch",
  "iat_too_old",
  "iat_in_future",
  "nonce_missing",
  "nonce_mismatch",
  "ath_missing",
  "ath_mismatch",
  "jti_replayed",
] as const);

/**
 * The failed check of a `dpop_proof_invalid` refusal (`TokenError#reason`): for logs, never for clients.
 *
 * @example
 * ```ts
 * if (isTokenError(e) && e.code === "dpop_proof_invalid") log.info({ reason: e.reason satisfies DpopProofReason | undefined });
 * ```
 */
export type DpopProofReason = (typeof DPOP_PROOF_REASONS)[number];

/** The refusal of a proof, with the failed check and, when a library refused it, the cause. */
export function proofInvalid(reason: DpopProofReason, cause?: unknown): TokenError {
  return new TokenError("dpop_proof_invalid", cause === undefined ? { reason } : { reason, cause });
}
