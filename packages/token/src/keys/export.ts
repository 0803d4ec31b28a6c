import type { JsonWebKey } from "node:crypto";
import { jwkOf } from "./material.js";
import type { Key, PublicJwk } from "./types.js";

/** The only members a published JWK may carry besides kid, alg and use. */
const PUBLIC_MEMBERS = ["kty", "crv", "x", "y", "n", "e"] as const;

/**
 * The public JWK of a key, built by copying an allowlist of members (kty, crv, x, y, n, e)
 * plus kid, alg and `use: "sig"`, so a private member can never slip through.
 * Throws `TypeError` for HS256 keys: a shared secret is never published.
 *
 * @example
 * ```ts
 * const jwk = exportPublicJwk(await generateKey("ES256"));
 * // { kty: "EC", crv: "P-256", x: "…", y: "…", kid: "…", alg: "ES256", use: "sig" }
 * ```
 */
export function exportPublicJwk(key: Key): PublicJwk {
  if (key.alg === "HS256") throw new TypeError("HS256 secrets are never published");
  const source = jwkOf(key.publicKey);
  const kty = source.kty;
  if (typeof kty !== "string") throw new TypeError("key has no kty");
  const out: PublicJwk = { kty, kid: key.kid, alg: key.alg, use: "sig" };
  for (const m of PUBLIC_MEMBERS) {
    const v = source[m];
    if (m !== "kty" && typeof v === "string") out[m] = v;
  }
  return out;
}

/**
 * The private JWK of a signing key, for the issuer's keys file (ISSUER_KEYS_FILE).
 * Throws `TypeError` when the key has no private part.
 *
 * @example
 * ```ts
 * writeFileSync("keys.json", JSON.stringify({ keys: [exportPrivateJwk(key)] }), { mode: 0o600 });
 * ```
 */
export function exportPrivateJwk(key: Key): JsonWebKey & { kid: string; alg: string } {
  if (key.privateKey === undefined) throw new TypeError("the key has no private part");
  return { ...(jwkOf(key.privateKey) as JsonWebKey), kid: key.kid, alg: key.alg };
}
