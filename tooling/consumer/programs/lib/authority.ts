// One signing key, and a verifier over its public half with no network: what every program
// here protects its routes with. A real resource service would follow the issuer's JWKS
// (remoteKeys); a static key keeps these programs self-contained.
import { createSigner, createVerifier, exportPublicJwk, generateKey, staticKeys, type Signer, type Verifier } from "@org/token";

/**
 * The audience every token here is for and every verifier demands.
 *
 * @example
 * ```ts
 * createVerifier({ issuer, audience: AUDIENCE, keys });
 * ```
 */
export const AUDIENCE = "urn:consumer:api";

/**
 * The issuer identifier of the programs that need no reachable issuer.
 *
 * @example
 * ```ts
 * const { signer, verifier } = await authority(ISSUER);
 * ```
 */
export const ISSUER = "https://issuer.example";

/**
 * A signer and a verifier that trusts exactly its key.
 *
 * @example
 * ```ts
 * const { signer, verifier }: Authority = await authority(ISSUER);
 * ```
 */
export interface Authority {
  readonly signer: Signer;
  readonly verifier: Verifier;
}

/**
 * A fresh EdDSA key; the verifier is given only the public JWK.
 *
 * @example
 * ```ts
 * const { signer, verifier } = await authority("https://issuer.example");
 * ```
 */
export async function authority(issuer: string): Promise<Authority> {
  const key = await generateKey("EdDSA");
  return {
    signer: createSigner({ keys: key, issuer }),
    verifier: createVerifier({ issuer, audience: AUDIENCE, keys: staticKeys({ keys: [exportPublicJwk(key)] }) }),
  };
}

/**
 * An access token for `sub`, with the scope `profile`.
 *
 * @example
 * ```ts
 * const token = await accessToken(signer, "alice");
 * ```
 */
export async function accessToken(signer: Signer, sub: string, clientId = "consumer"): Promise<string> {
  const { token } = await signer.accessToken({ sub, client_id: clientId, aud: AUDIENCE, scope: "profile" });
  return token;
}
