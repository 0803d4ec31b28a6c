// Keys, a signer and a verifier on one frozen clock, so Token-Expires-In is exact.
import {
  TokenError,
  createSigner,
  createVerifier,
  generateKey,
  staticKeys,
  type Key,
  type KeyResolver,
  type Verifier,
} from "@org/token";

export const ISSUER = "http://127.0.0.1:4000";
export const NOW_MS = Date.UTC(2026, 10, 29, 1, 0, 0);
export const TTL = 300;
const clock = (): number => NOW_MS;

export interface Fixture {
  key: Key;
  verifier: Verifier;
  /** A valid access token for the verifier, with the given scopes (default "profile"). */
  token(options?: { scope?: string; aud?: string; issuer?: string; key?: Key; issuedAtMs?: number }): Promise<string>;
}

/** A key and a verifier for `audience`, and a maker of tokens for it. */
export async function fixture(audience: string): Promise<Fixture> {
  const key = await generateKey();
  const verifier = createVerifier({ issuer: ISSUER, audience, keys: staticKeys(key), clock });
  return {
    key,
    verifier,
    async token(options = {}) {
      const issuedAt = options.issuedAtMs ?? NOW_MS;
      const signer = createSigner({
        keys: options.key ?? key,
        issuer: options.issuer ?? ISSUER,
        accessTokenTtl: TTL,
        clock: () => issuedAt,
      });
      const { token } = await signer.accessToken({
        sub: "alice",
        client_id: "demo-cli",
        aud: options.aud ?? audience,
        scope: options.scope ?? "profile",
      });
      return token;
    },
  };
}

/** A verifier whose keys never loaded: every verification fails with keys_unavailable. */
export function keylessVerifier(audience: string): Verifier {
  const keys: KeyResolver = {
    resolve() {
      throw new TokenError("keys_unavailable");
    },
  };
  return createVerifier({ issuer: ISSUER, audience, keys, clock });
}

/** A key the verifier does not know. */
export function generateOtherKey(): Promise<Key> {
  return generateKey();
}
