// Login throttling in this process's memory: per account name and per client address. Each instance
// counts on its own, so N instances behind a balancer allow N times the attempts (documented in README).

/** One limit: at most `maxFailures` failures per key within `windowMs`, counted from the first failure. */
export interface ThrottleLimit {
  readonly maxFailures: number;
  readonly windowMs: number;
  /** Memory bound: past it the least recently failed key is forgotten. */
  readonly maxEntries: number;
}

export interface ThrottleOptions {
  readonly account: ThrottleLimit;
  readonly address: ThrottleLimit;
}

/** 5 failures per username (or client id) and 20 per address, each per 5 minutes. */
export const DEFAULT_THROTTLE: ThrottleOptions = {
  account: { maxFailures: 5, windowMs: 5 * 60_000, maxEntries: 10_000 },
  address: { maxFailures: 20, windowMs: 5 * 60_000, maxEntries: 10_000 },
};

interface Entry {
  count: number;
  readonly since: number;
}

class FailureCounter {
  // A Map iterates in insertion order; re-inserting on every failure keeps the stalest key first.
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly limit: ThrottleLimit,
    private readonly clock: () => number,
  ) {}

  /** Milliseconds until `key` may try again; 0 when it is not blocked. */
  blockedFor(key: string): number {
    const entry = this.live(key);
    if (entry === undefined || entry.count < this.limit.maxFailures) return 0;
    return entry.since + this.limit.windowMs - this.clock();
  }

  fail(key: string): void {
    const entry = this.live(key) ?? { count: 0, since: this.clock() };
    entry.count += 1;
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.limit.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry !== undefined && this.clock() - entry.since >= this.limit.windowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}

/**
 * Counts failed logins. Check before the (expensive) secret comparison so a blocked caller costs nothing.
 *
 * @example
 * const throttle = new LoginThrottle(DEFAULT_THROTTLE, Date.now);
 * const wait = throttle.retryAfter("user:alice", req.ip); // seconds, 0 = go ahead
 * if (!ok) throttle.failed("user:alice", req.ip); else throttle.succeeded("user:alice");
 */
export class LoginThrottle {
  private readonly account: FailureCounter;
  private readonly address: FailureCounter;

  constructor(options: ThrottleOptions, clock: () => number) {
    this.account = new FailureCounter(options.account, clock);
    this.address = new FailureCounter(options.address, clock);
  }

  /** Whole seconds to wait (for `Retry-After`), 0 when neither the account nor the address is blocked. */
  retryAfter(account: string | undefined, address: string): number {
    const accountMs = account === undefined ? 0 : this.account.blockedFor(account);
    const ms = Math.max(accountMs, this.address.blockedFor(address));
    return ms > 0 ? Math.max(1, Math.ceil(ms / 1000)) : 0;
  }

  failed(account: string | undefined, address: string): void {
    if (account !== undefined) this.account.fail(account);
    this.address.fail(address);
  }

  /** A correct secret clears the account's count; the address keeps its count (one good password must not
   *  unlock guessing at other accounts from the same address). */
  succeeded(account: string): void {
    this.account.reset(account);
  }

  /** Tracked keys, for tests of the memory bound. */
  get size(): { account: number; address: number } {
    return { account: this.account.size, address: this.address.size };
  }
}
