// The issuer's JWKS over HTTP, cached. jose's createRemoteJWKSet was the starting point, but
// two of its behaviours do not fit: a refresh that fails after cacheMaxAge throws instead of
// keeping the known keys, and its clock cannot be injected. This small fetcher keeps jose's
// option names and defaults (cooldown 30 s, max age 10 min, timeout 5 s).
import { TokenError } from "../errors.js";
import { fetchJson } from "../lib/fetch-json.js";
import type { KeyResolver } from "../verify/types.js";
import { importJwkSync, inferAlgorithm } from "./import.js";
import { isAlgorithm, type Key } from "./types.js";

/**
 * Options of {@link remoteKeys}; all in milliseconds.
 *
 * @example
 * ```ts
 * remoteKeys(url, { cooldownMs: 10_000, maxAgeMs: 300_000, timeoutMs: 2_000 });
 * ```
 */
export interface RemoteKeysOptions {
  /** Minimum time between two fetches caused by unknown kids or retries. Default 30 000. */
  cooldownMs?: number;
  /** After this, the next resolve refreshes in the background. Default 600 000. */
  maxAgeMs?: number;
  /** Abort a fetch after this long. Default 5 000. */
  timeoutMs?: number;
  clock?: () => number;
}

/**
 * A KeyResolver backed by a remote JWKS.
 *
 * @example
 * ```ts
 * const keys: RemoteKeys = remoteKeys(jwksUrl);
 * await keys.ready(); // rejects with keys_unavailable when the issuer cannot be reached
 * ```
 */
export interface RemoteKeys extends KeyResolver {
  /** The first load; rejects with TokenError keys_unavailable when it fails. */
  ready(): Promise<void>;
  /** For metrics and logs: when the set was last loaded (ms, undefined: never), fetches and failures so far, keys held. */
  status(): RemoteKeysStatus;
}

/**
 * What {@link RemoteKeys.status} tells.
 *
 * @example
 * ```ts
 * const { loadedAt, fetches, failures, keys } = remote.status();
 * ```
 */
export interface RemoteKeysStatus {
  readonly loadedAt: number | undefined;
  readonly fetches: number;
  readonly failures: number;
  readonly keys: number;
}

const MAX_JWKS_BYTES = 512 * 1024;
/**
 * Until a first set is loaded, retry at least this often even with a long cooldown, so a
 * resource service started before its issuer recovers within a second of the issuer.
 */
export const FIRST_LOAD_RETRY_MS = 1_000;

/** A millisecond option: its value or the default; TypeError unless a finite number >= 0. */
export function option(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < 0) throw new TypeError(`${name} must be a number >= 0`);
  return v;
}

/** Keeps the JWKS members we can use: `use` absent or "sig", `key_ops` (if any) with "verify", a supported alg, no secrets. */
function usableKeys(body: unknown, previous: ReadonlyMap<string, Key>): Map<string, Key> {
  if (typeof body !== "object" || body === null || !("keys" in body) || !Array.isArray(body.keys)) {
    throw new TypeError("not a JWKS");
  }
  const keys = new Map<string, Key>();
  for (const jwk of body.keys as unknown[]) {
    if (typeof jwk !== "object" || jwk === null) continue;
    const record = jwk as Record<string, unknown>;
    const alg = record.alg ?? inferAlgorithm(record);
    if (!isAlgorithm(alg) || alg === "HS256" || typeof record.kid !== "string" || keys.has(record.kid)) continue;
    if (Array.isArray(record.key_ops) && !record.key_ops.includes("verify")) continue;
    try {
      const key = importJwkSync(record, { alg }, true);
      const old = previous.get(key.kid);
      // Reuse the old Key when the material is unchanged, so per-key prepared state survives.
      const same = old?.alg === key.alg && old.publicKey.equals(key.publicKey);
      keys.set(key.kid, same ? old : key);
    } catch {
      // An unusable member is skipped; the rest of the set stays usable.
    }
  }
  return keys;
}

/**
 * Keys from the issuer's JWKS URL. Cached; an unknown `kid` causes at most one refetch per
 * cooldown (a flood of random kids is one fetch, not a flood); a failed refresh keeps the
 * known keys in use; `keys_unavailable` only while no set was ever loaded. Keys without
 * `kid`, with `use` other than "sig", HS256 (secrets) or an unsupported alg are ignored; a
 * JWK without `alg` gets it from kty/crv. Redirects are refused.
 *
 * @example
 * ```ts
 * const keys = remoteKeys(new URL("/.well-known/jwks.json", process.env.ISSUER_URL));
 * await keys.ready().catch(() => undefined); // optional warm-up
 * const verifier = createVerifier({ issuer, audience: "urn:demo:koa", keys });
 * ```
 */
export function remoteKeys(url: string | URL, options: RemoteKeysOptions = {}): RemoteKeys {
  const target = new URL(url);
  if (target.protocol !== "http:" && target.protocol !== "https:") throw new TypeError("remoteKeys needs an http(s) URL");
  return new RemoteKeySet(target, {
    cooldownMs: option("cooldownMs", options.cooldownMs, 30_000),
    maxAgeMs: option("maxAgeMs", options.maxAgeMs, 600_000),
    timeoutMs: option("timeoutMs", options.timeoutMs, 5_000),
    clock: options.clock ?? Date.now,
  });
}

/** The state behind {@link remoteKeys}. */
class RemoteKeySet implements RemoteKeys {
  readonly #url: URL;
  readonly #o: Required<RemoteKeysOptions>;
  #keys: Map<string, Key> | undefined;
  #loadedAt = -Infinity;
  #attemptedAt = -Infinity;
  #inflight: Promise<void> | undefined;
  #fetches = 0;
  #failures = 0;

  constructor(url: URL, options: Required<RemoteKeysOptions>) {
    this.#url = url;
    this.#o = options;
  }

  resolve(kid: string | undefined): Key | Promise<Key> {
    if (kid !== undefined && typeof kid !== "string") throw new TokenError("key_unknown");
    const key = this.#find(kid);
    if (key !== undefined) {
      if (this.#o.clock() - this.#loadedAt >= this.#o.maxAgeMs && this.#inflight === undefined && this.#mayFetch()) {
        this.#refresh().catch(() => undefined); // stale but usable: refresh behind the scenes
      }
      return key;
    }
    if (this.#inflight !== undefined) return this.#afterFetch(kid, this.#inflight);
    if (!this.#mayFetch()) throw new TokenError(this.#keys === undefined ? "keys_unavailable" : "key_unknown");
    return this.#afterFetch(kid, this.#refresh());
  }

  ready(): Promise<void> {
    if (this.#keys !== undefined && this.#inflight === undefined) return Promise.resolve();
    return (this.#inflight ?? this.#refresh()).catch((cause: unknown) => {
      if (this.#keys === undefined) throw new TokenError("keys_unavailable", { cause });
    });
  }

  status(): RemoteKeysStatus {
    return {
      loadedAt: this.#keys === undefined ? undefined : this.#loadedAt,
      fetches: this.#fetches,
      failures: this.#failures,
      keys: this.#keys?.size ?? 0,
    };
  }

  /** One fetch at a time; a failure leaves the known keys untouched. */
  #refresh(): Promise<void> {
    this.#attemptedAt = this.#o.clock();
    if (this.#inflight === undefined) this.#fetches++;
    this.#inflight ??= fetchJson(this.#url, "JWKS", this.#o.timeoutMs, MAX_JWKS_BYTES)
      .then((body) => {
        this.#keys = usableKeys(body, this.#keys ?? new Map<string, Key>());
        this.#loadedAt = this.#o.clock();
      })
      .catch((error: unknown) => {
        this.#failures++;
        throw error;
      })
      .finally(() => {
        this.#inflight = undefined;
      });
    return this.#inflight;
  }

  #mayFetch(): boolean {
    const { cooldownMs, clock } = this.#o;
    const wait = this.#keys === undefined ? Math.min(cooldownMs, FIRST_LOAD_RETRY_MS) : cooldownMs;
    return clock() - this.#attemptedAt >= wait;
  }

  #find(kid: string | undefined): Key | undefined {
    const keys = this.#keys;
    if (keys === undefined) return undefined;
    if (kid === undefined) return keys.size === 1 ? keys.values().next().value : undefined;
    return keys.get(kid);
  }

  async #afterFetch(kid: string | undefined, pending: Promise<void>): Promise<Key> {
    try {
      await pending;
    } catch (cause) {
      if (this.#keys === undefined) throw new TokenError("keys_unavailable", { cause });
    }
    const key = this.#find(kid);
    if (key !== undefined) return key;
    throw new TokenError(this.#keys === undefined ? "keys_unavailable" : "key_unknown");
  }
}
