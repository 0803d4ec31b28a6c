import type { Algorithm, Key } from "../keys/types.js";

/**
 * The confirmation claim `cnf` of a sender-constrained token (RFC 7800 §3.1, RFC 9449 §6.1).
 *
 * @example
 * ```ts
 * const cnf: Confirmation = { jkt: proof.jkt };
 * ```
 */
export interface Confirmation {
  /** RFC 7638 SHA-256 thumbprint of the DPoP proof key the token is bound to. */
  jkt?: string;
}

/**
 * Claims of a verified RFC 9068 access token.
 *
 * @example
 * ```ts
 * const { sub, client_id, scope }: AccessTokenClaims = (await verifier.verify(token)).claims;
 * ```
 */
export interface AccessTokenClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  jti: string;
  client_id: string;
  /** Space separated; optional (RFC 9068 §2.2.3): a token without it has no scopes. */
  scope?: string;
  nbf?: number;
  /** Present when the token is bound to a DPoP key (RFC 9449 §6): see `checkDpopBinding`. */
  cnf?: Confirmation;
  [claim: string]: unknown;
}

/**
 * Claims of a refresh token (typ rt+jwt, aud = refreshAudience(issuer)).
 *
 * @example
 * ```ts
 * const claims: RefreshTokenClaims = await refreshVerifier.verify(refreshToken);
 * claims.resource; // ["urn:demo:koa"] when narrowed
 * ```
 */
export interface RefreshTokenClaims {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
  iat: number;
  jti: string;
  client_id: string;
  scope: string;
  /** RFC 8707 resources the refresh may ask access tokens for, when narrowed at login. */
  resource?: string[];
  /** Present when the refresh token is bound to a DPoP key (RFC 9449 §5): refreshing needs a proof by it. */
  cnf?: Confirmation;
  [claim: string]: unknown;
}

/**
 * The result of a successful verification. Frozen, and shared between callers when cached.
 *
 * @example
 * ```ts
 * const auth: VerifiedToken = await verifier.verify(token);
 * auth.scopes.includes("orders:read");
 * ```
 */
export interface VerifiedToken {
  readonly claims: AccessTokenClaims;
  /** `claims.scope` split on spaces. */
  readonly scopes: readonly string[];
  readonly kid: string;
  readonly alg: Algorithm;
}

/**
 * Consulted after signature and claims pass, and on every cache hit, with the claims and the
 * verifying key's `kid` (so a withdrawn key is one more revocation). Synchronous, no I/O:
 * keep the revocation state in memory and update it in the background. Returning true rejects
 * with `token_revoked`; throwing rejects with the thrown error (fail closed), so a checker
 * whose state is unavailable should throw a TokenError of its choosing.
 *
 * @example
 * ```ts
 * const revocation: RevocationChecker = { isRevoked: ({ claims }) => claims.iat <= (epochs.get(claims.sub) ?? -1) };
 * ```
 */
export interface RevocationChecker {
  /** `token` is what was verified: its claims and the `kid` of the key that verified it. */
  isRevoked(token: Pick<VerifiedToken, "claims" | "kid">): boolean;
}

/**
 * Where a verifier finds keys: {@link staticKeys}, {@link jwksFile}, {@link remoteKeys}.
 *
 * @example
 * ```ts
 * const keys: KeyResolver = { resolve: (kid) => { const k = mine.get(kid ?? ""); if (!k) throw new TokenError("key_unknown"); return k; } };
 * ```
 */
export interface KeyResolver {
  /** Sync when known, Promise when a fetch is needed. Throws TokenError key_unknown / keys_unavailable. */
  resolve(kid: string | undefined): Key | Promise<Key>;
}

/**
 * Options of {@link createVerifier}.
 *
 * @example
 * ```ts
 * const options: VerifierOptions = { issuer, audience: "urn:demo:grpc", keys: jwksFile("jwks.json"), clockTolerance: 5 };
 * ```
 */
export interface VerifierOptions {
  /** Exact match against `iss`. */
  issuer: string;
  /**
   * `aud` must contain it (or, for an array, one of them: the issuer checking its own tokens for
   * any of its resource audiences). `null` skips the audience check: ONLY for published example
   * vectors that carry no `aud` (pair it with `requiredClaims` without "aud").
   */
  audience: string | readonly string[] | null;
  keys: KeyResolver;
  /** Allowlist on top of key pinning; default all four. */
  algorithms?: readonly Algorithm[];
  /** Default "at+jwt"; `null` = no typ check (ONLY for RFC example vectors). */
  typ?: string | null;
  /** Seconds, default 5; applies to exp, nbf and iat. */
  clockTolerance?: number;
  /** Default 8192; checked before any decoding. */
  maxTokenBytes?: number;
  /**
   * Seconds: refuse tokens whose `exp - iat` is longer (`token_lifetime_exceeded`), and tokens
   * without `iat`. Default: no limit. Resource services set it well above the issuer's lifetime.
   */
  maxTokenLifetime?: number;
  /** Milliseconds since the epoch; default Date.now. */
  clock?: () => number;
  revocation?: RevocationChecker;
  /** Verified-token cache, ON by default with 10 000 entries; `false` turns it off. */
  cache?: false | { maxEntries?: number };
  /**
   * Default: iss sub aud exp iat jti client_id (RFC 9068 §2.2). `exp` is always required. A set
   * smaller than the default is ONLY for published example vectors: the verified `claims` then
   * need not hold every member {@link AccessTokenClaims} names.
   */
  requiredClaims?: readonly string[];
}

/**
 * What {@link Verifier.stats} tells; counters only ever grow.
 *
 * @example
 * ```ts
 * const { cacheHits, cacheMisses } = verifier.stats();
 * const ratio = cacheHits / Math.max(1, cacheHits + cacheMisses);
 * ```
 */
export interface VerifierStats {
  readonly cacheHits: number;
  readonly cacheMisses: number;
  readonly cacheEntries: number;
}

/**
 * A configured verifier, from {@link createVerifier}.
 *
 * @example
 * ```ts
 * const verifier: Verifier = createVerifier(options);
 * const auth = await verifier.verify(parseBearer(req.headers.authorization));
 * res.setHeader("cache-control", `max-age=${verifier.secondsLeft(auth)}`);
 * ```
 */
export interface Verifier {
  /** Verifies a compact JWS access token. Rejects with TokenError. */
  verify(token: string): Promise<VerifiedToken>;
  /**
   * Synchronous verification. Throws TokenError; throws key_unknown when the key would
   * need a fetch (the fetch still starts, so a later call may succeed).
   */
  verifySync(token: string): VerifiedToken;
  /** Drops the verified-token cache (emergency key withdrawal). */
  flush(): void;
  /** For metrics: verified-token cache hits and misses so far, and its entries now. */
  stats(): VerifierStats;
  /** exp - now in whole seconds, floored at 0, with the verifier's clock. */
  secondsLeft(token: VerifiedToken): number;
}
