import { Readiness, metricsAnswer, readyzAnswer, type Registry } from "@org/service-kit";
import { Router } from "express";

/**
 * `GET /healthz`: 200 once the app exists (liveness). `GET /readyz`: 200 once it can serve (keys
 * and identities are loaded before createApp; revocation state when on), else 503 with the reason.
 * `GET /metrics`: Prometheus metrics. None needs a token: keep /metrics on the operators' network
 * (it holds no token, username, client id or address, but tells load, refusals and lockouts).
 *
 * @example
 * app.use(healthRoutes(readiness, registry));
 */
export function healthRoutes(readiness: Readiness, metrics: Registry): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.set("Cache-Control", "no-store").json({ status: "ok" });
  });
  router.get("/readyz", (_req, res) => {
    const { status, body } = readyzAnswer(readiness.state);
    res.status(status).set("Cache-Control", "no-store").json(body);
  });
  router.get("/metrics", async (_req, res) => {
    const { contentType, body } = await metricsAnswer(metrics);
    res.set("Cache-Control", "no-store").type(contentType).send(body);
  });
  return router;
}
