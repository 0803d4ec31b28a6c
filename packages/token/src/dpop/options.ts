// Validates the options of verifyDpopProof on every call: they carry the request (htm, htu, the
// access token), so there is no creation step to do it once. Bad options are the caller's bug (TypeError).
import { normalizeHtu } from "./htu.js";
import { DPOP_ALGORITHMS, isDpopAlgorithm, type DpopAlgorithm } from "./jwk.js";
import { DpopReplayCache } from "./replay.js";
import { accessTokenDigest, isMethod, isNonce } from "./tokens.js";

/**
 * Options of `verifyDpopProof`.
 *
 * @example
 * ```ts
 * const options: VerifyDpopProofOptions = { htm: "GET", htu: "http://127.0.0.1:4001/me", accessToken, replay };
 * ```
 */
export interface VerifyDpopProofOptions {
  /** The request's method. */
  htm: string;
  /** The request's absolute URL as the client sees it (behind a proxy: the external one); query and fragment are ignored. */
  htu: string;
  /** This instance's memory of accepted proofs; required. */
  replay: DpopReplayCache;
  /** The access token sent with the proof: REQUIRED at a resource server (then `ath` must be its hash). */
  accessToken?: string;
  /** The nonce(s) this server currently accepts, when it demands one (RFC 9449 §8, §9). */
  nonce?: string | readonly string[];
  /** Default {@link DPOP_ALGORITHMS}; asymmetric only. */
  algorithms?: readonly DpopAlgorithm[];
  /** Seconds an `iat` may lie in the past; default 60. */
  maxAgeSeconds?: number;
  /** Seconds an `iat` may lie in the future; default 5. */
  clockTolerance?: number;
  /** Default 4096; checked before any decoding. */
  maxProofBytes?: number;
  /** Milliseconds since the epoch; default Date.now. */
  clock?: () => number;
}

/**
 * Default `maxAgeSeconds` of `verifyDpopProof`: how far in the past a proof's `iat` may lie. Short,
 * because it is also how long a proof captured on the way can be replayed at another replica.
 *
 * @example
 * ```ts
 * verifyDpopProof(proof, { htm, htu, replay, maxAgeSeconds: DEFAULT_DPOP_MAX_AGE / 2 });
 * ```
 */
export const DEFAULT_DPOP_MAX_AGE = 60;
/**
 * Default `clockTolerance` of `verifyDpopProof`: how far in the future a proof's `iat` may lie.
 *
 * @example
 * ```ts
 * verifyDpopProof(proof, { htm, htu, replay, clockTolerance: DEFAULT_DPOP_CLOCK_TOLERANCE });
 * ```
 */
export const DEFAULT_DPOP_CLOCK_TOLERANCE = 5;
/**
 * Default `maxProofBytes` of `verifyDpopProof`, checked before any decoding. Our proofs are about
 * 400 (EdDSA) to 500 (ES256, with `ath`) bytes.
 *
 * @example
 * ```ts
 * verifyDpopProof(proof, { htm, htu, replay, maxProofBytes: DEFAULT_MAX_PROOF_BYTES / 2 });
 * ```
 */
export const DEFAULT_MAX_PROOF_BYTES = 4096;

/** Options after validation and defaults. */
export interface ProofPolicy {
  readonly htm: string;
  /** Normal form of the expected htu. */
  readonly htu: string;
  readonly replay: DpopReplayCache;
  /** SHA-256 of the access token, or null when no `ath` is demanded. */
  readonly ath: Buffer | null;
  /** The accepted nonces as UTF-8 bytes, or null when none is demanded. */
  readonly nonces: readonly Buffer[] | null;
  readonly algorithms: readonly DpopAlgorithm[];
  readonly maxAge: number;
  readonly tolerance: number;
  readonly maxProofBytes: number;
  readonly clock: () => number;
}

function seconds(name: string, value: unknown, fallback: number, allowZero: boolean): number {
  const v = value ?? fallback;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || (v === 0 && !allowZero)) {
    throw new TypeError(`${name} must be a ${allowZero ? "non-negative" : "positive"} number of seconds`);
  }
  return v;
}

function algorithmsOf(value: unknown): readonly DpopAlgorithm[] {
  if (value === undefined) return DPOP_ALGORITHMS;
  if (!Array.isArray(value) || value.length === 0 || !value.every(isDpopAlgorithm)) {
    throw new TypeError(`algorithms must be a non-empty subset of ${DPOP_ALGORITHMS.join(", ")} (asymmetric only)`);
  }
  return value;
}

function noncesOf(value: unknown): readonly Buffer[] | null {
  if (value === undefined) return null;
  const list: unknown[] = typeof value === "string" ? [value] : Array.isArray(value) ? value : [];
  if (list.length === 0 || !list.every(isNonce)) throw new TypeError("nonce must be a nonce or a non-empty array of nonces (RFC 9449 §8.1)");
  return list.map((n) => Buffer.from(n, "utf8"));
}

function athOf(value: unknown): Buffer | null {
  if (value === undefined) return null;
  if (typeof value !== "string" || value.length === 0) throw new TypeError("accessToken must be a non-empty string");
  return accessTokenDigest(value);
}

/** Throws TypeError on any invalid option. */
export function resolveProofOptions(options: VerifyDpopProofOptions): ProofPolicy {
  if (typeof options !== "object") throw new TypeError("options are required");
  const { htm, replay, clock, maxProofBytes } = options;
  if (!isMethod(htm)) throw new TypeError("htm must be an HTTP method");
  const htu = typeof options.htu === "string" ? normalizeHtu(options.htu) : undefined;
  if (htu === undefined) throw new TypeError("htu must be an absolute http(s) URL without userinfo");
  if (!(replay instanceof DpopReplayCache)) throw new TypeError("replay must be a DpopReplayCache");
  if (clock !== undefined && typeof clock !== "function") throw new TypeError("clock must be a function");
  const maxBytes = maxProofBytes ?? DEFAULT_MAX_PROOF_BYTES;
  if (typeof maxBytes !== "number" || !Number.isSafeInteger(maxBytes) || maxBytes <= 0) throw new TypeError("maxProofBytes must be a positive integer");
  return {
    htm,
    htu,
    replay,
    ath: athOf(options.accessToken),
    nonces: noncesOf(options.nonce),
    algorithms: algorithmsOf(options.algorithms),
    maxAge: seconds("maxAgeSeconds", options.maxAgeSeconds, DEFAULT_DPOP_MAX_AGE, false),
    tolerance: seconds("clockTolerance", options.clockTolerance, DEFAULT_DPOP_CLOCK_TOLERANCE, true),
    maxProofBytes: maxBytes,
    clock: clock ?? Date.now,
  };
}
