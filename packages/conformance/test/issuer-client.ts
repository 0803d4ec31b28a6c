// Talking to the real issuer over HTTP (contract, "Issuer"): the grants the suite needs.

/** The fields of a successful token response the suite uses. */
export interface TokenResponse {
  readonly access_token: string;
  readonly refresh_token: string | undefined;
  readonly expires_in: number;
  readonly scope: string;
}

/** Parameters of one grant; `resource` may repeat (RFC 8707). */
export type GrantParams = readonly (readonly [string, string])[];

/**
 * POSTs a form to `<issuer>/token` (with a DPoP proof when given: the answer must then be DPoP)
 * and returns the token response.
 *
 * @throws Error naming the grant, the status and the RFC 6749 error code (never the secrets sent).
 */
export async function requestToken(issuerUrl: string, params: GrantParams, dpop?: string): Promise<TokenResponse> {
  const body = new URLSearchParams();
  for (const [key, value] of params) body.append(key, value);
  const response = await fetch(`${issuerUrl}/token`, { method: "POST", body, ...(dpop === undefined ? {} : { headers: { dpop } }) });
  const json: unknown = await response.json().catch(() => undefined);
  const grant = body.get("grant_type") ?? "?";
  if (response.status !== 200 || !isTokenResponse(json, dpop === undefined ? "Bearer" : "DPoP")) {
    const error = isRecord(json) && typeof json.error === "string" ? json.error : "no JSON error";
    throw new Error(`issuer: ${grant} grant answered ${String(response.status)} (${error})`);
  }
  return {
    access_token: json.access_token,
    refresh_token: typeof json.refresh_token === "string" ? json.refresh_token : undefined,
    expires_in: json.expires_in,
    scope: json.scope,
  };
}

/** The password grant for a demo user through the public client demo-cli. */
export function passwordGrant(user: string, extra: GrantParams = []): GrantParams {
  return [
    ["grant_type", "password"],
    ["username", user],
    ["password", `${user}-demo-password`],
    ["client_id", "demo-cli"],
    ...extra,
  ];
}

/** The client credentials grant for reporting-job (client_id + client_secret in the body). */
export function reportingJobGrant(): GrantParams {
  return [
    ["grant_type", "client_credentials"],
    ["client_id", "reporting-job"],
    ["client_secret", "reporting-job-secret"],
  ];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isTokenResponse(
  value: unknown,
  tokenType: "Bearer" | "DPoP",
): value is { access_token: string; refresh_token?: unknown; expires_in: number; scope: string } {
  return (
    isRecord(value) &&
    typeof value.access_token === "string" &&
    typeof value.expires_in === "number" &&
    typeof value.scope === "string" &&
    value.token_type === tokenType
  );
}
