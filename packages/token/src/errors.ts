/**
 * The one error family of `@org/token` and the one table of its codes: for each, the kind of
 * failure it is and a fixed description. The kinds are the rows of the transports' answer table
 * (RFC 6750 §3.1); the HTTP status, challenge and gRPC status of each kind live in the adapters
 * (`@org/token-http`, `@org/token-grpc`), so this package carries no transport numbers.
 * Descriptions are fixed strings so that nothing a client sent is ever echoed back.
 */
import type { DpopProofReason } from "./dpop/reasons.js";

/**
 * Stable codes for every way a token or its presentation can be refused.
 *
 * @example
 * ```ts
 * const code: TokenErrorCode = "token_expired";
 * TOKEN_ERRORS[code].kind; // "token_invalid"
 * ```
 */
export type TokenErrorCode =
  | "token_missing"
  | "invalid_request"
  | "token_malformed"
  | "signature_invalid"
  | "algorithm_not_allowed"
  | "token_expired"
  | "token_not_yet_valid"
  | "token_lifetime_exceeded"
  | "issuer_invalid"
  | "audience_invalid"
  | "type_invalid"
  | "token_revoked"
  | "key_unknown"
  | "keys_unavailable"
  | "revocation_unavailable"
  | "scope_insufficient"
  | "dpop_proof_invalid"
  | "dpop_binding_mismatch"
  | "dpop_replay_cache_full"
  | "dpop_proof_missing"
  | "dpop_proof_without_token"
  | "dpop_scheme_required"
  | "dpop_required";

/**
 * The kind of failure a code is, in terms every transport maps to its own answer:
 * - `credentials_missing`: the request carries no credentials (RFC 6750 §3.1: no error code);
 * - `request_invalid`: the credentials are malformed (`invalid_request`);
 * - `token_invalid`: the token is bad, expired, revoked or not meant for this service (`invalid_token`);
 * - `scope_insufficient`: a good token without the scope (`insufficient_scope`);
 * - `unavailable`: what verification needs is not there yet (fail closed; retry later);
 * - `proof_invalid`: a DPoP proof (RFC 9449 §4.3) failed a check (`invalid_dpop_proof`, RFC 9449 §7.1).
 *   Every transport maps it: `@org/token-http` to 401 with a `DPoP` challenge carrying
 *   `error="invalid_dpop_proof"` (400 at the token endpoint, RFC 9449 §5), `@org/token-grpc` to UNAUTHENTICATED.
 *
 * @example
 * ```ts
 * const kind: TokenErrorKind = new TokenError("keys_unavailable").kind; // "unavailable"
 * ```
 */
export type TokenErrorKind =
  | "credentials_missing"
  | "request_invalid"
  | "token_invalid"
  | "scope_insufficient"
  | "unavailable"
  | "proof_invalid";

/**
 * One row of {@link TOKEN_ERRORS}.
 *
 * @example
 * ```ts
 * const row: TokenErrorInfo = TOKEN_ERRORS.keys_unavailable; // { kind: "unavailable", description: "…" }
 * ```
 */
export interface TokenErrorInfo {
  readonly kind: TokenErrorKind;
  /** Fixed, safe text for clients; never contains input. */
  readonly description: string;
}

function row(kind: TokenErrorKind, description: string): TokenErrorInfo {
  return Object.freeze({ kind, description });
}

/**
 * The one table: code -> kind of failure and fixed description.
 *
 * @example
 * ```ts
 * import { TOKEN_ERRORS } from "@org/token";
 * TOKEN_ERRORS.token_expired; // { kind: "token_invalid", description: "The access token expired" }
 * ```
 */
export const TOKEN_ERRORS: Readonly<Record<TokenErrorCode, TokenErrorInfo>> = Object.freeze({
  token_missing: row("credentials_missing", "No access token was provided"),
  invalid_request: row("request_invalid", "The Authorization header is malformed"),
  token_malformed: row("token_invalid", "The access token is malformed"),
  signature_invalid: row("token_invalid", "The access token signature is invalid"),
  algorithm_not_allowed: row("token_invalid", "The access token algorithm is not allowed"),
  token_expired: row("token_invalid", "The access token expired"),
  token_not_yet_valid: row("token_invalid", "The access token is not valid yet"),
  token_lifetime_exceeded: row("token_invalid", "The access token lives longer than this service accepts"),
  issuer_invalid: row("token_invalid", "The access token issuer is not accepted"),
  audience_invalid: row("token_invalid", "The access token is not intended for this audience"),
  type_invalid: row("token_invalid", "The token is not of the expected type"),
  token_revoked: row("token_invalid", "The access token has been revoked"),
  key_unknown: row("token_invalid", "The access token signing key is unknown"),
  keys_unavailable: row("unavailable", "The signing keys are temporarily unavailable"),
  revocation_unavailable: row("unavailable", "Revocation state is temporarily unavailable"),
  scope_insufficient: row("scope_insufficient", "The access token lacks the required scope"),
  dpop_proof_invalid: row("proof_invalid", "The DPoP proof is invalid"),
  dpop_binding_mismatch: row("token_invalid", "The access token is not bound to the DPoP proof key"),
  dpop_replay_cache_full: row("unavailable", "DPoP proofs cannot be checked right now"),
  dpop_proof_missing: row("proof_invalid", "The request carries no DPoP proof"),
  dpop_proof_without_token: row("request_invalid", "A DPoP proof was sent without an access token"),
  dpop_scheme_required: row("token_invalid", "The access token is DPoP-bound: present it with the DPoP scheme and a proof"),
  dpop_required: row("token_invalid", "This service accepts only DPoP-bound access tokens"),
});

/**
 * A refused token or presentation. `message` and `description` are the table's fixed text; the
 * underlying library error, if any, is kept as `cause` for logs only. A `dpop_proof_invalid`
 * refusal names the failed check in `reason` (for logs: it is never part of the description).
 *
 * @example
 * ```ts
 * import { TokenError } from "@org/token";
 * const e = new TokenError("token_expired");
 * e.kind; // "token_invalid"
 * e.description; // "The access token expired"
 * new TokenError("dpop_proof_invalid", { reason: "htu_mismatch" }).reason; // "htu_mismatch"
 * ```
 */
export class TokenError extends Error {
  readonly code: TokenErrorCode;
  readonly kind: TokenErrorKind;
  readonly description: string;
  /** The scopes a `scope_insufficient` refusal names (space separated). */
  readonly scope?: string;
  /** Which check of RFC 9449 §4.3 a `dpop_proof_invalid` refusal failed; for logs only. */
  readonly reason?: DpopProofReason;

  constructor(code: TokenErrorCode, options?: { cause?: unknown; scope?: string; reason?: DpopProofReason }) {
    const info = TOKEN_ERRORS[code];
    super(info.description, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "TokenError";
    this.code = code;
    this.kind = info.kind;
    this.description = info.description;
    if (options?.scope !== undefined) this.scope = options.scope;
    if (options?.reason !== undefined) this.reason = options.reason;
  }
}

/**
 * Type guard for {@link TokenError}.
 *
 * @example
 * ```ts
 * try { await verifier.verify(token); } catch (e) { if (isTokenError(e)) log.info({ code: e.code }); }
 * ```
 */
export function isTokenError(e: unknown): e is TokenError {
  return e instanceof TokenError;
}
