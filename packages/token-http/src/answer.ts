// How an HTTP service answers a refused token (RFC 6750 §3): the status, the challenge and the JSON
// body of each kind of failure. The one place both HTTP adapters take them from.
import { TOKEN_ERRORS, type TokenError, type TokenErrorKind } from "@org/token";

/** The RFC 6750 §3.1 `error` parameter of a challenge; null when the challenge carries none. */
export type ChallengeError = "invalid_request" | "invalid_token" | "insufficient_scope" | "invalid_dpop_proof";

interface KindAnswer {
  readonly status: number;
  readonly error: ChallengeError | null;
}

// RFC 6750 §3.1: no credentials -> 401 with a bare challenge; malformed -> 400 invalid_request;
// bad token -> 401 invalid_token; weak token -> 403 insufficient_scope. `unavailable` is ours:
// fail closed with 503 and a bare challenge, the client has nothing to fix but to wait.
const BY_KIND: Readonly<Record<TokenErrorKind, KindAnswer>> = Object.freeze({
  credentials_missing: { status: 401, error: null },
  request_invalid: { status: 400, error: "invalid_request" },
  token_invalid: { status: 401, error: "invalid_token" },
  scope_insufficient: { status: 403, error: "insufficient_scope" },
  unavailable: { status: 503, error: null },
  // RFC 9449 §7.1: a DPoP proof that fails a check.
  proof_invalid: { status: 401, error: "invalid_dpop_proof" },
});

/**
 * Seconds a client is asked to wait (`Retry-After`) while keys or revocation state are unavailable.
 *
 * @example
 * ```ts
 * res.setHeader("Retry-After", String(RETRY_AFTER_SECONDS));
 * ```
 */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Response header telling the client how many whole seconds its access token has left.
 *
 * @example
 * ```ts
 * res.setHeader(TOKEN_EXPIRES_IN, String(verifier.secondsLeft(auth)));
 * ```
 */
export const TOKEN_EXPIRES_IN = "Token-Expires-In";

/**
 * The HTTP status of a refusal.
 *
 * @example
 * ```ts
 * httpStatus(new TokenError("token_expired")); // 401
 * httpStatus(new TokenError("scope_insufficient")); // 403
 * ```
 */
export function httpStatus(error: TokenError): number {
  return BY_KIND[error.kind].status;
}

// RFC 7230 quoted-string without the need for escapes: visible ASCII and space, minus `"` and `\`.
const SAFE_QUOTED = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function quoted(name: string, value: string): string {
  return `${name}="${value}"`;
}

/**
 * The RFC 6750 §3 `WWW-Authenticate` value for a refusal, or the bare challenge when no error is
 * given or its kind carries no `error` parameter (no credentials, unavailable).
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
  const challenge = error === undefined ? null : BY_KIND[error.kind].error;
  if (error !== undefined && challenge !== null) {
    parts.push(quoted("error", challenge), quoted("error_description", TOKEN_ERRORS[error.code].description));
    const { scope } = error;
    if (challenge === "insufficient_scope" && scope !== undefined && SAFE_QUOTED.test(scope)) {
      parts.push(quoted("scope", scope));
    }
  }
  return parts.join(", ");
}

/**
 * The JSON body of a refusal: the challenge's `error` (or the code when the kind has none) and the
 * fixed description. Never the token.
 *
 * @example
 * ```ts
 * errorBody(new TokenError("token_revoked"));
 * // { error: "invalid_token", error_description: "The access token has been revoked" }
 * errorBody(new TokenError("keys_unavailable"));
 * // { error: "keys_unavailable", error_description: "The signing keys are temporarily unavailable" }
 * ```
 */
export function errorBody(error: TokenError): { error: string; error_description: string } {
  return { error: BY_KIND[error.kind].error ?? error.code, error_description: TOKEN_ERRORS[error.code].description };
}

/**
 * Everything an HTTP refusal is made of, for a framework to send as it is.
 *
 * @example
 * ```ts
 * const { status, headers, body } = refusal(err, "koa");
 * ctx.status = status; ctx.set(headers); ctx.body = body;
 * ```
 */
export interface Refusal {
  readonly status: number;
  /** `WWW-Authenticate`, plus `Retry-After` when the failure is temporary. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: { error: string; error_description: string };
}

/**
 * The answer to a refused token: status, challenge (`realm` names the service), `Retry-After` for
 * the `unavailable` kind, and the JSON body.
 *
 * @example
 * ```ts
 * refusal(new TokenError("keys_unavailable"), "express");
 * // { status: 503, headers: { "WWW-Authenticate": 'Bearer realm="express"', "Retry-After": "5" }, body: { … } }
 * ```
 */
export function refusal(error: TokenError, realm: string): Refusal {
  const headers: Record<string, string> = { "WWW-Authenticate": wwwAuthenticate(realm, error) };
  if (error.kind === "unavailable") headers["Retry-After"] = String(RETRY_AFTER_SECONDS);
  return { status: httpStatus(error), headers, body: errorBody(error) };
}
