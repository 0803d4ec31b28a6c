// The Express side of the service kit's request log, the one every HTTP service of the topology
// writes: a request id (the caller's sane X-Request-Id or a new UUID) sent back, and one line per
// request with method, path (never the query string), status, duration_ms and the OAuth error code
// of a refusal. Headers and bodies are
// never logged. With a registry, requests are counted by route (one of ROUTES, else "other").
import type { NextFunction, Request, Response } from "express";
import { requestLog, type Logger, type Registry } from "@org/service-kit";
import { ROUTES } from "../metrics.js";

/** The OAuth error code `sendError` answered with, for the request line. */
function errorCodeOf(res: Response): string | undefined {
  const code: unknown = res.locals.errorCode;
  return typeof code === "string" ? code : undefined;
}

/**
 * Sets `res.locals.requestId` (what the error handler logs with an unexpected error) and logs the
 * request when it is over. Mount it first.
 *
 * @example
 * app.use(requestLogging(logger, registry));
 */
export function requestLogging(logger: Logger, metrics: Registry) {
  const requests = requestLog(logger, { metrics, routes: ROUTES });
  return (req: Request, res: Response, next: NextFunction): void => {
    // No subject: a token request authenticates a login, not a caller; who logged in is audited elsewhere.
    const { id } = requests.begin(req, res, { path: () => req.path, sub: () => undefined, code: () => errorCodeOf(res) });
    res.locals.requestId = id;
    next();
  };
}
