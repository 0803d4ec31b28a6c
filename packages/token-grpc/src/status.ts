import { status, type StatusObject } from "@grpc/grpc-js";
import type { TokenError, TokenErrorCode } from "@org/token";

/** Response initial metadata key carrying the whole seconds left until the token's `exp`. */
export const TOKEN_EXPIRES_IN = "token-expires-in";

/** The standard health service's methods, usually passed as `public`. */
export const HEALTH_METHODS: readonly string[] = Object.freeze([
  "/grpc.health.v1.Health/Check",
  "/grpc.health.v1.Health/Watch",
]);

/** What a refused call is answered with: a status code and a fixed, safe details text. */
export type RefusalStatus = Pick<StatusObject, "code" | "details">;

// Every code has its status here: adding a code to @org/token without one is a type error.
const STATUS: Readonly<Record<TokenErrorCode, status>> = Object.freeze({
  token_missing: status.UNAUTHENTICATED,
  invalid_request: status.UNAUTHENTICATED,
  token_malformed: status.UNAUTHENTICATED,
  signature_invalid: status.UNAUTHENTICATED,
  algorithm_not_allowed: status.UNAUTHENTICATED,
  token_expired: status.UNAUTHENTICATED,
  token_not_yet_valid: status.UNAUTHENTICATED,
  token_lifetime_exceeded: status.UNAUTHENTICATED,
  issuer_invalid: status.UNAUTHENTICATED,
  audience_invalid: status.UNAUTHENTICATED,
  type_invalid: status.UNAUTHENTICATED,
  token_revoked: status.UNAUTHENTICATED,
  key_unknown: status.UNAUTHENTICATED,
  keys_unavailable: status.UNAVAILABLE,
  revocation_unavailable: status.UNAVAILABLE,
  scope_insufficient: status.PERMISSION_DENIED,
  dpop_proof_invalid: status.UNAUTHENTICATED,
  dpop_binding_mismatch: status.UNAUTHENTICATED,
  dpop_replay_cache_full: status.UNAVAILABLE,
  dpop_proof_missing: status.UNAUTHENTICATED,
  dpop_proof_without_token: status.UNAUTHENTICATED,
  dpop_scheme_required: status.UNAUTHENTICATED,
  dpop_required: status.UNAUTHENTICATED,
});

/**
 * The one mapper from a {@link TokenError} to a gRPC status: UNAUTHENTICATED (no, malformed, bad,
 * expired, revoked, wrong-audience token), PERMISSION_DENIED (missing scope), UNAVAILABLE (keys
 * not loaded), with the code's fixed description. The token and the library's own message never
 * reach the client.
 *
 * @example
 * ```ts
 * statusFor(new TokenError("token_expired"));
 * // { code: status.UNAUTHENTICATED, details: "The access token expired" }
 * ```
 */
export function statusFor(error: TokenError): RefusalStatus {
  return { code: STATUS[error.code], details: error.description };
}

/** A method that no rule opens: refused before any token is looked at (fail closed). */
export const METHOD_NOT_ALLOWED: RefusalStatus = Object.freeze({
  code: status.PERMISSION_DENIED,
  details: "The method is not open to any caller",
});

/** Anything the verifier threw that is not a TokenError: a bug, never the client's fault. */
export const INTERNAL_ERROR: RefusalStatus = Object.freeze({
  code: status.INTERNAL,
  details: "Internal error",
});
