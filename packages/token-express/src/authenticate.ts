import { TokenError, isTokenError, type VerifiedToken, type Verifier } from "@org/token";
import { AuthError, TOKEN_EXPIRES_IN, checkRealm, readCredential, type CookieTransport, type CredentialSource } from "@org/token-http";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { realmOf, rememberRealm } from "./realm.js";

declare global {
  // Declaration merging is how Express types request extensions; a namespace is the only way in.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The verified access token, set by `authenticate`; absent on routes it does not guard. */
      auth?: VerifiedToken;
    }
  }
}

/** Options of {@link authenticate}. */
export interface AuthenticateOptions {
  /** Also accept the token from an HttpOnly cookie (off by default); see the README's trade-offs. */
  readonly cookie?: CookieTransport;
  /** The `realm` of the challenges this middleware and the guards after it write. Default "api". */
  readonly realm?: string;
  /**
   * `false`: a request without a token goes on with `req.auth` undefined (optional
   * authentication); one with a bad token or malformed credentials is still refused. Default `true`.
   */
  readonly authRequired?: boolean;
}

/**
 * Express middleware (Express 4 and 5) that verifies the request's access token, sets `req.auth`
 * and the `Token-Expires-In` response header. Every refusal goes to `next(err)` as an
 * `AuthError` (`token_missing`, `invalid_request`, the `invalid_token` codes, `keys_unavailable`)
 * carrying its own `status` and `headers`, so Express's default handler answers it correctly;
 * {@link authErrorHandler} adds the JSON body. It never rejects: Express 4 would not see a rejection.
 *
 * @throws TypeError at creation for a realm that would break the challenge, or a non-boolean `authRequired`.
 * @example
 * const auth = authenticate(verifier, { realm: "express" });
 * app.get("/me", auth, (req, res) => { res.json({ sub: req.auth?.claims.sub }); });
 * app.get("/feed", authenticate(verifier, { authRequired: false }), feed); // req.auth may be undefined
 * app.use(authErrorHandler());
 */
export function authenticate(verifier: Verifier, options: AuthenticateOptions = {}): RequestHandler {
  const realm = checkRealm(options.realm);
  const required = options.authRequired ?? true;
  if (typeof required !== "boolean") throw new TypeError("authRequired must be a boolean");
  const { cookie } = options;
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    rememberRealm(req, realm);
    let auth: VerifiedToken;
    try {
      auth = await verifier.verify(readCredential(sourceOf(req), cookie));
    } catch (err) {
      // Only the absence of credentials is optional; a bad token is refused in either mode.
      if (!required && isTokenError(err) && err.code === "token_missing") next();
      else next(isTokenError(err) ? AuthError.from(err, realm) : err);
      return;
    }
    req.auth = auth;
    // Set now so it survives on every later answer, 403 and handler errors included.
    res.setHeader(TOKEN_EXPIRES_IN, String(verifier.secondsLeft(auth)));
    // An answer made for one token holder is never stored by a cache on the way.
    res.setHeader("Cache-Control", "no-store");
    next();
  };
}

function sourceOf(req: Request): CredentialSource {
  return {
    method: req.method,
    // Every field: Node keeps only the first in req.headers, and a second must not go unseen.
    authorization: req.headersDistinct.authorization ?? [],
    cookieHeader: req.headers.cookie,
    header: (name) => req.get(name),
  };
}

/**
 * The verified token of a request that passed {@link authenticate}: saves handlers the
 * undefined check.
 *
 * @throws AuthError `token_missing` (401) when the route is not behind `authenticate`, or behind
 *   it with `authRequired: false` and the request had no token.
 * @example
 * app.get("/me", authenticate(verifier), (req, res) => { res.json({ sub: authOf(req).claims.sub }); });
 */
export function authOf(req: Request): VerifiedToken {
  if (req.auth === undefined) throw AuthError.from(new TokenError("token_missing"), realmOf(req));
  return req.auth;
}
