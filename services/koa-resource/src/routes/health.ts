import { Router } from "@koa/router";

/**
 * `GET /healthz`: 200 while the process serves; needs no token (readiness probe).
 *
 * @example
 * app.use(healthRoutes().routes());
 */
export function healthRoutes(): Router {
  const router = new Router();
  router.get("/healthz", (ctx) => {
    ctx.body = { status: "ok" };
  });
  return router;
}
