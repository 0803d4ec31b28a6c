import { Readiness, readyzAnswer } from "@org/service-kit";
import { Router } from "express";

/**
 * `GET /healthz`: 200 while the process serves (liveness). `GET /readyz`: 200 once the service
 * can verify (keys loaded; revocation state fresh when on), else 503 with the reason (readiness).
 * Neither needs a token.
 *
 * @example
 * app.use(healthRoutes(readiness));
 */
export function healthRoutes(readiness: Readiness = new Readiness()): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", (_req, res) => {
    const { status, body } = readyzAnswer(readiness.state);
    res.status(status).set("Cache-Control", "no-store").json(body);
  });
  return router;
}
