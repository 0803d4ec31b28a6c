// Reading the scenarios' own tokens without checking them: which key signed one, when it expires.
// Only for assertions; nothing here verifies anything.

function part(token: string, index: 0 | 1): Record<string, unknown> {
  const segment = token.split(".")[index];
  if (segment === undefined) return {};
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * The protected header of a compact JWS, decoded without any check.
 *
 * @example
 * ```ts
 * headerOf(token).kid; // "k-2026…"
 * ```
 */
export function headerOf(token: string): Record<string, unknown> {
  return part(token, 0);
}

/**
 * The claims of a compact JWS, decoded without any check.
 *
 * @example
 * ```ts
 * claimsOf(token).sub; // "alice"
 * ```
 */
export function claimsOf(token: string): Record<string, unknown> {
  return part(token, 1);
}

/**
 * The `kid` of a token, or undefined.
 *
 * @example
 * ```ts
 * kidOf(await client.accessToken());
 * ```
 */
export function kidOf(token: string): string | undefined {
  const { kid } = headerOf(token);
  return typeof kid === "string" ? kid : undefined;
}

/**
 * The token of an `Authorization: Bearer <token>` value, or undefined.
 *
 * @example
 * ```ts
 * bearerToken(request.headers.get("authorization"));
 * ```
 */
export function bearerToken(authorization: string | null | undefined): string | undefined {
  const match = /^Bearer (\S+)$/.exec(authorization ?? "");
  return match?.[1];
}
