import { TokenError, type VerifiedToken, type Verifier } from "@org/token";
import { TOKEN_EXPIRES_IN, readCredential, type CookieTransport } from "@org/token-http";
import type { DefaultState, Middleware } from "koa";

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
}

/**
 * Koa middleware that verifies the request's access token, sets `ctx.state.auth` and the
 * `Token-Expires-In` response header. Failures are thrown as `TokenError`s (`token_missing`,
 * `invalid_request`, `invalid_token` codes, `keys_unavailable`) for {@link authErrorHandler} to answer.
 *
 * @example
 * app.use(authErrorHandler({ realm: "koa" }));
 * router.get("/me", authenticate(verifier), (ctx) => { ctx.body = { sub: ctx.state.auth?.claims.sub }; });
 */
export function authenticate(verifier: Verifier, options: AuthenticateOptions = {}): Middleware {
  return async (ctx, next) => {
    const token = readCredential(
      {
        method: ctx.method,
        authorization: ctx.req.headersDistinct.authorization ?? [],
        cookieHeader: ctx.headers.cookie,
        header: (name) => ctx.get(name) || undefined,
      },
      options.cookie,
    );
    const auth = await verifier.verify(token);
    ctx.state.auth = auth;
    // Set before the handler runs so it survives on every later answer, 403 and errors included.
    ctx.set(TOKEN_EXPIRES_IN, String(verifier.secondsLeft(auth)));
    await next();
  };
}

/**
 * The verified token of a request that passed {@link authenticate}: saves handlers the
 * undefined check.
 *
 * @throws TokenError `token_missing` when the route is not behind `authenticate`.
 * @example
 * router.get("/me", authenticate(verifier), (ctx) => { ctx.body = { sub: authOf(ctx).claims.sub }; });
 */
export function authOf(ctx: { readonly state: DefaultState }): VerifiedToken {
  if (ctx.state.auth === undefined) throw new TokenError("token_missing");
  return ctx.state.auth;
}
