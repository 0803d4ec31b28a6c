// Every call of a revocation route is an audit line, refusals included: a run of 401s at
// /admin/revocations or 503s while Redis is away is exactly what an operator looks for afterwards.
import type { Request, Response } from "express";
import type { Logger } from "@org/service-kit";
import { OAuthError } from "../errors.js";

/** The revocation routes, as they appear in audit lines. */
export type AuditedEndpoint = "/revoke" | "/logout" | "/admin/revocations";

/**
 * Logs one refused call at warn (`audit: "revocation"`, the endpoint, the actor when known,
 * `outcome: "refused: <code>"`, the status): the OAuth code only, never the request's content.
 *
 * @example
 * auditRefusal(ctx.logger, "/logout", "invalid_token", 401);
 */
export function auditRefusal(logger: Logger, endpoint: AuditedEndpoint, code: string, status: number, actor?: unknown): void {
  logger.warn({ audit: "revocation", endpoint, ...(actor === undefined ? {} : { actor }), outcome: `refused: ${code}`, status }, "revocation");
}

/** Names who made the call once it is known (an authenticated client), for a refusal's audit line. */
export function auditActor(res: Response, actor: Readonly<Record<string, string>>): void {
  res.locals.auditActor = actor;
}

/**
 * Wraps a revocation handler so that whatever it throws is audited before the error handler answers it
 * (an error that is not an OAuthError is answered 500 `server_error`, and audited so).
 *
 * @example
 * router.post("/revoke", audited(ctx.logger, "/revoke", (req, res) => revoke(ctx, req, res)));
 */
export function audited(logger: Logger, endpoint: AuditedEndpoint, handler: (req: Request, res: Response) => Promise<void>) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      await handler(req, res);
    } catch (error) {
      const oauth = error instanceof OAuthError ? error : undefined;
      const actor: unknown = res.locals.auditActor;
      auditRefusal(logger, endpoint, oauth?.error ?? "server_error", oauth?.status ?? 500, actor);
      throw error;
    }
  };
}
