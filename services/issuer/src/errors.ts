// One error type for every refusal the issuer answers, and exactly one function that turns any error
// into an HTTP response. Descriptions are fixed text: they never quote what the client sent.
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "@org/service-kit";

export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope"
  | "invalid_target"
  | "invalid_dpop_proof"
  | "too_many_requests"
  | "temporarily_unavailable"
  | "server_error"
  | "not_found"
  | "method_not_allowed";

const STATUS: Readonly<Record<OAuthErrorCode, number>> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  invalid_target: 400,
  invalid_dpop_proof: 400,
  too_many_requests: 429,
  temporarily_unavailable: 503,
  server_error: 500,
  not_found: 404,
  method_not_allowed: 405,
};

/**
 * An RFC 6749 §5.2 style refusal: `{ error, error_description }` with a status and optional headers.
 *
 * @example
 * throw new OAuthError("invalid_scope", "a requested scope is not defined");
 * throw new OAuthError("invalid_request", "the request body is too large", { status: 413 });
 */
export class OAuthError extends Error {
  readonly error: OAuthErrorCode;
  readonly description: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(error: OAuthErrorCode, description: string, options: { status?: number; headers?: Record<string, string>; cause?: unknown } = {}) {
    super(description, { cause: options.cause });
    this.name = "OAuthError";
    this.error = error;
    this.description = description;
    this.status = options.status ?? STATUS[error];
    this.headers = options.headers ?? {};
  }
}

/** Errors raised by Express's body parsers carry a `type`; map the ones a client can cause. */
function fromBodyParser(error: unknown): OAuthError | undefined {
  if (typeof error !== "object" || error === null || !("type" in error) || typeof error.type !== "string") return undefined;
  switch (error.type) {
    case "entity.too.large":
    case "parameters.too.many":
      return new OAuthError("invalid_request", "the request body is too large", { status: 413, cause: error });
    case "entity.parse.failed":
      return new OAuthError("invalid_request", "the request body is malformed", { cause: error });
    case "encoding.unsupported":
    case "charset.unsupported":
      return new OAuthError("invalid_request", "the request body encoding or charset is not supported", { status: 415, cause: error });
    case "request.aborted":
    case "request.size.invalid":
    case "stream.encoding.set":
      return new OAuthError("invalid_request", "the request body could not be read", { cause: error });
    default:
      return undefined;
  }
}

/**
 * Express error middleware: the only place an error becomes a response. Unknown errors are logged and
 * answered with a bare `server_error`; nothing from them reaches the client.
 *
 * @example
 * app.use(errorHandler(logger));
 */
export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(error);
      return;
    }
    let oauth = error instanceof OAuthError ? error : fromBodyParser(error);
    if (oauth === undefined) {
      const requestId: unknown = res.locals.requestId;
      logger.error({ err: error, reqId: requestId, path: req.path }, "request failed");
      oauth = new OAuthError("server_error", "the server could not handle the request");
    }
    sendError(res, oauth);
  };
}

/**
 * Writes an error response. Token endpoint rules (no-store, RFC 6749 §5.1/§5.2) apply to every error.
 *
 * @example
 * sendError(res, new OAuthError("not_found", "no such route"));
 */
export function sendError(res: Response, error: OAuthError): void {
  res.status(error.status);
  res.set({ "Cache-Control": "no-store", Pragma: "no-cache", ...error.headers });
  res.json({ error: error.error, error_description: error.description });
}
