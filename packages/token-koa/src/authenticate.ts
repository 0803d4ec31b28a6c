import { TokenError, isTokenError, type VerifiedToken, type Verifier } from "@org/token";
import { AuthError, TOKEN_EXPIRES_IN, checkRealm, readCredential, type CookieTransport, type CredentialSource } from "@org/token-http";
import type { Context, DefaultState, Middleware } from "koa";
import { realmOf, rememberRealm } from "./realm.js";

declare module "koa" {
  interface DefaultState {
    /** The verified access token, set by `authenticate`; absent on routes it does not guard. */
    auth?: VerifiedToken;
  }
}

/** Options of {@link authenticate}. */
export interface AuthenticateOptions {
  /** Also accept the token from an HttpOnly cookie (off by default); see the README's trade-offs. */
  readonly cookie?: CookieTransport;
  /** The `realm` of the challenges this middleware and the guards after it write. Default "api". */
  readonly realm?: string;
  /**
   * `false`: a request without a token goes on with `ctx.state.auth` undefined (optional
   * authentication); one with a bad token or malformed credentials is still refused. Default `true`.
   */
  readonly authRequired?: boolean;
}

/**
 * Koa middleware that verifies the request's access token, sets `ctx.state.auth` and the
 * `Token-Expires-In` response header. Refusals are thrown as `AuthError`s (`token_missing`,
 * `invalid_request`, the `invalid_token` codes, `keys_unavailable`) carrying their own `status`,
 * `headers` and `expose`, so Koa's default handler answers them correctly;
 * {@link authErrorHandler} adds the JSON body.
 *
 * @throws TypeError at creation for a realm that would break the challenge, or a non-boolean `authRequired`.
 * @example
 * app.use(authErrorHandler());
 * router.get("/me", authenticate(verifier, { realm: "koa" }), (ctx) => { ctx.body = { sub: ctx.state.auth?.claims.sub }; });
 * router.get("/feed", authenticate(verifier, { authRequired: false }), feed); // ctx.state.auth may be undefined
 */
export function authenticate(verifier: Verifier, options: AuthenticateOptions = {}): Middleware {
  const realm = checkRealm(options.realm);
  const required = options.authRequired ?? true;
  if (typeof required !== "boolean") throw new TypeError("authRequired must be a boolean");
  const { cookie } = options;
  const verified = async (ctx: Context): Promise<VerifiedToken | undefined> => {
    try {
      return await verifier.verify(readCredential(sourceOf(ctx), cookie));
    } catch (err) {
      // Only the absence of credentials is optional; a bad token is refused in either mode.
      if (!required && isTokenError(err) && err.code === "token_missing") return undefined;
      throw isTokenError(err) ? AuthError.from(err, realm) : err;
    }
  };
  return async (ctx, next) => {
    rememberRealm(ctx, realm);
    const auth = await verified(ctx);
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

function sourceOf(ctx: Context): CredentialSource {
  return {
    method: ctx.method,
    // Every field: Node keeps only the first in req.headers, and a second must not go unseen.
    authorization: ctx.req.headersDistinct.authorization ?? [],
    cookieHeader: ctx.headers.cookie,
    header: (name) => ctx.get(name) || undefined,
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
  if (ctx.state.auth === undefined) throw AuthError.from(new TokenError("token_missing"), realmOf(ctx));
  return ctx.state.auth;
}
