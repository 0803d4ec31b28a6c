// POST /admin/revocations: the revocation-admin client's emergency tools (contract, "Revocation"):
// every token issued until now, one client's, one user's, one user on one client, one token, or the
// withdrawal of a signing key for good. HTTP Basic as a client marked `revocation_admin`.
import { MAX_TARGET_LENGTH, type Revocation } from "@org/revocation";
import express, { Router, type Request, type Response } from "express";
import { OAuthError } from "../errors.js";
import { BODY_LIMIT } from "../http/body.js";
import { invalidClient, presentedClient } from "../http/client-auth.js";
import { TokenParams } from "../http/params.js";
import { authenticate } from "../grants/client.js";
import type { GrantContext } from "../grants/context.js";
import { persisted } from "../grants/revocation-errors.js";
import { checkWithdrawal, withdrawKey } from "../keys/withdraw.js";
import { audited, auditActor } from "./audit.js";
import { revocationOf, revocationRoute } from "./revocation.js";

/** The members each scope takes, besides `scope` itself. */
const MEMBERS: Readonly<Record<string, readonly string[]>> = {
  global: [],
  client: ["client_id"],
  user: ["sub"],
  user_client: ["sub", "client_id"],
  token: ["jti"],
  key: ["kid"],
};

function malformed(description: string): OAuthError {
  return new OAuthError("invalid_request", description);
}

/** The body as a revocation, or invalid_request naming what is wrong (never quoting it). */
export function parseRevocation(body: unknown): Exclude<Revocation, { scope: "grant" }> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw malformed("the body must be a JSON object");
  const fields = body as Record<string, unknown>;
  const scope = fields.scope;
  const members = typeof scope === "string" && Object.hasOwn(MEMBERS, scope) ? MEMBERS[scope] : undefined;
  if (members === undefined) throw malformed(`scope must be one of ${Object.keys(MEMBERS).join(", ")}`);
  for (const name of Object.keys(fields)) {
    if (name !== "scope" && !members.includes(name)) throw malformed(`scope ${String(scope)} takes only ${members.join(", ") || "no other member"}`);
  }
  const value: Record<string, string> = {};
  for (const name of members) {
    const v = fields[name];
    if (typeof v !== "string" || v.length === 0 || v.length > MAX_TARGET_LENGTH) {
      throw malformed(`${name} must be a non-empty string of at most ${MAX_TARGET_LENGTH} characters`);
    }
    value[name] = v;
  }
  return { scope, ...value } as Exclude<Revocation, { scope: "grant" }>;
}

async function adminClient(ctx: GrantContext, req: Request, res: Response): Promise<string> {
  const authorization = req.get("authorization");
  // Basic only: the JSON body's client_id is a revocation target, not a credential.
  const presented = authorization === undefined ? undefined : presentedClient(authorization, TokenParams.from({}));
  if (presented?.secret === undefined) throw invalidClient("client_secret_basic", "a revocation admin authenticates with HTTP Basic");
  const client = await authenticate(ctx, { params: TokenParams.from({}), authorization, address: req.ip ?? "unknown" }, presented);
  auditActor(res, { client_id: client.clientId });
  if (!client.revocationAdmin) {
    throw new OAuthError("unauthorized_client", "the client is not a revocation admin", { status: 403 });
  }
  return client.clientId;
}

async function revokeAsAdmin(ctx: GrantContext, req: Request, res: Response): Promise<void> {
  const revocation = revocationOf(ctx);
  const admin = await adminClient(ctx, req, res);
  const target = parseRevocation(req.body);
  const actor = { client_id: admin };
  if (target.scope === "key") {
    const check = checkWithdrawal(ctx.keys, target.kid);
    if (check === "last") throw new OAuthError("invalid_request", "the last signing key cannot be withdrawn", { status: 409 });
    if (check === "absent") {
      if (!revocation.replica.isKeyWithdrawn(target.kid)) throw malformed("kid names no key of this issuer");
      ctx.logger.info({ audit: "revocation", actor, ...target, outcome: "already withdrawn" }, "revocation");
      res.status(204).end();
      return;
    }
  }
  await persisted(revocation.store.revoke(target));
  ctx.metrics.revoked(target.scope, "admin");
  if (target.scope === "key") withdrawKey(ctx.keys, target.kid);
  ctx.logger.warn({ audit: "revocation", actor, ...target, outcome: "revoked" }, "revocation");
  res.status(204).end();
}

/**
 * `POST /admin/revocations`: 204; 400 invalid_request for a malformed body or an unknown kid; 401
 * invalid_client; 403 unauthorized_client for a client that is not a revocation admin; 409 for the
 * last signing key; 503 while revocation is off or Redis is unreachable.
 *
 * @example
 * app.use(adminRoutes(ctx));
 */
export function adminRoutes(ctx: GrantContext): Router {
  const router = Router();
  const json = express.json({ limit: BODY_LIMIT, strict: true });
  router.post("/admin/revocations", revocationRoute(ctx, "/admin/revocations"), json, audited(ctx.logger, "/admin/revocations", (req, res) => revokeAsAdmin(ctx, req, res)));
  return router;
}
