// DPoP proofs for tests (RFC 9449 §4.2), signed by hand with node:crypto rather than by the code
// under test, so that every wrong variant a case needs (another alg, a private jwk, a stale iat)
// can be made, and a right one does not depend on createDpopProof being right.
import { createHash, createHmac, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { jwkThumbprint } from "@org/token";

/**
 * A client's proof key: the private key, its public JWK and its thumbprint (what `cnf.jkt` binds).
 *
 * @example
 * ```ts
 * const key = proofKey("ES256");
 * const token = await f.token({ cnf: { jkt: key.jkt } });
 * ```
 */
export interface ProofKey {
  readonly alg: "ES256" | "EdDSA";
  readonly privateKey: KeyObject;
  /** The public members only (kty, crv, x, y). */
  readonly jwk: Readonly<Record<string, string>>;
  readonly jkt: string;
}

/**
 * A fresh proof key of `alg` (P-256 for ES256, Ed25519 for EdDSA).
 *
 * @example
 * ```ts
 * const thief = proofKey("EdDSA");
 * ```
 */
export function proofKey(alg: ProofKey["alg"] = "ES256"): ProofKey {
  const { privateKey } = alg === "ES256" ? generateKeyPairSync("ec", { namedCurve: "P-256" }) : generateKeyPairSync("ed25519");
  const { kty, crv, x, y } = privateKey.export({ format: "jwk" });
  const members = { kty, crv, x, ...(y === undefined ? {} : { y }) };
  const jwk = Object.fromEntries(Object.entries(members).filter((e): e is [string, string] => typeof e[1] === "string"));
  return Object.freeze({ alg, privateKey, jwk: Object.freeze(jwk), jkt: jwkThumbprint(jwk) });
}

/**
 * What one proof says, and how it may be wrong on purpose.
 *
 * @example
 * ```ts
 * const spec: ProofSpec = { htm: "GET", htu: "http://127.0.0.1:4001/me", token, iatMs: Date.now() - 600_000 };
 * ```
 */
export interface ProofSpec {
  readonly htm: string;
  readonly htu: string;
  /** The access token sent with the proof: its hash becomes `ath`. */
  readonly token?: string;
  /** The proof's `iat`, in ms; default now (`Date.now()`). */
  readonly iatMs?: number;
  /** Default 128 random bits. */
  readonly jti?: string;
  /** Default "dpop+jwt". */
  readonly typ?: string;
  /** Sign with HS256 (keyed with the public key's text) instead of the key's own algorithm. */
  readonly hs256?: boolean;
  /** Put the private key's `d` into the header's jwk. */
  readonly privateJwk?: boolean;
}

const b64u = (data: string | Buffer): string => Buffer.from(data).toString("base64url");

/**
 * A compact DPoP proof by `key` for `spec`: header `{ typ, alg, jwk }`, claims `{ jti, htm, htu,
 * iat, ath? }`.
 *
 * @example
 * ```ts
 * const dpop = proof(key, { htm: "GET", htu: `${server.url}/me`, token });
 * await fetch(`${server.url}/me`, { headers: { authorization: `DPoP ${token}`, dpop } });
 * ```
 */
export function proof(key: ProofKey, spec: ProofSpec): string {
  const jwk = spec.privateJwk === true ? { ...key.jwk, d: String(key.privateKey.export({ format: "jwk" }).d) } : key.jwk;
  const alg = spec.hs256 === true ? "HS256" : key.alg;
  const header = { typ: spec.typ ?? "dpop+jwt", alg, jwk };
  const claims = {
    jti: spec.jti ?? randomBytes(16).toString("base64url"),
    htm: spec.htm,
    htu: spec.htu,
    iat: Math.floor((spec.iatMs ?? Date.now()) / 1000),
    ...(spec.token === undefined ? {} : { ath: createHash("sha256").update(spec.token).digest("base64url") }),
  };
  const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(claims))}`;
  return `${input}.${b64u(signature(key, alg, input))}`;
}

function signature(key: ProofKey, alg: string, input: string): Buffer {
  if (alg === "HS256") return createHmac("sha256", JSON.stringify(key.jwk)).update(input).digest();
  if (alg === "ES256") return sign("sha256", Buffer.from(input), { key: key.privateKey, dsaEncoding: "ieee-p1363" });
  return sign(null, Buffer.from(input), key.privateKey);
}
