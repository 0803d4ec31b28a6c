import { authOf } from "@org/token-express";
import { Router, type RequestHandler } from "express";
import { IDENTITY } from "../identity.js";

/**
 * `GET /me`: who the token speaks for.
 *
 * @example
 * app.use(meRoutes(authenticate(verifier)));
 */
export function meRoutes(auth: RequestHandler): Router {
  const router = Router();
  router.get("/me", auth, (req, res) => {
    const { claims, scopes } = authOf(req);
    res.json({ sub: claims.sub, client_id: claims.client_id, scope: [...scopes], service: IDENTITY.service });
  });
  return router;
}
