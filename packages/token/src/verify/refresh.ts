import { TokenError } from "../errors.js";
import { KeySet } from "../keys/keyset.js";
import { staticKeys } from "../keys/static.js";
import { REFRESH_TOKEN_TYPE, refreshAudience } from "../sign.js";
import { DEFAULT_REQUIRED_CLAIMS } from "./options.js";
import { createVerifier } from "./verifier.js";
import type { AccessTokenClaims, KeyResolver, RefreshTokenClaims, RevocationChecker } from "./types.js";

// The signer always writes `scope` into refresh tokens; the refresh grant needs it.
const REFRESH_REQUIRED: readonly string[] = Object.freeze([...DEFAULT_REQUIRED_CLAIMS, "scope"]);

/** Verified claims are a refresh token's once `aud` is the one string and `scope` a string. */
function refreshClaims(claims: AccessTokenClaims): RefreshTokenClaims {
  const { aud, scope } = claims;
  if (typeof aud !== "string" || typeof scope !== "string") throw new TokenError("token_malformed");
  return { ...claims, aud, scope };
}

/**
 * Options of {@link createRefreshVerifier}.
 *
 * @example
 * ```ts
 * const options: RefreshVerifierOptions = { issuer, keys: keySet, clockTolerance: 5 };
 * ```
 */
export interface RefreshVerifierOptions {
  issuer: string;
  keys: KeyResolver | KeySet;
  clock?: () => number;
  clockTolerance?: number;
  /** Consulted on every verification (the issuer's revocation replica): a revoked grant's refresh tokens fail. */
  revocation?: RevocationChecker;
}

/**
 * The issuer's check of a refresh token: same strictness as {@link createVerifier}, but
 * `typ` must be "rt+jwt" and `aud` must be `refreshAudience(issuer)`; no cache, so a
 * revoked refresh token is seen at once by the issuer's own store. Rejects with the same
 * TokenError codes as verify (type_invalid when an access token is presented).
 *
 * @example
 * ```ts
 * const refresh = createRefreshVerifier({ issuer, keys: keySet });
 * const claims = await refresh.verify(body.refresh_token);
 * ```
 */
export function createRefreshVerifier(options: RefreshVerifierOptions): { verify(token: string): Promise<RefreshTokenClaims> } {
  const keys = options.keys instanceof KeySet ? staticKeys(options.keys) : options.keys;
  const verifier = createVerifier({
    issuer: options.issuer,
    audience: refreshAudience(options.issuer),
    keys,
    typ: REFRESH_TOKEN_TYPE,
    cache: false,
    requiredClaims: REFRESH_REQUIRED,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.clockTolerance === undefined ? {} : { clockTolerance: options.clockTolerance }),
    ...(options.revocation === undefined ? {} : { revocation: options.revocation }),
  });
  return {
    async verify(token) {
      const { claims } = await verifier.verify(token);
      return refreshClaims(claims);
    },
  };
}
