// Client authentication for the token endpoint (RFC 6749 §2.3, §3.2.1).
import { OAuthError } from "../errors.js";
import { invalidClient, presentedClient, type PresentedClient } from "../http/client-auth.js";
import type { Client, GrantType } from "../identities/store.js";
import type { GrantContext, GrantRequest } from "./context.js";
import { judgeSecret } from "./judge.js";

/**
 * Checks a presented client: a confidential client must prove its secret, a public client must not send
 * one. An unknown client that sent a secret costs the same scrypt run as a wrong secret.
 *
 * @example
 * const client = await authenticate(ctx, request, presented);
 */
export async function authenticate(ctx: GrantContext, request: GrantRequest, presented: PresentedClient): Promise<Client> {
  const client = ctx.identities.clients.get(presented.clientId);
  if (presented.secret === undefined) {
    // Nothing to compare, so no timing to equalise: a missing secret fails the same way for everyone.
    if (client?.type === "public") return client;
    throw invalidClient(presented.method);
  }
  if (client?.type === "public") throw invalidClient(presented.method, "a public client must not send a secret");
  const claimant = { kind: "client", name: presented.clientId, known: client !== undefined } as const;
  const ok = await judgeSecret(ctx, request, claimant, presented.secret, client?.secret ?? ctx.identities.dummyClient);
  if (!ok || client === undefined) throw invalidClient(presented.method);
  return client;
}

/**
 * The authenticated client of a request, or undefined when it names none.
 *
 * @example
 * const client = await requestClient(ctx, request);
 */
export async function requestClient(ctx: GrantContext, request: GrantRequest): Promise<Client | undefined> {
  const presented = presentedClient(request.authorization, request.params);
  return presented === undefined ? undefined : authenticate(ctx, request, presented);
}

/**
 * RFC 6749 §5.2 unauthorized_client when the client may not use this grant.
 *
 * @example
 * assertGrant(client, "password");
 */
export function assertGrant(client: Client, grant: GrantType): void {
  if (!client.grantTypes.includes(grant)) {
    throw new OAuthError("unauthorized_client", "the client may not use this grant type");
  }
}
