import { BODY_LIMIT_BYTES, RequestError, isClientError } from "@org/resource-core";
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from "express";

/**
 * Last route: anything unmatched is a JSON 404.
 *
 * @example
 * app.use(notFound());
 */
export function notFound(): RequestHandler {
  return (_req: Request, res: Response): void => {
    res.status(404).json({ error: "not_found", error_description: "no such route" });
  };
}

// body-parser marks its errors with a `type`; each gets a fixed description because the parser's
// own message can quote the body.
const BODY_ERRORS: Readonly<Record<string, RequestError>> = {
  "entity.too.large": new RequestError(413, `the request body must be at most ${BODY_LIMIT_BYTES} bytes`),
  "entity.parse.failed": new RequestError(400, "the request body is not valid JSON"),
  "encoding.unsupported": new RequestError(415, "the request body must not be compressed"),
  "charset.unsupported": new RequestError(415, "the request body must be UTF-8 JSON"),
};

/**
 * Final error handler, after the auth one: known request errors get their status and a JSON
 * body; anything else is a 500 that reveals nothing.
 *
 * @example
 * app.use(authErrorHandler({ realm: "express" }));
 * app.use(requestErrors());
 */
export function requestErrors(): ErrorRequestHandler {
  return (err: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const known = toRequestError(err);
    if (known === undefined) {
      res.status(500).json({ error: "server_error", error_description: "internal error" });
      return;
    }
    res.status(known.status).json({ error: known.error, error_description: known.description });
  };
}

function toRequestError(err: unknown): RequestError | undefined {
  if (err instanceof RequestError) return err;
  if (typeof err === "object" && err !== null && "type" in err && typeof err.type === "string") {
    const known = BODY_ERRORS[err.type];
    if (known !== undefined) return known;
  }
  // Any other 4xx from Express itself (an aborted or mis-sized body): the client's fault, not a 500.
  return isClientError(err) ? new RequestError(err.status, "the request could not be read") : undefined;
}
