// Reads client credentials from HTTP Basic (RFC 6749 §2.3.1: id and secret form-urlencoded, then base64)
// or from the body (client_id, client_secret). Only one method per request.
import { OAuthError } from "../errors.js";
import type { TokenParams } from "./params.js";

export type ClientAuthMethod = "client_secret_basic" | "client_secret_post" | "none";

/** Who the client says it is; nothing is checked yet. */
export interface PresentedClient {
  readonly clientId: string;
  readonly secret: string | undefined;
  readonly method: ClientAuthMethod;
}

/** RFC 6749 §5.2: a failed Basic attempt is answered with a challenge for the scheme that was used. */
export const BASIC_CHALLENGE = 'Basic realm="issuer", charset="UTF-8"';

/**
 * invalid_client with the Basic challenge when the client tried Basic.
 *
 * @example
 * throw invalidClient("client_secret_basic");
 */
export function invalidClient(method: ClientAuthMethod | undefined, description = "client authentication failed"): OAuthError {
  const headers: Record<string, string> = method === "client_secret_basic" ? { "WWW-Authenticate": BASIC_CHALLENGE } : {};
  return new OAuthError("invalid_client", description, { headers });
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    throw invalidClient("client_secret_basic", "the Basic credentials are malformed");
  }
}

function parseBasic(authorization: string): { clientId: string; secret: string } {
  const match = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(authorization);
  const encoded = match?.[1];
  if (encoded === undefined || encoded.length % 4 !== 0) {
    throw invalidClient("client_secret_basic", "the Authorization header must use the Basic scheme");
  }
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) throw invalidClient("client_secret_basic", "the Basic credentials are malformed");
  const clientId = formDecode(decoded.slice(0, colon));
  if (clientId === "") throw invalidClient("client_secret_basic", "the Basic credentials are malformed");
  return { clientId, secret: formDecode(decoded.slice(colon + 1)) };
}

/**
 * The client's claimed identity, or undefined when the request names no client at all.
 * Basic plus a body client_secret (or a different body client_id) is invalid_request: one method only.
 *
 * @example
 * const presented = presentedClient(req.get("authorization"), params);
 */
export function presentedClient(authorization: string | undefined, params: TokenParams): PresentedClient | undefined {
  const bodyId = params.one("client_id");
  const bodySecret = params.one("client_secret");
  if (authorization !== undefined) {
    const basic = parseBasic(authorization);
    if (bodySecret !== undefined || (bodyId !== undefined && bodyId !== basic.clientId)) {
      throw new OAuthError("invalid_request", "use one client authentication method: HTTP Basic or the request body");
    }
    // A public client may identify itself with Basic and an empty password.
    return { clientId: basic.clientId, secret: basic.secret === "" ? undefined : basic.secret, method: "client_secret_basic" };
  }
  if (bodyId === undefined) {
    if (bodySecret !== undefined) throw new OAuthError("invalid_request", "client_secret needs client_id");
    return undefined;
  }
  return { clientId: bodyId, secret: bodySecret, method: bodySecret === undefined ? "none" : "client_secret_post" };
}
