// A refusal as an error that says how to answer it, in the shape Express's default handler
// (finalhandler: `status`/`statusCode`, `headers`) and Koa's (`status`, `headers`, `expose`) read,
// like http-errors does. So an app answers a refused token correctly with no handler of ours; our
// handlers only add the JSON body. The core's TokenError stays free of transport numbers: this
// subclass is where HTTP gets attached.
import { inspect } from "node:util";
import { TokenError, type AuthScheme, type DpopProofReason, type TokenErrorCode } from "@org/token";
import { refusal, wwwAuthenticate, type ChallengeContext, type DpopChallenge } from "./answer.js";

/**
 * The realm of every challenge when the application names none (the one
 * express-oauth2-jwt-bearer uses).
 *
 * @example
 * ```ts
 * new AuthError("token_missing").headers["WWW-Authenticate"]; // 'Bearer realm="api"'
 * ```
 */
export const DEFAULT_REALM = "api";

/**
 * The realm to write in challenges: `realm`, or {@link DEFAULT_REALM} when absent.
 *
 * @throws TypeError when `realm` is not a plain quoted-string value (printable ASCII without `"` or `\`).
 * @example
 * ```ts
 * checkRealm(undefined); // "api"
 * checkRealm("express"); // "express"
 * ```
 */
export function checkRealm(realm: string | undefined): string {
  if (realm === undefined) return DEFAULT_REALM;
  wwwAuthenticate(realm); // throws TypeError on a realm that would break the challenge
  return realm;
}

/**
 * Options of {@link AuthError}: its cause and details, the realm, and which challenges to write
 * (`scheme`, `dpop`: see `ChallengeContext`).
 *
 * @example
 * ```ts
 * const init: AuthErrorInit = { realm: "express", scheme: "DPoP", dpop: { algorithms: ["ES256"], required: false } };
 * ```
 */
export interface AuthErrorInit extends ChallengeContext {
  readonly cause?: unknown;
  /** The scopes a `scope_insufficient` refusal names. */
  readonly scope?: string | undefined;
  /** The failed check of a `dpop_proof_invalid` refusal, for logs. */
  readonly reason?: DpopProofReason | undefined;
  /** Default {@link DEFAULT_REALM}. */
  readonly realm?: string | undefined;
}

/**
 * A refused request, ready to be answered by any handler that follows the http-errors
 * convention: `status` and `statusCode` (400, 401, 403 or 503), `headers` (`WWW-Authenticate`,
 * and `Retry-After` when the failure is temporary), `expose: true` (its message is the code's
 * fixed description, safe to send), and `body`, the JSON `{ error, error_description }`.
 * It is a `TokenError`, so `code`, `kind`, `isTokenError` and existing handlers keep working.
 *
 * A refusal is an expected answer, not a fault of the server, so it does not print like one:
 * its `stack` is the one line `AuthError: <description>` (the frames would only point into this
 * adapter and say nothing about the application), and `util.inspect` (`console.error(err)`, which
 * Express 5's default handler calls) shows `AuthError [code]: <description>` without the `cause`,
 * whose message may quote parts of the token. The cause is still `err.cause`, for deliberate logs.
 *
 * @throws TypeError when `realm` is not a plain quoted-string value.
 * @example
 * ```ts
 * const err = new AuthError("token_expired", { realm: "express" });
 * err.status; // 401
 * err.headers; // { "WWW-Authenticate": 'Bearer realm="express", error="invalid_token", error_description="The access token expired"' }
 * AuthError.from(new TokenError("keys_unavailable")).headers["Retry-After"]; // "5"
 * ```
 */
export class AuthError extends TokenError {
  /** Writable on purpose: Koa's default handler assigns `err.status`. */
  status: number;
  statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly expose = true;
  readonly realm: string;
  /** The scheme the refused request presented its token with; undefined when it presented none. */
  readonly scheme: AuthScheme | undefined;
  /** The service's DPoP challenge; undefined when it takes Bearer only. */
  readonly dpop: DpopChallenge | undefined;
  readonly body: { readonly error: string; readonly error_description: string };

  constructor(code: TokenErrorCode, init: AuthErrorInit = {}) {
    super(code, {
      cause: init.cause,
      ...(init.scope === undefined ? {} : { scope: init.scope }),
      ...(init.reason === undefined ? {} : { reason: init.reason }),
    });
    this.name = "AuthError";
    this.realm = checkRealm(init.realm);
    this.scheme = init.scheme;
    this.dpop = init.dpop === undefined ? undefined : Object.freeze({ algorithms: Object.freeze([...init.dpop.algorithms]), required: init.dpop.required });
    const answer = refusal(this, this.realm, { scheme: this.scheme, dpop: this.dpop });
    this.status = answer.status;
    this.statusCode = answer.status;
    this.headers = Object.freeze({ ...answer.headers });
    this.body = Object.freeze(answer.body);
    this.stack = `${this.name}: ${this.message}`;
  }

  /**
   * `error` as an AuthError with `realm` (default: its own realm if it is one, else
   * {@link DEFAULT_REALM}) and `context` (default: its own scheme and DPoP challenge if it is one,
   * else none), keeping its code, scope, reason and cause. Returns `error` itself when nothing changes.
   *
   * @example
   * ```ts
   * try { await verifier.verify(token); } catch (e) { if (isTokenError(e)) next(AuthError.from(e, "express")); }
   * AuthError.from(new TokenError("scope_insufficient", { scope }), "koa", { scheme: "DPoP", dpop });
   * ```
   */
  static from(error: TokenError, realm?: string, context?: ChallengeContext): AuthError {
    const own = error instanceof AuthError ? error : undefined;
    if (own !== undefined && (realm === undefined || realm === own.realm) && context === undefined) return own;
    return new AuthError(error.code, {
      cause: error.cause,
      scope: error.scope,
      reason: error.reason,
      realm: realm ?? own?.realm ?? DEFAULT_REALM,
      scheme: context === undefined ? own?.scheme : context.scheme,
      dpop: context === undefined ? own?.dpop : context.dpop,
    });
  }

  /** What `console.log(err)` and loggers built on `util.inspect` print: one line, no cause. */
  [inspect.custom](): string {
    return `${this.name} [${this.code}]: ${this.message}`;
  }
}
