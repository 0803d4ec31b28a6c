// Login throttling in this process's memory: per account name and per client address. Each instance
// counts on its own, so N instances behind a balancer allow N times the attempts (documented in README).
//
// An attempt counts from the moment it STARTS: attempts whose outcome is not known yet (the scrypt
// comparison is still running) count against the limit like failures, so a parallel burst gets exactly
// `maxAttempts` comparisons and no more. A failure stays counted for the window; a success frees its
// slot and clears the account's failures.
//
// Hand-written rather than rate-limiter-flexible (which also counts at the start of an attempt): its
// in-memory store keeps one timer per key and has no bound on the number of keys, and this throttle's
// memory bound on tracked keys is part of the contract (tested). What is needed on top of a counter,
// refunding a pending attempt that succeeded or was never judged, would be as much code again.

/** One limit: at most `maxAttempts` failed or pending attempts per key within `windowMs` from the first failure. */
export interface ThrottleLimit {
  readonly maxAttempts: number;
  readonly windowMs: number;
  /** Memory bound: past it the least recently used key is forgotten. */
  readonly maxEntries: number;
}

export interface ThrottleOptions {
  readonly account: ThrottleLimit;
  readonly address: ThrottleLimit;
}

/** 5 attempts per username (or client id) and 20 per address, each per 5 minutes. */
export const DEFAULT_THROTTLE: ThrottleOptions = {
  account: { maxAttempts: 5, windowMs: 5 * 60_000, maxEntries: 10_000 },
  address: { maxAttempts: 20, windowMs: 5 * 60_000, maxEntries: 10_000 },
};

/** Retry-After while a key is full only because of pending attempts: they settle within a second or so. */
const PENDING_WAIT_MS = 1000;

interface Entry {
  failures: number;
  /** When the first failure of the current window happened (meaningless while failures is 0). */
  since: number;
  /** Attempts started and not settled yet. */
  pending: number;
}

class AttemptCounter {
  // A Map iterates in insertion order; re-inserting on every use keeps the stalest key first.
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly limit: ThrottleLimit,
    private readonly clock: () => number,
  ) {}

  /** Milliseconds until `key` may try again; 0 when it may try now. */
  blockedFor(key: string): number {
    const entry = this.live(key);
    if (entry === undefined || entry.failures + entry.pending < this.limit.maxAttempts) return 0;
    if (entry.failures < this.limit.maxAttempts) return PENDING_WAIT_MS;
    return entry.since + this.limit.windowMs - this.clock();
  }

  start(key: string): void {
    const entry = this.live(key) ?? { failures: 0, since: 0, pending: 0 };
    entry.pending += 1;
    this.touch(key, entry);
  }

  /** Settles a pending attempt as a failure; returns the milliseconds of a lockout it just engaged, else 0. */
  fail(key: string): number {
    const entry = this.live(key) ?? { failures: 0, since: 0, pending: 1 };
    entry.pending = Math.max(0, entry.pending - 1);
    if (entry.failures === 0) entry.since = this.clock();
    entry.failures += 1;
    this.touch(key, entry);
    return entry.failures === this.limit.maxAttempts ? entry.since + this.limit.windowMs - this.clock() : 0;
  }

  /** Settles a pending attempt without counting it; with `clear`, also forgets the key's failures. */
  release(key: string, clear: boolean): void {
    const entry = this.live(key);
    if (entry === undefined) return;
    entry.pending = Math.max(0, entry.pending - 1);
    if (clear) entry.failures = 0;
    if (entry.failures === 0 && entry.pending === 0) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private touch(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.limit.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }

  /** The entry with its window applied: failures older than the window are forgotten. */
  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined || entry.failures === 0 || this.clock() - entry.since < this.limit.windowMs) return entry;
    entry.failures = 0;
    if (entry.pending > 0) return entry;
    this.entries.delete(key);
    return undefined;
  }
}

/**
 * A throttle that engaged: which key, and whole seconds until its window ends.
 *
 * @example
 * for (const { key, retryAfter } of attempt.failed()) logger.warn({ lockout: key, retryAfter }, "login locked out");
 */
export interface Lockout {
  readonly key: "account" | "address";
  readonly retryAfter: number;
}

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/**
 * One started attempt, from {@link LoginThrottle.begin}. Settle it exactly once (a second call is a
 * TypeError): `succeeded` when the secret was right, `failed` when it was wrong, `abandoned` when it was
 * never judged.
 *
 * @example
 * const attempt = throttle.begin("client:reporting-job", address);
 * if (typeof attempt !== "number") {
 *   try { (await check()) ? attempt.succeeded() : attempt.failed(); } catch (e) { attempt.abandoned(); throw e; }
 * }
 */
export class LoginAttempt {
  #settled = false;

  constructor(
    private readonly counters: { readonly account: AttemptCounter; readonly address: AttemptCounter },
    private readonly account: string,
    private readonly address: string,
  ) {}

  /** The secret was right: frees both slots and clears the account's failures (the address keeps its count:
   *  one good password must not unlock guessing at other accounts from the same address). */
  succeeded(): void {
    this.settle();
    this.counters.account.release(this.account, true);
    this.counters.address.release(this.address, false);
  }

  /** The secret was wrong: counted for the window. Returns the lockouts this failure engaged. */
  failed(): Lockout[] {
    this.settle();
    const lockouts: Lockout[] = [];
    const account = this.counters.account.fail(this.account);
    if (account > 0) lockouts.push({ key: "account", retryAfter: seconds(account) });
    const address = this.counters.address.fail(this.address);
    if (address > 0) lockouts.push({ key: "address", retryAfter: seconds(address) });
    return lockouts;
  }

  /** The attempt was not judged (e.g. the issuer was saturated): it stops counting. */
  abandoned(): void {
    this.settle();
    this.counters.account.release(this.account, false);
    this.counters.address.release(this.address, false);
  }

  private settle(): void {
    if (this.#settled) throw new TypeError("a login attempt is settled once");
    this.#settled = true;
  }
}

/**
 * Counts login attempts per account and per address. `begin` before the (expensive) secret comparison:
 * a blocked caller costs nothing, and an admitted one counts until its attempt is settled.
 *
 * @example
 * const throttle = new LoginThrottle(DEFAULT_THROTTLE, Date.now);
 * const attempt = throttle.begin("user:alice", req.ip);
 * if (typeof attempt === "number") throw throttled(attempt); // seconds to wait, nothing was counted
 * if (await checkSecret(password, hash)) attempt.succeeded(); else attempt.failed();
 */
export class LoginThrottle {
  private readonly account: AttemptCounter;
  private readonly address: AttemptCounter;

  constructor(options: ThrottleOptions, clock: () => number) {
    this.account = new AttemptCounter(options.account, clock);
    this.address = new AttemptCounter(options.address, clock);
  }

  /** Whole seconds to wait (for `Retry-After`), 0 when neither the account nor the address is full. */
  retryAfter(account: string, address: string): number {
    const ms = Math.max(this.account.blockedFor(account), this.address.blockedFor(address));
    return ms > 0 ? seconds(ms) : 0;
  }

  /** Starts an attempt, or returns the whole seconds to wait when the account or the address is full. */
  begin(account: string, address: string): LoginAttempt | number {
    const wait = this.retryAfter(account, address);
    if (wait > 0) return wait;
    this.account.start(account);
    this.address.start(address);
    return new LoginAttempt({ account: this.account, address: this.address }, account, address);
  }

  /** Tracked keys, for tests of the memory bound. */
  get size(): { account: number; address: number } {
    return { account: this.account.size, address: this.address.size };
  }
}
