// The one way a DPoP check refuses a proof: dpop_proof_invalid with the failed check as its reason.
import { TokenError } from "../errors.js";
import type { DpopProofReason } from "./reasons.js";

/**
 * The refusal of a proof, with the failed check and, when a library refused it, the cause.
 *
 * @example
 * ```ts
 * throw proofInvalid("htu_mismatch");
 * ```
 */
export function proofInvalid(reason: DpopProofReason, cause?: unknown): TokenError {
  return new TokenError("dpop_proof_invalid", cause === undefined ? { reason } : { reason, cause });
}
