import { Readiness, metricsAnswer, readyzAnswer, type Registry } from "@org/service-kit";
import { Router } from "express";

/**
 * `GET /healthz`: 200 while the process serves (liveness). `GET /readyz`: 200 once the service
 * can verify (keys loaded; revocation state fresh when on), else 503 with the reason (readiness).
 * `GET /metrics` (with a registry): Prometheus metrics. None needs a token: keep /metrics on the
 * operators' network (it holds no token, user or client id, but tells load and refusals).
 *
 * @example
 * app.use(healthRoutes(readiness));
 */
export function healthRoutes(readiness: Readiness = new Readiness(), metrics?: Registry): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", (_req, res) => {
    const { status, body } = readyzAnswer(readiness.state);
    res.status(status).set("Cache-Control", "no-store").json(body);
  });
  if (metrics !== undefined) {
    router.get("/metrics", async (_req, res) => {
      const { contentType, body } = await metricsAnswer(metrics);
      res.set("Cache-Control", "no-store").type(contentType).send(body);
    });
  }
  return router;
}
