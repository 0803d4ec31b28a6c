// Request id + one access-log line per request. Logs the path only: query strings and bodies can carry
// secrets, headers are not logged at all.
import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "@org/service-kit";

// Accept a caller's id only if it cannot forge log structure or smuggle data: short, plain characters.
const SANE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Sets `res.locals.requestId` (from a sane `X-Request-Id` or a new UUID), echoes it in the response and
 * logs method, path, status and duration when the response finishes.
 *
 * @example
 * app.use(requestLog(logger, Date.now));
 */
export function requestLog(logger: Logger, clock: () => number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const incoming = req.get("x-request-id");
    const requestId = incoming !== undefined && SANE_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.set("X-Request-Id", requestId);
    const started = clock();
    res.on("finish", () => {
      logger.info(
        { reqId: requestId, method: req.method, path: req.path, status: res.statusCode, ms: clock() - started },
        "request",
      );
    });
    next();
  };
}
