/**
 * When entries of the state may be forgotten: one bucket per second of expiry. Adding is O(1)
 * and a sweep touches only the buckets that came due, so no request ever pays for a scan of the
 * whole state. Chosen over a binary heap because an item costs two array slots instead of an
 * object, and expiry within a second of its time is precise enough (late, never early).
 */

interface Bucket {
  /** Which table of the state the key belongs to. */
  readonly tables: number[];
  readonly keys: string[];
}

/**
 * Items `(table, key)` filed by the second at which they come due.
 *
 * @example
 * ```ts
 * const expiry = new ExpiryBuckets();
 * expiry.add(Date.now() + 5_000, 1, "alice");
 * expiry.sweep(Date.now() + 6_000, (table, key) => { forget(table, key); });
 * ```
 */
export class ExpiryBuckets {
  readonly #buckets = new Map<number, Bucket>();
  /** The first second not swept yet; undefined before the first sweep. */
  #next: number | undefined;
  #items = 0;

  /** How many items wait (an item whose slot was extended stays until its own second). */
  get pending(): number {
    return this.#items;
  }

  /** Files `(table, key)` to come due at `expiresAtMs` (rounded up to the next whole second). */
  add(expiresAtMs: number, table: number, key: string): void {
    let second = Math.ceil(expiresAtMs / 1000);
    // Already due: the next sweep takes it.
    if (this.#next !== undefined && second < this.#next) second = this.#next;
    let bucket = this.#buckets.get(second);
    if (bucket === undefined) {
      bucket = { tables: [], keys: [] };
      this.#buckets.set(second, bucket);
    }
    bucket.tables.push(table);
    bucket.keys.push(key);
    this.#items++;
  }

  /**
   * Hands every item due at `nowMs` to `expire` and drops it. Cost: the due items plus the
   * smaller of the seconds elapsed since the last sweep and the number of buckets.
   */
  sweep(nowMs: number, expire: (table: number, key: string) => void): void {
    const due = Math.floor(nowMs / 1000);
    const next = this.#next;
    if (next === undefined || due - next >= this.#buckets.size) {
      // A first sweep, or a long pause (or a clock jump): walking the buckets is cheaper.
      for (const second of [...this.#buckets.keys()]) if (second <= due) this.#drain(second, expire);
    } else {
      for (let second = next; second <= due; second++) this.#drain(second, expire);
    }
    if (next === undefined || due + 1 > next) this.#next = due + 1;
  }

  #drain(second: number, expire: (table: number, key: string) => void): void {
    const bucket = this.#buckets.get(second);
    if (bucket === undefined) return;
    this.#buckets.delete(second);
    this.#items -= bucket.keys.length;
    for (let i = 0; i < bucket.keys.length; i++) {
      const table = bucket.tables[i];
      const key = bucket.keys[i];
      if (table !== undefined && key !== undefined) expire(table, key);
    }
  }
}
