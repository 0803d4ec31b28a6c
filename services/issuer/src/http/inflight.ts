// A cap on the /token requests one client address may have in flight, successful or not: one address
// cannot take the whole login capacity, and a client that fires a burst is told to slow down (429)
// instead of queueing. The table holds only addresses with a request in flight, and is bounded too.
import { OAuthError } from "../errors.js";

/**
 * Bounds of {@link InflightLimit}.
 *
 * @example
 * const limits: InflightLimits = { perAddress: 2, maxAddresses: DEFAULT_MAX_ADDRESSES };
 */
export interface InflightLimits {
  /** Requests one address may have in flight. */
  readonly perAddress: number;
  /** Memory bound: addresses with a request in flight at once; past it, new addresses get 503. */
  readonly maxAddresses: number;
}

/**
 * Addresses tracked at once by default; more distinct callers in flight than this is saturation anyway.
 *
 * @example
 * new InflightLimit({ perAddress: 2, maxAddresses: DEFAULT_MAX_ADDRESSES });
 */
export const DEFAULT_MAX_ADDRESSES = 10_000;

/**
 * Counts requests in flight per address. `enter` before the work and call the returned `leave` when it
 * is done (calling it again is harmless). TypeError for limits that are not whole numbers >= 1.
 *
 * @example
 * const inflight = new InflightLimit({ perAddress: 4, maxAddresses: 10_000 });
 * const leave = inflight.enter(req.ip); // throws OAuthError 429 (or 503 when the table is full)
 * try { await grant(); } finally { leave(); }
 */
export class InflightLimit {
  readonly #counts = new Map<string, number>();

  constructor(private readonly limits: InflightLimits) {
    for (const [name, value] of Object.entries(limits)) {
      if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) throw new TypeError(`${name} must be a whole number >= 1`);
    }
  }

  enter(address: string): () => void {
    const count = this.#counts.get(address) ?? 0;
    if (count >= this.limits.perAddress) {
      throw new OAuthError("too_many_requests", "too many requests in flight from this address; retry later", {
        headers: { "Retry-After": "1" },
      });
    }
    if (count === 0 && this.#counts.size >= this.limits.maxAddresses) {
      throw new OAuthError("temporarily_unavailable", "the issuer is busy; retry later", { headers: { "Retry-After": "1" } });
    }
    this.#counts.set(address, count + 1);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const now = (this.#counts.get(address) ?? 1) - 1;
      if (now <= 0) this.#counts.delete(address);
      else this.#counts.set(address, now);
    };
  }

  /** Addresses with a request in flight, for tests of the memory bound. */
  get size(): number {
    return this.#counts.size;
  }
}
