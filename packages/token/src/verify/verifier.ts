// createVerifier: strict RFC 8725 verification on a synchronous node:crypto path, with the
// verified-token cache in front. Only key fetches are asynchronous.
import { rejected } from "../lib/reject.js";
import { TokenError } from "../errors.js";
import type { Key } from "../keys/types.js";
import { VerifiedCache, type Entry } from "./cache.js";
import { checkClaims, decodePayload, type ClaimPolicy } from "./claims.js";
import { checkSignature, parseHeader, splitCompact, type HeaderPolicy, type ParsedHeader } from "./jws.js";
import { DEFAULT_REQUIRED_CLAIMS, resolveOptions, type ResolvedOptions } from "./options.js";
import type { AccessTokenClaims, VerifiedToken, Verifier, VerifierOptions, VerifierStats } from "./types.js";

// Parsed headers by their exact base64url text. Real traffic repeats a handful of headers
// (one per key), so this saves a decode and a JSON.parse per token. Only headers that passed
// the policy are stored, and the map is cleared when full so random headers cannot grow it.
const HEADER_CACHE_SIZE = 64;

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return value instanceof Promise;
}

class TokenVerifier implements Verifier {
  readonly #o: ResolvedOptions;
  readonly #headerPolicy: HeaderPolicy;
  readonly #claimPolicy: ClaimPolicy;
  readonly #cache: VerifiedCache | undefined;
  readonly #headers = new Map<string, ParsedHeader>();
  #lastHeader: { readonly segment: string; readonly header: ParsedHeader } | undefined;
  #generation = 0;
  #hits = 0;
  #misses = 0;

  constructor(options: VerifierOptions) {
    const o = resolveOptions(options);
    this.#o = o;
    this.#headerPolicy = { algorithms: o.algorithms, typ: o.typ };
    this.#claimPolicy = {
      issuer: o.issuer,
      audience: o.audience,
      required: o.required === DEFAULT_REQUIRED_CLAIMS ? null : o.required,
      tolerance: o.tolerance,
      maxLifetime: o.maxLifetime,
    };
    this.#cache = o.cacheEntries > 0 ? new VerifiedCache(o.cacheEntries) : undefined;
  }

  verify(token: string): Promise<VerifiedToken> {
    try {
      const result = this.#run(token);
      return isPromise(result) ? result : Promise.resolve(result);
    } catch (e) {
      return rejected(e);
    }
  }

  verifySync(token: string): VerifiedToken {
    const result = this.#run(token);
    if (isPromise(result)) {
      result.catch(() => undefined); // the fetch goes on for later calls; nobody awaits this one
      throw new TokenError("key_unknown");
    }
    return result;
  }

  flush(): void {
    this.#generation++;
    this.#cache?.clear();
    this.#headers.clear();
    this.#lastHeader = undefined;
  }

  stats(): VerifierStats {
    return { cacheHits: this.#hits, cacheMisses: this.#misses, cacheEntries: this.#cache?.size ?? 0 };
  }

  secondsLeft(token: VerifiedToken): number {
    return Math.max(0, Math.floor(token.claims.exp - this.#o.clock() / 1000));
  }

  #run(token: string): VerifiedToken | Promise<VerifiedToken> {
    // Size first: nothing is decoded, hashed or split before this check.
    if (typeof token !== "string" || token.length === 0 || token.length > this.#o.maxTokenBytes) {
      throw new TokenError("token_malformed");
    }
    const cache = this.#cache;
    let cacheKey: string | undefined;
    if (cache !== undefined) {
      cacheKey = cache.key(token);
      const hit = cache.get(cacheKey, this.#o.clock());
      if (hit !== undefined) {
        if (this.#stillCurrent(hit)) {
          this.#hits++;
          this.#checkRevoked(hit.value);
          return hit.value;
        }
        // The key is gone from the set (rotated out, withdrawn) or changed: verify afresh.
        cache.delete(cacheKey);
      }
      this.#misses++;
    }
    const [d1, d2] = splitCompact(token);
    const header = this.#header(token, d1);
    const key = this.#o.keys.resolve(header.kid);
    if (isPromise(key)) {
      // A flush() while the key is being fetched must not be undone by this result.
      const generation = this.#generation;
      return key.then((k) => this.#finish(token, d1, d2, header, k, generation === this.#generation ? cacheKey : undefined));
    }
    return this.#finish(token, d1, d2, header, key, cacheKey);
  }

  /** A hit is served only while the resolver still gives, synchronously, the key that verified it. */
  #stillCurrent(hit: Entry): boolean {
    let key: Key | Promise<Key>;
    try {
      key = this.#o.keys.resolve(hit.value.kid);
    } catch {
      return false;
    }
    if (isPromise(key)) {
      key.catch(() => undefined); // the full verification that follows waits for this fetch
      return false;
    }
    return key === hit.key;
  }

  #header(token: string, d1: number): ParsedHeader {
    // Fast path: the same header as last time, compared in place without slicing or hashing.
    const last = this.#lastHeader;
    if (last !== undefined && last.segment.length === d1 && token.startsWith(last.segment)) return last.header;
    const segment = token.slice(0, d1);
    let header = this.#headers.get(segment);
    if (header === undefined) {
      header = parseHeader(segment, this.#headerPolicy);
      if (this.#headers.size >= HEADER_CACHE_SIZE) this.#headers.clear();
      this.#headers.set(segment, header);
    }
    this.#lastHeader = { segment, header };
    return header;
  }

  #finish(token: string, d1: number, d2: number, header: ParsedHeader, key: Key, cacheKey: string | undefined): VerifiedToken {
    checkSignature(key, header.alg, token.slice(0, d2), token.slice(d2 + 1));
    const claims = decodePayload(token.slice(d1 + 1, d2));
    checkClaims(claims, this.#claimPolicy, this.#o.clock() / 1000);
    const verified = toVerified(claims, key);
    this.#checkRevoked(verified);
    if (cacheKey !== undefined && this.#cache !== undefined) {
      const { exp, nbf, iat } = verified.claims;
      const from = Math.max(typeof nbf === "number" ? nbf : -Infinity, typeof iat === "number" ? iat : -Infinity);
      this.#cache.set(cacheKey, { value: verified, key, expiresAt: exp * 1000, validFrom: (from - this.#o.tolerance) * 1000 });
    }
    return verified;
  }

  #checkRevoked(token: VerifiedToken): void {
    if (this.#o.revocation?.isRevoked(token) === true) throw new TokenError("token_revoked");
  }
}

const NO_SCOPES: readonly string[] = Object.freeze([]);

function scopesOf(scope: unknown): readonly string[] {
  if (typeof scope !== "string" || scope.length === 0) return NO_SCOPES;
  const scopes = scope.split(" ");
  // Issuers write single spaces; only a sloppy one makes us pay for the filter.
  return Object.freeze(scopes.includes("") ? scopes.filter((s) => s.length > 0) : scopes);
}

function toVerified(claims: AccessTokenClaims, key: Key): VerifiedToken {
  return Object.freeze({ claims: Object.freeze(claims), scopes: scopesOf(claims.scope), kid: key.kid, alg: key.alg });
}

/**
 * Creates a strict access-token verifier (RFC 8725, RFC 9068).
 *
 * Order of checks: size (`maxTokenBytes`) → cache → 3 strict base64url segments → header
 * (plain object; `alg` in `algorithms`; no `crit`, `b64`, `jwk`, `jku`, `x5u`, `x5c`; `typ`)
 * → key by `kid` → `alg` equals the key's pinned algorithm → signature → payload (plain
 * object, claim types, required claims) → `iss` → `aud` → `exp` → `nbf`/`iat` → lifetime
 * (`maxTokenLifetime`) → revocation.
 *
 * The verified-token cache is ON by default (10 000 entries; `cache: false` turns it off):
 * a hit is only served before the token's `exp` and while the key resolver still gives the key that
 * verified it (a key rotated out of the JWKS takes its cached tokens with it), and revocation is
 * consulted on every hit.
 *
 * Rejects with TokenError: token_malformed, algorithm_not_allowed, type_invalid, key_unknown,
 * keys_unavailable, signature_invalid, issuer_invalid, audience_invalid, token_expired,
 * token_not_yet_valid, token_lifetime_exceeded, token_revoked.
 * Throws TypeError for invalid options.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({
 *   issuer: "http://127.0.0.1:4000",
 *   audience: "urn:demo:express",
 *   keys: remoteKeys("http://127.0.0.1:4000/.well-known/jwks.json"),
 * });
 * const { claims, scopes } = await verifier.verify(parseBearer(req.headers.authorization));
 * ```
 */
export function createVerifier(options: VerifierOptions): Verifier {
  return new TokenVerifier(options);
}
