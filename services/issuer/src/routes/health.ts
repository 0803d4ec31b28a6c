import { Router } from "express";

/**
 * `GET /healthz`: 200 once the app exists (keys and identities are loaded before createApp).
 *
 * @example
 * app.use(healthRoutes());
 */
export function healthRoutes(): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.set("Cache-Control", "no-store").json({ status: "ok" });
  });
  return router;
}
