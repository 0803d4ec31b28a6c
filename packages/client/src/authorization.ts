// The one function that turns an access token into request headers. Every transport goes through
// it (client.fetch, logout, the gRPC call credentials), so sender-constrained tokens (DPoP,
// RFC 9449) are added here alone: a fresh proof signed over `target.method`, `target.url` and the
// token's hash, as a `dpop` header next to `authorization: DPoP <token>`.
import type { DpopProver } from "./dpop.js";

/**
 * Where a token is about to be sent; what a DPoP proof signs (`htm`, `htu`).
 *
 * @example
 * ```ts
 * const target: AuthTarget = { method: "GET", url: "http://127.0.0.1:4001/orders" };
 * ```
 */
export interface AuthTarget {
  /** The HTTP method (gRPC calls are POST). */
  readonly method: string;
  /** The absolute request URL (DPoP's `htu` is it without query and fragment). */
  readonly url: string;
}

/**
 * Feedback about the token that was current when it was taken; it does nothing once the client
 * holds a newer token, so answers to requests sent with an old token cannot affect the new one.
 *
 * @example
 * ```ts
 * const snapshot = client.snapshot();
 * snapshot.observeExpiresIn("120"); // the server counts 120 s left on this token
 * snapshot.refused();               // the server refused it: the next use renews it
 * ```
 */
export interface TokenSnapshot {
  /** A server answered `Token-Expires-In: <value>` (gRPC `token-expires-in`): the estimate may only move earlier. */
  observeExpiresIn(value: unknown): void;
  /** A server refused the token (HTTP 401 invalid_token, gRPC UNAUTHENTICATED): the next use renews it. */
  refused(): void;
}

/**
 * The headers that present a fresh token for one request, and feedback about that very token.
 *
 * @example
 * ```ts
 * const auth = await client.authorize({ method: "GET", url });
 * const response = await send(url, auth.headers);
 * auth.observeExpiresIn(response.headers.get("token-expires-in"));
 * ```
 */
export interface Authorization extends TokenSnapshot {
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * What {@link authorizationHeaders} needs.
 *
 * @example
 * ```ts
 * const presentation: Presentation = { accessToken, target: { method: "POST", url } };
 * ```
 */
export interface Presentation {
  readonly accessToken: string;
  readonly target: AuthTarget;
  /** The client's DPoP key when its tokens are DPoP-bound; absent: Bearer. */
  readonly dpop?: DpopProver | undefined;
}

/**
 * The headers that present the access token to `target`: `authorization: Bearer <token>`
 * (RFC 6750 §2.1), or with `dpop` `authorization: DPoP <token>` and `dpop: <proof>`, a new proof
 * for this very request (RFC 9449 §7.1). Names are lower case, as HTTP/2 and gRPC metadata want them.
 *
 * @example
 * ```ts
 * await authorizationHeaders({ accessToken: "eyJ…", target: { method: "GET", url: "http://127.0.0.1:4001/me" } });
 * // { authorization: "Bearer eyJ…" }
 * await authorizationHeaders({ accessToken: "eyJ…", target, dpop: new DpopProver() });
 * // { authorization: "DPoP eyJ…", dpop: "eyJ0eXAiOiJkcG9wK2p3dCIs…" }
 * ```
 */
export async function authorizationHeaders(presentation: Presentation): Promise<Record<string, string>> {
  const { accessToken, target, dpop } = presentation;
  if (dpop === undefined) return { authorization: `Bearer ${accessToken}` };
  return { authorization: `DPoP ${accessToken}`, dpop: await dpop.proof(target, accessToken) };
}
