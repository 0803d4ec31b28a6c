// How an HTTP service answers a refused token (RFC 6750 §3, RFC 9449 §7.1): the status, the
// challenges and the JSON body of each kind of failure. The one place both HTTP adapters take them from.
import { TOKEN_ERRORS, type AuthScheme, type TokenError, type TokenErrorCode, type TokenErrorKind } from "@org/token";

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
// RFC 7518 alg names: tokens, written space separated in `algs` (RFC 9449 §7.1).
const ALG = /^[A-Za-z0-9+\-._]+$/;

function quoted(name: string, value: string): string {
  return `${name}="${value}"`;
}

/**
 * What the `DPoP` challenge of a service that takes DPoP says: the proof algorithms it accepts
 * (`algs`, RFC 9449 §7.1), and whether it takes DPoP-bound tokens only (then no Bearer challenge).
 *
 * @example
 * ```ts
 * const dpop: DpopChallenge = { algorithms: policy.algorithms, required: policy.required };
 * ```
 */
export interface DpopChallenge {
  readonly algorithms: readonly string[];
  readonly required: boolean;
}

/**
 * Which challenges a refusal carries besides its error: the scheme the request presented its
 * token with (none: it presented none) and, when the service takes DPoP, its DPoP challenge.
 * Without `dpop` every answer is RFC 6750's alone, as before DPoP.
 *
 * @example
 * ```ts
 * const context: ChallengeContext = { scheme: "DPoP", dpop: { algorithms: ["EdDSA", "ES256"], required: false } };
 * ```
 */
export interface ChallengeContext {
  readonly scheme?: AuthScheme | undefined;
  readonly dpop?: DpopChallenge | undefined;
}

// The codes that are about DPoP itself: their error goes on the DPoP challenge whatever scheme the
// request used (a bound token presented as Bearer is told to use DPoP).
const DPOP_CODES: ReadonlySet<TokenErrorCode> = new Set<TokenErrorCode>([
  "dpop_proof_invalid",
  "dpop_proof_missing",
  "dpop_proof_without_token",
  "dpop_binding_mismatch",
  "dpop_replay_cache_full",
  "dpop_scheme_required",
  "dpop_required",
]);

/**
 * The schemes to challenge with, and the one that carries the error parameters: a service
 * without DPoP says Bearer only; one with DPoP required, DPoP only; otherwise a request that
 * presented no token is offered both (RFC 9449 §7.1, RFC 9110 §11.6.1), and an error goes on the
 * challenge of the scheme the request used, or on DPoP's when it is about DPoP.
 */
function schemesFor(error: TokenError | undefined, context: ChallengeContext): readonly AuthScheme[] {
  const { dpop, scheme } = context;
  if (dpop === undefined) return ["Bearer"];
  if (dpop.required) return ["DPoP"];
  const param = error === undefined ? null : BY_KIND[error.kind].error;
  if (error !== undefined && DPOP_CODES.has(error.code) && param !== null) return ["DPoP"];
  if (scheme !== undefined) return [scheme];
  return param === null ? ["Bearer", "DPoP"] : ["Bearer"];
}

function challengeOf(scheme: AuthScheme, realm: string, dpop: DpopChallenge | undefined, error: TokenError | undefined): string {
  const params = [quoted("realm", realm)];
  if (scheme === "DPoP" && dpop !== undefined) {
    const algs = dpop.algorithms.filter((alg) => ALG.test(alg));
    if (algs.length > 0) params.push(quoted("algs", algs.join(" ")));
  }
  const challenge = error === undefined ? null : BY_KIND[error.kind].error;
  if (error !== undefined && challenge !== null) {
    params.push(quoted("error", challenge), quoted("error_description", TOKEN_ERRORS[error.code].description));
    const { scope } = error;
    if (challenge === "insufficient_scope" && scope !== undefined && SAFE_QUOTED.test(scope)) {
      params.push(quoted("scope", scope));
    }
  }
  return `${scheme} ${params.join(", ")}`;
}

/**
 * The `WWW-Authenticate` value for a refusal (RFC 6750 §3; with DPoP, RFC 9449 §7.1): the error
 * parameters on the challenge of the scheme concerned, or bare challenges when no error is given
 * or its kind carries no `error` parameter (no credentials, unavailable). See
 * {@link ChallengeContext} for which schemes are offered. Several challenges are one value,
 * comma separated (RFC 9110 §11.6.1), Bearer first. Throws `TypeError` when `realm` is not a
 * plain quoted-string value.
 *
 * @example
 * ```ts
 * wwwAuthenticate("express"); // 'Bearer realm="express"'
 * wwwAuthenticate("express", new TokenError("token_expired"));
 * // 'Bearer realm="express", error="invalid_token", error_description="The access token expired"'
 * wwwAuthenticate("express", new TokenError("scope_insufficient", { scope: "orders:write" }));
 * // 'Bearer realm="express", error="insufficient_scope", error_description="…", scope="orders:write"'
 * const dpop = { algorithms: ["EdDSA", "ES256"], required: false };
 * wwwAuthenticate("express", new TokenError("token_missing"), { dpop });
 * // 'Bearer realm="express", DPoP realm="express", algs="EdDSA ES256"'
 * wwwAuthenticate("express", new TokenError("dpop_proof_invalid"), { scheme: "DPoP", dpop });
 * // 'DPoP realm="express", algs="EdDSA ES256", error="invalid_dpop_proof", error_description="The DPoP proof is invalid"'
 * ```
 */
export function wwwAuthenticate(realm: string, error?: TokenError, context: ChallengeContext = {}): string {
  if (typeof realm !== "string" || !SAFE_QUOTED.test(realm)) {
    throw new TypeError("realm must be printable ASCII without '\"' or '\\'");
  }
  return schemesFor(error, context)
    .map((scheme) => challengeOf(scheme, realm, context.dpop, error))
    .join(", ");
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
 * The answer to a refused token: status, challenges (`realm` names the service; `context` says
 * which schemes, see {@link wwwAuthenticate}), `Retry-After` for the `unavailable` kind, and the JSON body.
 *
 * @example
 * ```ts
 * refusal(new TokenError("keys_unavailable"), "express");
 * // { status: 503, headers: { "WWW-Authenticate": 'Bearer realm="express"', "Retry-After": "5" }, body: { … } }
 * refusal(new TokenError("dpop_scheme_required"), "koa", { scheme: "Bearer", dpop });
 * // { status: 401, headers: { "WWW-Authenticate": 'DPoP realm="koa", algs="…", error="invalid_token", …' }, body: { … } }
 * ```
 */
export function refusal(error: TokenError, realm: string, context: ChallengeContext = {}): Refusal {
  const headers: Record<string, string> = { "WWW-Authenticate": wwwAuthenticate(realm, error, context) };
  if (error.kind === "unavailable") headers["Retry-After"] = String(RETRY_AFTER_SECONDS);
  return { status: httpStatus(error), headers, body: errorBody(error) };
}
