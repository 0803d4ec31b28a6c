import { TokenError, type VerifiedToken, type Verifier } from "@org/token";
import { TOKEN_EXPIRES_IN, readCredential, type CookieTransport } from "@org/token-http";
import type { NextFunction, Request, RequestHandler, Response } from "express";

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
}

/**
 * Express middleware that verifies the request's access token, sets `req.auth` and the
 * `Token-Expires-In` response header. Every failure goes to `next(err)` as a `TokenError`
 * (`token_missing`, `invalid_request`, `invalid_token` codes, `keys_unavailable`), to be
 * answered by {@link authErrorHandler}.
 *
 * @example
 * const auth = authenticate(verifier);
 * app.get("/me", auth, (req, res) => { res.json({ sub: req.auth?.claims.sub }); });
 * app.use(authErrorHandler({ realm: "express" }));
 */
export function authenticate(verifier: Verifier, options: AuthenticateOptions = {}): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    let auth: VerifiedToken;
    try {
      const token = readCredential(
        {
          method: req.method,
          authorization: req.headersDistinct.authorization ?? [],
          cookieHeader: req.headers.cookie,
          header: (name) => req.get(name),
        },
        options.cookie,
      );
      auth = await verifier.verify(token);
    } catch (err) {
      next(err);
      return;
    }
    req.auth = auth;
    // Set now so it survives on every later answer, 403 and handler errors included.
    res.setHeader(TOKEN_EXPIRES_IN, String(verifier.secondsLeft(auth)));
    next();
  };
}

/**
 * The verified token of a request that passed {@link authenticate}: saves handlers the
 * undefined check.
 *
 * @throws TokenError `token_missing` when the route is not behind `authenticate`.
 * @example
 * app.get("/me", authenticate(verifier), (req, res) => { res.json({ sub: authOf(req).claims.sub }); });
 */
export function authOf(req: Request): VerifiedToken {
  if (req.auth === undefined) throw new TokenError("token_missing");
  return req.auth;
}
