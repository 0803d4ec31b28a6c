// The contenders for one algorithm: the same realistic access token verified by @org/token (cold and
// cached), jose, fast-jwt (with and without its cache), jsonwebtoken, and two floors built on
// node:crypto alone. Each case must verify the token once before it is timed.
import { createHmac, timingSafeEqual, verify as cryptoVerify, type KeyObject } from "node:crypto";
import { createVerifier as createFastVerifier } from "fast-jwt";
import { importJWK, jwtVerify } from "jose";
import jsonwebtoken from "jsonwebtoken";
import {
  createSigner,
  createVerifier,
  exportPrivateJwk,
  exportPublicJwk,
  generateKey,
  staticKeys,
  type AccessTokenInput,
  type Algorithm,
} from "@org/token";
import type { RateCase } from "../../harness/rounds.js";

/** The `iss` of every benchmark token. */
export const ISSUER = "https://issuer.example.com";
/** The audiences of a token that may call every resource service. */
export const AUDIENCES = ["urn:demo:express", "urn:demo:koa", "urn:demo:grpc"];
const AUDIENCE = "urn:demo:express";
const TOLERANCE = 5;

/** A contender; `role` marks the cases the ratios and targets are read from. */
export interface BenchCase extends RateCase {
  readonly role?: "floor" | "floor+" | "uncached" | "cached" | "fast-jwt cached";
  /** The project's own code (drawn in the accent colour). */
  readonly ours?: boolean;
}

/** node:crypto only, on pre-decoded input and signature: the cost of the signature itself. */
function floor(alg: Algorithm, key: KeyObject, token: string): () => boolean {
  const dot = token.lastIndexOf(".");
  const input = Buffer.from(token.slice(0, dot));
  const signature = Buffer.from(token.slice(dot + 1), "base64url");
  return () => signatureHolds(alg, key, input, signature);
}

function signatureHolds(alg: Algorithm, key: KeyObject, input: Buffer, signature: Buffer): boolean {
  switch (alg) {
    case "HS256":
      return signature.length === 32 && timingSafeEqual(createHmac("sha256", key).update(input).digest(), signature);
    case "ES256":
      return cryptoVerify("sha256", input, { key, dsaEncoding: "ieee-p1363" }, signature);
    case "RS256":
      return cryptoVerify("sha256", input, key, signature);
    case "EdDSA":
      return cryptoVerify(null, input, key, signature);
  }
}

/** floor+: what any verifier must do at least: split, base64url-decode, JSON.parse, verify, check claims. */
function floorPlus(alg: Algorithm, key: KeyObject): (token: string) => boolean {
  return (token) => {
    const d1 = token.indexOf(".");
    const d2 = token.indexOf(".", d1 + 1);
    const header = JSON.parse(Buffer.from(token.slice(0, d1), "base64url").toString()) as Record<string, unknown>;
    if (header.alg !== alg || header.typ !== "at+jwt") return false;
    const signature = Buffer.from(token.slice(d2 + 1), "base64url");
    if (!signatureHolds(alg, key, Buffer.from(token.slice(0, d2)), signature)) return false;
    const c = JSON.parse(Buffer.from(token.slice(d1 + 1, d2), "base64url").toString()) as Record<string, unknown>;
    const now = Date.now() / 1000;
    if (c.iss !== ISSUER || !Array.isArray(c.aud) || !c.aud.includes(AUDIENCE)) return false;
    if (typeof c.sub !== "string" || typeof c.jti !== "string" || typeof c.client_id !== "string" || typeof c.scope !== "string") return false;
    if (typeof c.exp !== "number" || c.exp <= now - TOLERANCE || typeof c.iat !== "number" || c.iat > now + TOLERANCE) return false;
    return true;
  };
}

/**
 * The claims of one realistic access token: a UUID subject, three audiences, three scopes, a
 * session id and auth_time, as the issuer writes them.
 *
 * @example
 * ```ts
 * const { token } = await signer.accessToken(typicalInput());
 * ```
 */
export function typicalInput(extra: Record<string, unknown> = {}): AccessTokenInput {
  return {
    sub: "user-7f3c2a91-4b1e-4d6a-9c2e-5a8b7d6e4f30",
    client_id: "demo-cli",
    aud: AUDIENCES,
    scope: ["profile", "orders:read", "orders:write"],
    extra: { sid: "b6f1e7c2-93a4-4f0e-8d1b-2c7a9e5f3d18", auth_time: Math.floor(Date.now() / 1000), ...extra },
  };
}

/**
 * Every contender for one algorithm, each checked once on the token before it is timed.
 *
 * @example
 * ```ts
 * const { token, cases } = await casesFor("EdDSA");
 * ```
 */
export async function casesFor(alg: Algorithm): Promise<{ token: string; cases: BenchCase[] }> {
  const key = await generateKey(alg);
  const signer = createSigner({ keys: key, issuer: ISSUER, accessTokenTtl: 3600 });
  const { token } = await signer.accessToken(typicalInput());
  const options = { issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(key), clockTolerance: TOLERANCE };
  const cold = createVerifier({ ...options, cache: false });
  const warm = createVerifier(options);
  const jwk = alg === "HS256" ? exportPrivateJwk(key) : exportPublicJwk(key);
  const joseKey = await importJWK(jwk, alg);
  const joseOptions = { issuer: ISSUER, audience: AUDIENCE, typ: "at+jwt", algorithms: [alg], clockTolerance: TOLERANCE };
  const pem = alg === "HS256" ? key.publicKey.export() : key.publicKey.export({ type: "spki", format: "pem" });
  const fastOptions = { key: pem, algorithms: [alg], allowedIss: ISSUER, allowedAud: AUDIENCE, checkTyp: "at+jwt", clockTolerance: TOLERANCE };
  const fast: (t: string) => unknown = createFastVerifier({ ...fastOptions, cache: false });
  const fastCached: (t: string) => unknown = createFastVerifier({ ...fastOptions, cache: true });
  const plus = floorPlus(alg, key.publicKey);
  const cases: BenchCase[] = [
    { name: "@org/token verify() uncached", run: () => cold.verify(token), async: true, role: "uncached", ours: true },
    { name: "@org/token verify() cached", run: () => warm.verify(token), async: true, role: "cached", ours: true },
    // The same path without the Promise: what a synchronous caller (or fast-jwt's sync API) pays.
    { name: "@org/token verifySync uncached", run: () => cold.verifySync(token), async: false, ours: true },
    { name: "@org/token verifySync cached", run: () => warm.verifySync(token), async: false, ours: true },
    { name: "jose jwtVerify", run: () => jwtVerify(token, joseKey, joseOptions), async: true },
    { name: "fast-jwt", run: () => fast(token), async: false },
    { name: "fast-jwt cached", run: () => fastCached(token), async: false, role: "fast-jwt cached" },
  ];
  if (alg !== "EdDSA") {
    // jsonwebtoken 9 has no EdDSA.
    const secret = alg === "HS256" ? key.publicKey.export() : pem;
    const jwtOptions = { algorithms: [alg], issuer: ISSUER, audience: AUDIENCE, clockTolerance: TOLERANCE };
    cases.push({ name: "jsonwebtoken", run: () => jsonwebtoken.verify(token, secret, jwtOptions), async: false });
  }
  cases.push(
    { name: "floor+ (crypto+decode+parse+claims)", run: () => plus(token), async: false, role: "floor+" },
    { name: "floor (node:crypto verify only)", run: floor(alg, key.publicKey, token), async: false, role: "floor" },
  );
  for (const c of cases) {
    const result: unknown = await c.run();
    if (result === false) throw new Error(`${alg} ${c.name}: the benchmark token does not verify`);
  }
  return { token, cases };
}
