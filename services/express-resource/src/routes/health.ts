import { Router } from "express";

/**
 * `GET /healthz`: 200 while the process serves; needs no token (readiness probe).
 *
 * @example
 * app.use(healthRoutes());
 */
export function healthRoutes(): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  return router;
}
