// Validates VerifierOptions once, at creation: bad options are the caller's bug (TypeError).
import { ALGORITHMS, isAlgorithm, type Algorithm } from "../keys/types.js";
import { ACCESS_TOKEN_TYPE } from "../sign.js";
import { normalizeTyp } from "./jws.js";
import type { KeyResolver, RevocationChecker, VerifierOptions } from "./types.js";

/**
 * Default `clockTolerance` in seconds: enough for NTP-synced hosts, small next to a 300 s token.
 *
 * @example
 * ```ts
 * createVerifier({ issuer, audience, keys, clockTolerance: DEFAULT_CLOCK_TOLERANCE * 2 });
 * ```
 */
export const DEFAULT_CLOCK_TOLERANCE = 5;
/**
 * Default `maxTokenBytes` (8 KiB), checked before any decoding.
 *
 * @example
 * ```ts
 * createVerifier({ issuer, audience, keys, maxTokenBytes: DEFAULT_MAX_TOKEN_BYTES / 2 });
 * ```
 */
export const DEFAULT_MAX_TOKEN_BYTES = 8192;
/**
 * Default size of the verified-token cache, in entries (roughly 2 KiB each).
 *
 * @example
 * ```ts
 * createVerifier({ issuer, audience, keys, cache: { maxEntries: DEFAULT_CACHE_ENTRIES * 5 } });
 * ```
 */
export const DEFAULT_CACHE_ENTRIES = 10_000;
/**
 * Default `requiredClaims`: the RFC 9068 §2.2 set minus `scope` (optional there).
 *
 * @example
 * ```ts
 * createVerifier({ issuer, audience, keys, requiredClaims: [...DEFAULT_REQUIRED_CLAIMS, "scope"] });
 * ```
 */
export const DEFAULT_REQUIRED_CLAIMS: readonly string[] = Object.freeze(["iss", "sub", "aud", "exp", "iat", "jti", "client_id"]);

/** Options after validation and defaults. */
export interface ResolvedOptions {
  readonly issuer: string;
  /** The accepted audiences (one for a resource service), or null for no check. */
  readonly audience: readonly string[] | null;
  readonly keys: KeyResolver;
  readonly algorithms: readonly Algorithm[];
  readonly typ: string | null;
  readonly tolerance: number;
  readonly maxTokenBytes: number;
  readonly clock: () => number;
  readonly revocation: RevocationChecker | undefined;
  readonly cacheEntries: number;
  readonly required: readonly string[];
  readonly maxLifetime: number | null;
}

function positiveInteger(name: string, value: unknown, fallback: number): number {
  const v = value ?? fallback;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v <= 0) throw new TypeError(`${name} must be a positive integer`);
  return v;
}

function algorithmsOf(value: unknown): readonly Algorithm[] {
  if (value === undefined) return ALGORITHMS;
  if (!Array.isArray(value) || value.length === 0 || !value.every(isAlgorithm)) {
    throw new TypeError(`algorithms must be a non-empty subset of ${ALGORITHMS.join(", ")}`);
  }
  return Object.freeze([...(value)]);
}

function cacheEntriesOf(cache: VerifierOptions["cache"]): number {
  const value: unknown = cache;
  if (value === false) return 0;
  if (value !== undefined && (typeof value !== "object" || value === null)) throw new TypeError("cache must be false or an object");
  return positiveInteger("cache.maxEntries", cache === undefined || cache === false ? undefined : cache.maxEntries, DEFAULT_CACHE_ENTRIES);
}

function requiredOf(value: unknown): readonly string[] {
  if (value === undefined) return DEFAULT_REQUIRED_CLAIMS;
  if (!Array.isArray(value) || !value.every((c) => typeof c === "string")) throw new TypeError("requiredClaims must be an array of strings");
  return Object.freeze([...(value)]);
}

function audienceList(audience: unknown): readonly string[] | null {
  if (audience === null) return null;
  const list: unknown[] = Array.isArray(audience) ? audience : [audience];
  if (list.length === 0 || !list.every((a) => typeof a === "string" && a.length > 0)) {
    throw new TypeError("audience must be a non-empty string or a non-empty array of them");
  }
  return Object.freeze(list as string[]);
}

/** Throws TypeError on any invalid option. */
export function resolveOptions(options: VerifierOptions): ResolvedOptions {
  if (typeof options !== "object") throw new TypeError("options are required");
  const { issuer, audience, keys, typ, clockTolerance, clock, revocation } = options;
  if (typeof issuer !== "string" || issuer.length === 0) throw new TypeError("issuer must be a non-empty string");
  const audiences = audienceList(audience);
  if (typeof keys !== "object" || typeof keys.resolve !== "function") throw new TypeError("keys must be a KeyResolver");
  if (typ !== undefined && typ !== null && (typeof typ !== "string" || typ.length === 0)) throw new TypeError("typ must be a string or null");
  const tolerance = clockTolerance ?? DEFAULT_CLOCK_TOLERANCE;
  if (typeof tolerance !== "number" || !Number.isFinite(tolerance) || tolerance < 0) throw new TypeError("clockTolerance must be >= 0 seconds");
  if (clock !== undefined && typeof clock !== "function") throw new TypeError("clock must be a function");
  if (revocation !== undefined && typeof revocation.isRevoked !== "function") throw new TypeError("revocation must have isRevoked()");
  return {
    issuer,
    audience: audiences,
    keys,
    algorithms: algorithmsOf(options.algorithms),
    typ: typ === null ? null : normalizeTyp(typ ?? ACCESS_TOKEN_TYPE),
    tolerance,
    maxTokenBytes: positiveInteger("maxTokenBytes", options.maxTokenBytes, DEFAULT_MAX_TOKEN_BYTES),
    clock: clock ?? Date.now,
    revocation,
    cacheEntries: cacheEntriesOf(options.cache),
    required: requiredOf(options.requiredClaims),
    maxLifetime: options.maxTokenLifetime === undefined ? null : positiveInteger("maxTokenLifetime", options.maxTokenLifetime, 1),
  };
}
