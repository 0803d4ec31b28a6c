import { Router } from "@koa/router";
import { authOf } from "@org/token-koa";
import type { Middleware } from "koa";
import { IDENTITY } from "../identity.js";

/**
 * `GET /me`: who the token speaks for.
 *
 * @example
 * app.use(meRoutes(authenticate(verifier)).routes());
 */
export function meRoutes(auth: Middleware): Router {
  const router = new Router();
  router.get("/me", auth, (ctx) => {
    const { claims, scopes } = authOf(ctx);
    ctx.body = { sub: claims.sub, client_id: claims.client_id, scope: [...scopes], service: IDENTITY.service };
  });
  return router;
}
