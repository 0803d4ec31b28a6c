// Issues RFC 9068 access tokens and refresh tokens with jose's CompactSign.
import { randomBytes } from "node:crypto";
import { CompactSign } from "jose";
import { KeySet } from "./keys/keyset.js";
import type { Key } from "./keys/types.js";
import { isScopeToken } from "./scope.js";
import type { AccessTokenClaims, RefreshTokenClaims } from "./verify/types.js";

/**
 * Header `typ` of access tokens (RFC 9068 §2.1).
 *
 * @example
 * ```ts
 * createVerifier({ issuer, audience, keys, typ: ACCESS_TOKEN_TYPE }); // the default
 * ```
 */
export const ACCESS_TOKEN_TYPE = "at+jwt";
/**
 * Header `typ` of refresh tokens: never accepted where an access token is expected.
 *
 * @example
 * ```ts
 * createVerifier({ issuer, audience: refreshAudience(issuer), keys, typ: REFRESH_TOKEN_TYPE });
 * ```
 */
export const REFRESH_TOKEN_TYPE = "rt+jwt";

/**
 * The `aud` of refresh tokens, `${issuer}/token`: the issuer's token endpoint, never a
 * resource audience, so a refresh token fails both the typ and the aud check of resources.
 *
 * @example
 * ```ts
 * refreshAudience("http://127.0.0.1:4000"); // "http://127.0.0.1:4000/token"
 * ```
 */
export function refreshAudience(issuer: string): string {
  return `${issuer}/token`;
}

/**
 * Input of {@link Signer.accessToken}.
 *
 * @example
 * ```ts
 * const input: AccessTokenInput = { sub: "alice", client_id: "demo-cli", aud: "urn:demo:koa", scope: ["profile"], extra: { sub_epoch: 3 } };
 * ```
 */
export interface AccessTokenInput {
  sub: string;
  client_id: string;
  aud: string | string[];
  scope: string | string[];
  /** Binds the token to a DPoP key (RFC 9449 §6): `jkt` is the proof's thumbprint, written as the `cnf` claim. */
  cnf?: { jkt: string };
  /** Extra claims, e.g. revocation epochs; may not override registered ones (TypeError). */
  extra?: Record<string, unknown>;
}

/**
 * Input of {@link Signer.refreshToken}.
 *
 * @example
 * ```ts
 * await signer.refreshToken({ sub: "alice", client_id: "demo-cli", scope: "profile", aud: ["urn:demo:koa"] });
 * ```
 */
export interface RefreshTokenInput {
  sub: string;
  client_id: string;
  scope: string | string[];
  /** Resources (RFC 8707) the refresh may ask for; stored as the `resource` claim. */
  aud?: string[];
  /** Binds the refresh token to a DPoP key (RFC 9449 §5): refreshing then needs a proof by that key. */
  cnf?: { jkt: string };
  extra?: Record<string, unknown>;
}

/**
 * Issues tokens with the active key of its key set.
 *
 * @example
 * ```ts
 * const signer: Signer = createSigner({ keys, issuer });
 * const { token, expiresIn } = await signer.accessToken(input);
 * ```
 */
export interface Signer {
  accessToken(input: AccessTokenInput): Promise<{ token: string; claims: AccessTokenClaims; expiresIn: number }>;
  refreshToken(input: RefreshTokenInput): Promise<{ token: string; claims: RefreshTokenClaims; expiresIn: number }>;
}

/**
 * Options of {@link createSigner}.
 *
 * @example
 * ```ts
 * const options: SignerOptions = { keys: keySet, issuer: "http://127.0.0.1:4000", accessTokenTtl: 300 };
 * ```
 */
export interface SignerOptions {
  keys: KeySet | Key;
  issuer: string;
  /** Seconds, default 300. */
  accessTokenTtl?: number;
  /** Seconds, default 86400. */
  refreshTokenTtl?: number;
  /** Milliseconds since the epoch; default Date.now. */
  clock?: () => number;
}

const REGISTERED = new Set(["iss", "sub", "aud", "exp", "iat", "nbf", "jti", "client_id", "scope", "resource", "cnf"]);
// An RFC 7638 SHA-256 thumbprint: 32 bytes, base64url without padding.
const JKT = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

function nonEmpty(name: string, value: unknown): string {
  if (typeof value !== "string" || value.length === 0) throw new TypeError(`${name} must be a non-empty string`);
  return value;
}

function scopeString(scope: unknown): string {
  const list = typeof scope === "string" ? scope.split(" ").filter((s) => s.length > 0) : scope;
  if (!Array.isArray(list) || !list.every(isScopeToken)) {
    throw new TypeError("scope must be a space separated string or an array of scope tokens");
  }
  return list.join(" ");
}

function audience(aud: unknown): string | string[] {
  if (typeof aud === "string" && aud.length > 0) return aud;
  if (Array.isArray(aud) && aud.length > 0 && aud.every((a) => typeof a === "string" && a.length > 0)) {
    return aud.length === 1 ? (aud[0] as string) : [...(aud as string[])];
  }
  throw new TypeError("aud must be a non-empty string or a non-empty array of strings");
}

function extraClaims(extra: unknown): Record<string, unknown> {
  if (extra === undefined) return {};
  if (typeof extra !== "object" || extra === null || Array.isArray(extra)) throw new TypeError("extra must be an object");
  for (const name of Object.keys(extra)) {
    if (REGISTERED.has(name)) throw new TypeError(`extra may not set the registered claim ${name}`);
  }
  return extra as Record<string, unknown>;
}

function confirmation(cnf: unknown): { cnf?: { jkt: string } } {
  if (cnf === undefined) return {};
  const jkt: unknown = typeof cnf === "object" && cnf !== null ? (cnf as Record<string, unknown>).jkt : undefined;
  if (typeof jkt !== "string" || !JKT.test(jkt)) throw new TypeError("cnf.jkt must be an RFC 7638 SHA-256 thumbprint (43 base64url characters)");
  return { cnf: { jkt } };
}

function ttl(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v <= 0) throw new TypeError(`${name} must be a positive integer (seconds)`);
  return v;
}

async function sign(key: Key, typ: string, claims: object): Promise<string> {
  if (key.privateKey === undefined) throw new TypeError("the signing key has no private part");
  const payload = Buffer.from(JSON.stringify(claims));
  return new CompactSign(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, typ }).sign(key.privateKey);
}

/**
 * Creates a signer. Access tokens: header `{ alg, kid, typ: "at+jwt" }`, claims iss, sub,
 * aud, exp, iat, jti (128 random bits), client_id, scope, `cnf` when the input binds the token
 * to a DPoP key (`cnf: { jkt }`, RFC 9449 §6), then `extra`. Refresh tokens:
 * `typ: "rt+jwt"`, `aud: refreshAudience(issuer)`. With a KeySet, each token is signed by the
 * set's active key at that moment. Throws `TypeError` for bad options or input.
 *
 * @example
 * ```ts
 * const signer = createSigner({ keys: await KeySet.generate(), issuer: "http://127.0.0.1:4000" });
 * const { token, expiresIn } = await signer.accessToken({
 *   sub: "alice", client_id: "demo-cli", aud: ["urn:demo:express"], scope: "profile orders:read",
 * });
 * // Sender-constrained (DPoP): bound to the key of a verified proof.
 * await signer.accessToken({ sub: "alice", client_id: "demo-cli", aud: "urn:demo:koa", scope: "profile", cnf: { jkt: proof.jkt } });
 * ```
 */
export function createSigner(options: SignerOptions): Signer {
  const issuer = nonEmpty("issuer", options.issuer);
  const { keys } = options;
  if (!(keys instanceof KeySet) && (typeof keys !== "object" || keys.privateKey === undefined)) {
    throw new TypeError("keys must be a KeySet or a Key with a private part");
  }
  const accessTtl = ttl("accessTokenTtl", options.accessTokenTtl, 300);
  const refreshTtl = ttl("refreshTokenTtl", options.refreshTokenTtl, 86_400);
  const clock = options.clock ?? Date.now;
  const activeKey = (): Key => (keys instanceof KeySet ? keys.active : keys);
  const now = (): number => Math.floor(clock() / 1000);
  const jti = (): string => randomBytes(16).toString("base64url");

  // The registered claims both kinds share; `extra` goes after them and may not override them.
  const registered = <A extends string | string[]>(input: Omit<RefreshTokenInput, "aud">, aud: A, lifetime: number) => {
    const iat = now();
    const extra = extraClaims(input.extra);
    const cnf = confirmation(input.cnf);
    const claims = {
      iss: issuer,
      sub: nonEmpty("sub", input.sub),
      aud,
      exp: iat + lifetime,
      iat,
      jti: jti(),
      client_id: nonEmpty("client_id", input.client_id),
      scope: scopeString(input.scope),
      ...cnf,
    };
    return Object.assign(claims, extra);
  };

  return {
    async accessToken(input) {
      const claims: AccessTokenClaims = registered(input, audience(input.aud), accessTtl);
      return { token: await sign(activeKey(), ACCESS_TOKEN_TYPE, claims), claims, expiresIn: accessTtl };
    },
    async refreshToken(input) {
      const claims: RefreshTokenClaims = registered(input, refreshAudience(issuer), refreshTtl);
      if (input.aud !== undefined) {
        const resource = audience(input.aud);
        claims.resource = typeof resource === "string" ? [resource] : resource;
      }
      return { token: await sign(activeKey(), REFRESH_TOKEN_TYPE, claims), claims, expiresIn: refreshTtl };
    },
  };
}
