// POST /revoke (RFC 7009) and POST /logout. Each answers 2xx only once the revocation is persisted in
// Redis; with revocation off (no REDIS_URL) both answer 503 naming the setting. Every call is an audit
// line in the log: who, which scope and target, the outcome; never a token.
import { sidOf } from "@org/revocation";
import { isTokenError, type AccessTokenClaims, type RefreshTokenClaims } from "@org/token";
import { AuthError, HttpAuthenticator } from "@org/token-http";
import { Router, type NextFunction, type Request, type Response } from "express";
import { OAuthError } from "../errors.js";
import { invalidClient } from "../http/client-auth.js";
import { parseBody, parseOptionalBody } from "../http/body.js";
import { TokenParams } from "../http/params.js";
import { requestClient } from "../grants/client.js";
import type { GrantContext } from "../grants/context.js";
import type { IssuerDpop } from "../grants/dpop.js";
import { persisted } from "../grants/revocation-errors.js";
import type { IssuerRevocation } from "../revocation/setup.js";

const OFF = "Revocation is off: set REDIS_URL to enable it";

/** The revocation of a running issuer, or the contract's 503 when it is off. */
export function revocationOf(ctx: GrantContext): IssuerRevocation {
  if (ctx.revocation === undefined) throw new OAuthError("temporarily_unavailable", OFF);
  return ctx.revocation;
}

/**
 * First on every revocation route: no-store, and the contract's 503 while revocation is off, before
 * the body is even read.
 */
export function revocationRoute(ctx: GrantContext) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    res.set({ "Cache-Control": "no-store", Pragma: "no-cache" });
    next(ctx.revocation === undefined ? new OAuthError("temporarily_unavailable", OFF) : undefined);
  };
}

/** What a presented token turned out to be, when it is one of this issuer's and still valid. */
type Identified =
  | { readonly kind: "refresh"; readonly claims: RefreshTokenClaims }
  | { readonly kind: "access"; readonly claims: AccessTokenClaims };

/** Tries the hinted type first (RFC 7009 §2.1: the hint only speeds up the search). */
async function identify(ctx: GrantContext, token: string, hint: string | undefined): Promise<Identified | undefined> {
  const asRefresh = async (): Promise<Identified> => ({ kind: "refresh", claims: await ctx.ownTokens.refresh.verify(token) });
  const asAccess = async (): Promise<Identified> => ({ kind: "access", claims: (await ctx.ownTokens.access.verify(token)).claims });
  const order = hint === "access_token" ? [asAccess, asRefresh] : [asRefresh, asAccess];
  for (const attempt of order) {
    try {
      return await attempt();
    } catch (error) {
      if (!isTokenError(error)) throw error;
    }
  }
  return undefined;
}

/**
 * `POST /revoke` (RFC 7009): the client authenticates as at /token. A refresh token revokes its whole
 * grant (every token of that login's chain); an access token, that token alone. A token of another
 * client: 400 unauthorized_client, nothing revoked. Unknown, expired or already revoked: 200 (§2.2).
 */
async function revoke(ctx: GrantContext, req: Request, res: Response): Promise<void> {
  const revocation = revocationOf(ctx);
  const params = TokenParams.from(req.body);
  const token = params.required("token");
  const client = await requestClient(ctx, { params, authorization: req.get("authorization"), address: req.ip ?? "unknown" });
  if (client === undefined) throw invalidClient(undefined, "client authentication is required");
  const found = await identify(ctx, token, params.one("token_type_hint"));
  const actor = { client_id: client.clientId };
  if (found === undefined) {
    ctx.logger.info({ audit: "revocation", actor, scope: "token", outcome: "unknown token" }, "revocation");
    res.status(200).end();
    return;
  }
  if (found.claims.client_id !== client.clientId) {
    ctx.logger.warn({ audit: "revocation", actor, outcome: "refused: token of another client" }, "revocation");
    throw new OAuthError("unauthorized_client", "the token was issued to another client");
  }
  const sid = sidOf(found.claims.sid);
  const target =
    found.kind === "refresh" && sid !== undefined
      ? ({ scope: "grant", sid } as const)
      : ({ scope: "token", jti: found.claims.jti, until: found.claims.exp * 1000 } as const);
  await persisted(revocation.store.revoke(target));
  ctx.logger.info({ audit: "revocation", actor, ...target, kind: found.kind, outcome: "revoked" }, "revocation");
  res.status(200).end();
}

/**
 * `POST /logout` with `Authorization: Bearer <access token>` of any of this issuer's audiences, or
 * `Authorization: DPoP <access token>` with its proof (htm POST, htu `<issuer>/logout`): every token
 * of that user, on every client (204); with form `client_id`, only that client's tokens of the user
 * ("revoke this app"). The token only says whose sessions end; it grants nothing. A DPoP-bound
 * token as Bearer is refused like at any resource service: a thief without the key cannot end the sessions.
 */
async function logout(ctx: GrantContext, authenticator: HttpAuthenticator, req: Request, res: Response): Promise<void> {
  const revocation = revocationOf(ctx);
  let claims: AccessTokenClaims;
  try {
    const { auth } = await authenticator.authenticate({
      method: req.method,
      authorization: req.headersDistinct.authorization ?? [],
      dpop: req.headersDistinct.dpop ?? [],
      cookieHeader: undefined,
      header: (name) => req.get(name),
      target: req.originalUrl,
      // Never asked: the policy's publicBaseUrl is the issuer identifier.
      origin: () => "",
    });
    if (auth === undefined) throw new AuthError("token_missing", { realm: "issuer" });
    claims = auth.claims;
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    res.status(error.status).set({ ...error.headers, "Cache-Control": "no-store" }).json(error.body);
    return;
  }
  const clientId = params(req).one("client_id");
  if (clientId !== undefined && !ctx.identities.clients.has(clientId)) {
    throw new OAuthError("invalid_request", "client_id names no client of this issuer");
  }
  const target =
    clientId === undefined ? ({ scope: "user", sub: claims.sub } as const) : ({ scope: "user_client", sub: claims.sub, client_id: clientId } as const);
  await persisted(revocation.store.revoke(target));
  const actor = { sub: claims.sub, client_id: claims.client_id };
  ctx.logger.info({ audit: "revocation", actor, ...target, outcome: "revoked" }, "revocation");
  res.status(204).end();
}

/** The form of a request that may have no body at all (a logout with only its Authorization header). */
function params(req: Request): TokenParams {
  const body: unknown = req.body;
  return body === undefined ? TokenParams.from({}) : TokenParams.from(body);
}

/**
 * `POST /revoke` and `POST /logout`; `dpop` holds the issuer's DPoP policy (logout's proofs).
 *
 * @example
 * app.use(revocationRoutes(ctx, issuerDpop(config.issuer)));
 */
export function revocationRoutes(ctx: GrantContext, dpop: IssuerDpop): Router {
  const router = Router();
  const authenticator = new HttpAuthenticator(ctx.ownTokens.access, { realm: "issuer", dpop: dpop.policy });
  router.post("/revoke", revocationRoute(ctx), ...parseBody, (req: Request, res: Response) => revoke(ctx, req, res));
  // A logout may come with no body: the form is parsed only when there is one.
  router.post("/logout", revocationRoute(ctx), ...parseOptionalBody, (req: Request, res: Response) => logout(ctx, authenticator, req, res));
  return router;
}

