import { TokenError, type VerifiedToken, type Verifier } from "@org/token";
import { AuthError, HttpAuthenticator, TOKEN_EXPIRES_IN, credentialFields, type HttpAuthenticatorOptions, type HttpRequestSource } from "@org/token-http";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { challengeOf, rememberChallenge } from "./challenge.js";

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

/**
 * Options of {@link authenticate}: `cookie` (the optional HttpOnly-cookie transport, Bearer only;
 * see the README's trade-offs), `realm` of the challenges this middleware and the guards after it
 * write (default "api"), `authRequired` (`false`: a request without a token goes on with
 * `req.auth` undefined; a bad token or malformed credentials are still refused; default `true`),
 * and `dpop`: take DPoP-bound tokens (RFC 9449) with `{ required?, publicBaseUrl?, replay?, … }`
 * (see the README), or a `DpopPolicy` to share. Without `dpop` only Bearer is taken, and a
 * DPoP-bound token is refused.
 */
export type AuthenticateOptions = HttpAuthenticatorOptions;

/**
 * Express middleware (Express 4 and 5) that verifies the request's access token, sets `req.auth`
 * and the `Token-Expires-In` response header. With `dpop` it also takes `Authorization: DPoP`
 * with its `DPoP` proof, made for this request (`htm`, `htu`: `publicBaseUrl`, else the
 * request's protocol and Host, then `req.originalUrl`), and challenges with both schemes. Every
 * refusal goes to `next(err)` as an `AuthError` (`token_missing`, `invalid_request`, the
 * `invalid_token` codes, the DPoP codes, `keys_unavailable`) carrying its own `status` and
 * `headers`, so Express's default handler answers it correctly; {@link authErrorHandler} adds the
 * JSON body. It never rejects: Express 4 would not see a rejection.
 *
 * @throws TypeError at creation for a realm that would break the challenge, a non-boolean `authRequired` or a bad DPoP option.
 * @example
 * const auth = authenticate(verifier, { realm: "express", dpop: { publicBaseUrl: "https://api.example.com" } });
 * app.get("/me", auth, (req, res) => { res.json({ sub: req.auth?.claims.sub }); });
 * app.get("/feed", authenticate(verifier, { authRequired: false }), feed); // req.auth may be undefined
 * app.use(authErrorHandler());
 */
export function authenticate(verifier: Verifier, options: AuthenticateOptions = {}): RequestHandler {
  const authenticator = new HttpAuthenticator(verifier, options);
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    // Remembered once it is known: a refusal carries its own challenge to the error handlers, and
    // nothing after a refusal asks for the request's (authOf and the guards run only on success).
    let auth: VerifiedToken | undefined;
    try {
      const result = await authenticator.authenticate(sourceOf(req));
      rememberChallenge(req, result.challenge);
      auth = result.auth;
    } catch (err) {
      next(err);
      return;
    }
    if (auth !== undefined) {
      req.auth = auth;
      // Set now so it survives on every later answer, 403 and handler errors included.
      res.setHeader(TOKEN_EXPIRES_IN, String(verifier.secondsLeft(auth)));
      // An answer made for one token holder is never stored by a cache on the way.
      res.setHeader("Cache-Control", "no-store");
    }
    next();
  };
}

function sourceOf(req: Request): HttpRequestSource {
  // Every field: Node keeps only the first in req.headers, and a second must not go unseen.
  const { authorization, dpop } = credentialFields(req.rawHeaders);
  return {
    method: req.method,
    authorization,
    dpop,
    cookieHeader: req.headers.cookie,
    header: (name) => req.get(name),
    target: req.originalUrl,
    // req.protocol honours X-Forwarded-Proto only under the app's `trust proxy`; Host is taken as sent.
    origin: () => `${req.protocol}://${req.headers.host ?? ""}`,
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
  if (req.auth === undefined) {
    const { realm, dpop } = challengeOf(req);
    throw AuthError.from(new TokenError("token_missing"), realm, { dpop });
  }
  return req.auth;
}
