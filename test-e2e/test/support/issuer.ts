// The issuer requests that no client method makes: presenting a refresh token a client has
// already given up (to prove it is refused), and the revocation admin's endpoint.
import { expect } from "vitest";
import { OPS_CONSOLE } from "./clients.js";
import type { Target } from "./env.js";

/** An issuer answer: status and JSON body (undefined when not JSON). */
export interface IssuerAnswer {
  readonly status: number;
  readonly body: unknown;
}

const TIMEOUT_MS = 30_000;

async function answer(response: Response): Promise<IssuerAnswer> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text === "" ? undefined : (JSON.parse(text) as unknown);
  } catch {
    body = undefined;
  }
  return { status: response.status, body };
}

/**
 * `POST /token` with `grant_type=refresh_token` for a public client.
 *
 * @example
 * ```ts
 * await refreshGrant(target, oldRefreshToken); // { status: 400, body: { error: "invalid_grant", … } }
 * ```
 */
export async function refreshGrant(target: Target, refreshToken: string, clientId = "demo-cli"): Promise<IssuerAnswer> {
  const body = new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: clientId });
  return answer(await fetch(`${target.issuerUrl}/token`, { method: "POST", body, signal: AbortSignal.timeout(TIMEOUT_MS) }));
}

/**
 * `POST /admin/revocations` (contract, "Revocation"), with HTTP Basic as `as` (default the
 * revocation admin ops-console).
 *
 * @example
 * ```ts
 * await adminRevoke(target, { scope: "client", client_id: "demo-web" }); // { status: 204, body: undefined }
 * ```
 */
export async function adminRevoke(
  target: Target,
  revocation: Readonly<Record<string, string>>,
  as: { readonly clientId: string; readonly clientSecret: string } = OPS_CONSOLE,
): Promise<IssuerAnswer> {
  // RFC 6749 §2.3.1 form-encodes id and secret first; the demo's contain nothing it would change.
  const basic = Buffer.from(`${as.clientId}:${as.clientSecret}`).toString("base64");
  const response = await fetch(`${target.issuerUrl}/admin/revocations`, {
    method: "POST",
    headers: { authorization: `Basic ${basic}`, "content-type": "application/json" },
    body: JSON.stringify(revocation),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  return answer(response);
}

/**
 * The contract's RFC 6749 §5.2 error answer, for `toEqual`.
 *
 * @example
 * ```ts
 * expect(await refreshGrant(target, token)).toEqual(oauthError(400, "invalid_grant"));
 * ```
 */
export function oauthError(status: number, error: string): IssuerAnswer {
  return { status, body: { error, error_description: expect.any(String) as unknown } };
}
