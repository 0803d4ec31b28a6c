// /revoke (RFC 7009) and /logout exist so clients can rely on the routes; revocation needs Redis epochs,
// which come in a later build, so both answer 503 until then.
import { Router } from "express";
import { OAuthError } from "../errors.js";

const OFF = "Revocation is off: set REDIS_URL to enable it";

/**
 * `POST /revoke` and `POST /logout`: 503 temporarily_unavailable while revocation is off.
 *
 * @example
 * app.use(revocationRoutes());
 */
export function revocationRoutes(): Router {
  const router = Router();
  router.post(["/revoke", "/logout"], () => {
    throw new OAuthError("temporarily_unavailable", OFF);
  });
  return router;
}
