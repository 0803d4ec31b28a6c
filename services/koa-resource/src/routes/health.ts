import { Router } from "@koa/router";
import { Readiness, readyzAnswer } from "@org/service-kit";

/**
 * `GET /healthz`: 200 while the process serves (liveness). `GET /readyz`: 200 once the service
 * can verify (keys loaded; revocation state fresh when on), else 503 with the reason (readiness).
 * Neither needs a token.
 *
 * @example
 * app.use(healthRoutes(readiness).routes());
 */
export function healthRoutes(readiness: Readiness = new Readiness()): Router {
  const router = new Router();
  router.get("/healthz", (ctx) => {
    ctx.body = { status: "ok" };
  });
  router.get("/readyz", (ctx) => {
    const { status, body } = readyzAnswer(readiness.state);
    ctx.status = status;
    ctx.set("Cache-Control", "no-store");
    ctx.body = body;
  });
  return router;
}
