import { Router } from "@koa/router";
import { Readiness, metricsAnswer, readyzAnswer, type Registry } from "@org/service-kit";

/**
 * `GET /healthz`: 200 while the process serves (liveness). `GET /readyz`: 200 once the service
 * can verify (keys loaded; revocation state fresh when on), else 503 with the reason (readiness).
 * `GET /metrics` (with a registry): Prometheus metrics. None needs a token: keep /metrics on the
 * operators' network (it holds no token, user or client id, but tells load and refusals).
 *
 * @example
 * app.use(healthRoutes(readiness).routes());
 */
export function healthRoutes(readiness: Readiness = new Readiness(), metrics?: Registry): Router {
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
  if (metrics !== undefined) {
    router.get("/metrics", async (ctx) => {
      const { contentType, body } = await metricsAnswer(metrics);
      ctx.set("Cache-Control", "no-store");
      ctx.type = contentType;
      ctx.body = body;
    });
  }
  return router;
}
