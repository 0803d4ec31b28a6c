/**
 * The one error family of `@org/token` and the one table that maps each failure to its
 * HTTP status, RFC 6750 challenge and gRPC status. Descriptions are fixed strings so that
 * nothing a client sent is ever echoed back.
 */

/**
 * Stable codes for every way a token or an Authorization header can be refused.
 *
 * @example
 * ```ts
 * const code: TokenErrorCode = "token_expired";
 * TOKEN_ERRORS[code].status; // 401
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
  | "issuer_invalid"
  | "audience_invalid"
  | "type_invalid"
  | "token_revoked"
  | "key_unknown"
  | "keys_unavailable"
  | "revocation_unavailable"
  | "scope_insufficient";

/**
 * One row of {@link TOKEN_ERRORS}.
 *
 * @example
 * ```ts
 * const row: TokenErrorInfo = TOKEN_ERRORS.keys_unavailable; // { status: 503, error: null, grpcCode: 14, … }
 * ```
 */
export interface TokenErrorInfo {
  /** HTTP status to answer with. */
  readonly status: number;
  /** RFC 6750 §3.1 `error` parameter, or null when the challenge carries none. */
  readonly error: "invalid_request" | "invalid_token" | "insufficient_scope" | null;
  /** Numeric gRPC status (16 UNAUTHENTICATED, 14 UNAVAILABLE, 7 PERMISSION_DENIED). */
  readonly grpcCode: number;
  /** Fixed, safe text for clients; never contains input. */
  readonly description: string;
}

const UNAUTHENTICATED = 16;
const UNAVAILABLE = 14;
const PERMISSION_DENIED = 7;

function invalidToken(description: string): TokenErrorInfo {
  return Object.freeze({ status: 401, error: "invalid_token", grpcCode: UNAUTHENTICATED, description });
}

/**
 * The one table: code -> HTTP status, RFC 6750 error, gRPC code, fixed description.
 *
 * @example
 * ```ts
 * import { TOKEN_ERRORS } from "@org/token";
 * TOKEN_ERRORS.token_expired.status; // 401
 * TOKEN_ERRORS.scope_insufficient.grpcCode; // 7
 * ```
 */
export const TOKEN_ERRORS: Readonly<Record<TokenErrorCode, TokenErrorInfo>> = Object.freeze({
  token_missing: Object.freeze({
    status: 401,
    error: null,
    grpcCode: UNAUTHENTICATED,
    description: "No access token was provided",
  }),
  invalid_request: Object.freeze({
    status: 400,
    error: "invalid_request",
    grpcCode: UNAUTHENTICATED,
    description: "The Authorization header is malformed",
  }),
  token_malformed: invalidToken("The access token is malformed"),
  signature_invalid: invalidToken("The access token signature is invalid"),
  algorithm_not_allowed: invalidToken("The access token algorithm is not allowed"),
  token_expired: invalidToken("The access token expired"),
  token_not_yet_valid: invalidToken("The access token is not valid yet"),
  issuer_invalid: invalidToken("The access token issuer is not accepted"),
  audience_invalid: invalidToken("The access token is not intended for this audience"),
  type_invalid: invalidToken("The token is not of the expected type"),
  token_revoked: invalidToken("The access token has been revoked"),
  key_unknown: invalidToken("The access token signing key is unknown"),
  keys_unavailable: Object.freeze({
    status: 503,
    error: null,
    grpcCode: UNAVAILABLE,
    description: "The signing keys are temporarily unavailable",
  }),
  revocation_unavailable: Object.freeze({ status: 503, error: null, grpcCode: UNAVAILABLE, description: "Revocation state is temporarily unavailable" }),
  scope_insufficient: Object.freeze({
    status: 403,
    error: "insufficient_scope",
    grpcCode: PERMISSION_DENIED,
    description: "The access token lacks the required scope",
  }),
});

/**
 * A refused token or Authorization header. `message` and `description` are the table's
 * fixed text; the underlying library error, if any, is kept as `cause` for logs only.
 *
 * @example
 * ```ts
 * import { TokenError } from "@org/token";
 * const e = new TokenError("token_expired");
 * e.status; // 401
 * e.description; // "The access token expired"
 * ```
 */
export class TokenError extends Error {
  readonly code: TokenErrorCode;
  readonly description: string;
  readonly status: number;
  readonly grpcCode: number;
  readonly scope?: string;

  constructor(code: TokenErrorCode, options?: { cause?: unknown; scope?: string }) {
    const info = TOKEN_ERRORS[code];
    super(info.description, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "TokenError";
    this.code = code;
    this.description = info.description;
    this.status = info.status;
    this.grpcCode = info.grpcCode;
    if (options?.scope !== undefined) this.scope = options.scope;
  }
}

/**
 * Type guard for {@link TokenError}.
 *
 * @example
 * ```ts
 * try { await verifier.verify(token); } catch (e) { if (isTokenError(e)) res.status(e.status); }
 * ```
 */
export function isTokenError(e: unknown): e is TokenError {
  return e instanceof TokenError;
}

// RFC 7230 quoted-string without the need for escapes: visible ASCII and space, minus `"` and `\`.
const SAFE_QUOTED = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function quoted(name: string, value: string): string {
  return `${name}="${value}"`;
}

/**
 * The RFC 6750 §3 `WWW-Authenticate` value for an error, or the bare challenge when no
 * error is given (no token presented) or the error carries no `error` parameter.
 * Throws `TypeError` when `realm` is not a plain quoted-string value.
 *
 * @example
 * ```ts
 * wwwAuthenticate("express"); // 'Bearer realm="express"'
 * wwwAuthenticate("express", new TokenError("token_expired"));
 * // 'Bearer realm="express", error="invalid_token", error_description="The access token expired"'
 * wwwAuthenticate("express", new TokenError("scope_insufficient", { scope: "orders:write" }));
 * // 'Bearer realm="express", error="insufficient_scope", error_description="…", scope="orders:write"'
 * ```
 */
export function wwwAuthenticate(realm: string, error?: TokenError): string {
  if (typeof realm !== "string" || !SAFE_QUOTED.test(realm)) {
    throw new TypeError("realm must be printable ASCII without '\"' or '\\'");
  }
  const parts = [`Bearer ${quoted("realm", realm)}`];
  const info = error === undefined ? undefined : TOKEN_ERRORS[error.code];
  if (info?.error != null) {
    parts.push(quoted("error", info.error), quoted("error_description", info.description));
    const scope = error?.scope;
    if (info.error === "insufficient_scope" && scope !== undefined && SAFE_QUOTED.test(scope)) {
      parts.push(quoted("scope", scope));
    }
  }
  return parts.join(", ");
}

/**
 * The JSON body for an HTTP error response: the table's `error` (or the code when the
 * table has none) and the fixed description.
 *
 * @example
 * ```ts
 * errorBody(new TokenError("token_revoked"));
 * // { error: "invalid_token", error_description: "The access token has been revoked" }
 * ```
 */
export function errorBody(error: TokenError): { error: string; error_description: string } {
  const info = TOKEN_ERRORS[error.code];
  return { error: info.error ?? error.code, error_description: info.description };
}
