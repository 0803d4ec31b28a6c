import { Readiness, readyzAnswer } from "@org/service-kit";
import { Router } from "express";

/**
 * `GET /healthz`: 200 once the app exists (liveness). `GET /readyz`: 200 once it can serve (keys
 * and identities are loaded before createApp; revocation state when on), else 503 with the reason.
 *
 * @example
 * app.use(healthRoutes(readiness));
 */
export function healthRoutes(readiness: Readiness = new Readiness()): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.set("Cache-Control", "no-store").json({ status: "ok" });
  });
  router.get("/readyz", (_req, res) => {
    const { status, body } = readyzAnswer(readiness.state);
    res.status(status).set("Cache-Control", "no-store").json(body);
  });
  return router;
}
