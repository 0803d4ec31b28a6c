// The "usual answer" the services are compared with: jose's jwtVerify with a local JWKS, the way
// its README shows it, behind a plain Bearer header parse. No cache, no revocation, no request log.
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload } from "jose";

/** What a reference server reads from its environment. */
export interface ReferenceSettings {
  readonly port: number;
  readonly issuer: string;
  readonly audience: string;
  readonly jwks: JSONWebKeySet;
}

/**
 * Reads PORT, TOKEN_ISSUER, AUDIENCE and JWKS. Throws TypeError naming the first bad one.
 *
 * @example
 * ```ts
 * const settings = referenceSettings(process.env);
 * ```
 */
export function referenceSettings(env: NodeJS.ProcessEnv): ReferenceSettings {
  const port = Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new TypeError("PORT must be a port number");
  const { TOKEN_ISSUER: issuer, AUDIENCE: audience, JWKS: jwks } = env;
  if (issuer === undefined || audience === undefined || jwks === undefined) throw new TypeError("TOKEN_ISSUER, AUDIENCE and JWKS are needed");
  const parsed: unknown = JSON.parse(jwks);
  if (typeof parsed !== "object" || parsed === null || !Array.isArray((parsed as { keys?: unknown }).keys)) throw new TypeError("JWKS must be a JWK set");
  return { port, issuer, audience, jwks: parsed as JSONWebKeySet };
}

/** Verifies an Authorization header value; rejects on anything but a valid Bearer token. */
export type HeaderVerifier = (authorization: string | undefined) => Promise<JWTPayload>;

/**
 * A jose verifier of `Authorization: Bearer <token>` values.
 *
 * @example
 * ```ts
 * const payload = await joseVerifier(settings)(req.headers.authorization);
 * ```
 */
export function joseVerifier(settings: ReferenceSettings): HeaderVerifier {
  const keys = createLocalJWKSet(settings.jwks);
  const options = { issuer: settings.issuer, audience: settings.audience, typ: "at+jwt", algorithms: ["EdDSA", "ES256", "RS256"] };
  return async (authorization) => {
    const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(authorization ?? "");
    if (match?.[1] === undefined) throw new Error("no Bearer token");
    return (await jwtVerify(match[1], keys, options)).payload;
  };
}

/**
 * The body of `GET /me` (and `GetMe`) from a verified payload.
 *
 * @example
 * ```ts
 * res.json(meOf(payload, "express"));
 * ```
 */
export function meOf(payload: JWTPayload, service: string): { sub: string; client_id: string; scope: string[]; service: string } {
  const scope = typeof payload.scope === "string" ? payload.scope.split(" ") : [];
  return { sub: payload.sub ?? "", client_id: typeof payload.client_id === "string" ? payload.client_id : "", scope, service };
}
