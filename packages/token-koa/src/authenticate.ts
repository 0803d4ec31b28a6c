import { TokenError, type VerifiedToken, type Verifier } from "@org/token";
import { AuthError, HttpAuthenticator, TOKEN_EXPIRES_IN, credentialFields, type HttpAuthenticatorOptions, type HttpRequestSource } from "@org/token-http";
import type { Context, DefaultState, Middleware } from "koa";
import { challengeOf, rememberChallenge } from "./challenge.js";

declare module "koa" {
  interface DefaultState {
    /** The verified access token, set by `authenticate`; absent on routes it does not guard. */
    auth?: VerifiedToken;
  }
}

/**
 * Options of {@link authenticate}: `cookie` (the optional HttpOnly-cookie transport, Bearer only;
 * see the README's trade-offs), `realm` of the challenges this middleware and the guards after it
 * write (default "api"), `authRequired` (`false`: a request without a token goes on with
 * `ctx.state.auth` undefined; a bad token or malformed credentials are still refused; default
 * `true`), and `dpop`: take DPoP-bound tokens (RFC 9449) with `{ required?, publicBaseUrl?,
 * replay?, … }` (see the README), or a `DpopPolicy` to share. Without `dpop` only Bearer is
 * taken, and a DPoP-bound token is refused.
 */
export type AuthenticateOptions = HttpAuthenticatorOptions;

/**
 * Koa middleware that verifies the request's access token, sets `ctx.state.auth` and the
 * `Token-Expires-In` response header. With `dpop` it also takes `Authorization: DPoP` with its
 * `DPoP` proof, made for this request (`htm`, `htu`: `publicBaseUrl`, else the request's protocol
 * and Host, then `ctx.originalUrl`), and challenges with both schemes. Refusals are thrown as
 * `AuthError`s (`token_missing`, `invalid_request`, the `invalid_token` codes, the DPoP codes,
 * `keys_unavailable`) carrying their own `status`, `headers` and `expose`, so Koa's default
 * handler answers them correctly; {@link authErrorHandler} adds the JSON body.
 *
 * @throws TypeError at creation for a realm that would break the challenge, a non-boolean `authRequired` or a bad DPoP option.
 * @example
 * app.use(authErrorHandler());
 * router.get("/me", authenticate(verifier, { realm: "koa", dpop: {} }), (ctx) => { ctx.body = { sub: ctx.state.auth?.claims.sub }; });
 * router.get("/feed", authenticate(verifier, { authRequired: false }), feed); // ctx.state.auth may be undefined
 */
export function authenticate(verifier: Verifier, options: AuthenticateOptions = {}): Middleware {
  const authenticator = new HttpAuthenticator(verifier, options);
  return async (ctx, next) => {
    // Remembered once it is known: a refusal carries its own challenge to the error handler, and
    // nothing after a refusal asks for the request's (authOf and the guards run only on success).
    const { auth, challenge } = await authenticator.authenticate(sourceOf(ctx));
    rememberChallenge(ctx, challenge);
    if (auth !== undefined) {
      ctx.state.auth = auth;
      // Set before the handler runs so it survives on every later answer, 403 and errors included.
      ctx.set(TOKEN_EXPIRES_IN, String(verifier.secondsLeft(auth)));
      // An answer made for one token holder is never stored by a cache on the way.
      ctx.set("Cache-Control", "no-store");
    }
    await next();
  };
}

function sourceOf(ctx: Context): HttpRequestSource {
  // Every field: Node keeps only the first in req.headers, and a second must not go unseen.
  const { authorization, dpop } = credentialFields(ctx.req.rawHeaders);
  return {
    method: ctx.method,
    authorization,
    dpop,
    cookieHeader: ctx.headers.cookie,
    header: (name) => ctx.get(name) || undefined,
    target: ctx.originalUrl,
    // ctx.protocol honours X-Forwarded-Proto only when app.proxy is set; Host is taken as sent.
    origin: () => `${ctx.protocol}://${ctx.headers.host ?? ""}`,
  };
}

/**
 * The verified token of a request that passed {@link authenticate}: saves handlers the
 * undefined check.
 *
 * @throws AuthError `token_missing` (401) when the route is not behind `authenticate`, or behind
 *   it with `authRequired: false` and the request had no token.
 * @example
 * router.get("/me", authenticate(verifier), (ctx) => { ctx.body = { sub: authOf(ctx).claims.sub }; });
 */
export function authOf(ctx: { readonly state: DefaultState }): VerifiedToken {
  if (ctx.state.auth === undefined) {
    const { realm, dpop } = challengeOf(ctx);
    throw AuthError.from(new TokenError("token_missing"), realm, { dpop });
  }
  return ctx.state.auth;
}
