// POST /token (RFC 6749 §3.2): dispatches on grant_type; every answer is no-store (§5.1). A DPoP
// proof (RFC 9449 §5) is checked before the grant, and its key goes to the grant with the context.
import { Router, type Request, type Response } from "express";
import { OAuthError } from "../errors.js";
import { parseBody } from "../http/body.js";
import type { InflightLimit } from "../http/inflight.js";
import { TokenParams } from "../http/params.js";
import { clientCredentialsGrant } from "../grants/client-credentials.js";
import { tokenRequestProof, type IssuerDpop } from "../grants/dpop.js";
import type { GrantContext, GrantRequest, TokenResponse } from "../grants/context.js";
import { passwordGrant } from "../grants/password.js";
import { refreshGrant } from "../grants/refresh.js";

type Grant = (ctx: GrantContext, request: GrantRequest) => Promise<TokenResponse>;

const GRANTS: Readonly<Record<string, Grant>> = {
  password: passwordGrant,
  client_credentials: clientCredentialsGrant,
  refresh_token: refreshGrant,
};

function noStore(res: Response): void {
  res.set({ "Cache-Control": "no-store", Pragma: "no-cache" });
}

/**
 * The token endpoint. Only POST; other methods get 405 with `Allow: POST`. Each request holds a slot of
 * its address in `inflight` from the first parameter check until its grant is done (a client that goes
 * away does not end the work early, so it does not free the slot early either). With a `DPoP` header the
 * tokens are bound to its key, for every grant (`token_type` "DPoP"); a bad proof is 400 `invalid_dpop_proof`.
 *
 * @example
 * app.use(tokenRoutes(ctx, new InflightLimit({ perAddress: 4, maxAddresses: 10_000 }), issuerDpop(config.issuer)));
 */
export function tokenRoutes(ctx: GrantContext, inflight: InflightLimit, dpop: IssuerDpop): Router {
  const router = Router();
  router.post("/token", (_req, res, next) => {
    // Set before parsing so that even body errors are never cached.
    noStore(res);
    next();
  }, ...parseBody, async (req: Request, res: Response) => {
    const address = req.ip ?? "unknown";
    const leave = inflight.enter(address);
    try {
      const ready = ctx.readiness.state;
      if (ready.status === "not_ready") {
        throw new OAuthError("temporarily_unavailable", "the issuer is not ready to sign yet; retry later", { headers: { "Retry-After": "1" } });
      }
      const params = TokenParams.from(req.body);
      const grantType = params.required("grant_type");
      const grant = Object.hasOwn(GRANTS, grantType) ? GRANTS[grantType] : undefined;
      if (grant === undefined) throw new OAuthError("unsupported_grant_type", "the grant type is not supported");
      const binding = tokenRequestProof(dpop, req.headersDistinct.dpop ?? []);
      const grantCtx: GrantContext = binding === undefined ? ctx : { ...ctx, dpop: binding };
      const body = await grant(grantCtx, { params, authorization: req.get("authorization"), address });
      res.status(200).json(body);
    } finally {
      leave();
    }
  });
  router.all("/token", () => {
    throw new OAuthError("method_not_allowed", "use POST", { headers: { Allow: "POST" } });
  });
  return router;
}
