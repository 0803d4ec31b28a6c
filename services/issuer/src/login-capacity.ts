// A global bound on password hashing. scrypt runs on libuv's thread pool, and without a bound any number
// of comparisons queue there: a burst from anywhere delays every other login by seconds. At most
// `concurrency` comparisons run at once, at most `queue` wait in order, and beyond that a login is
// refused at once with 503 (the issuer is saturated) instead of waiting behind the burst.
//
// Hand-written: a counter and a FIFO of waiters are a dozen lines, and p-limit / p-queue have no bound
// on their queue (they would need the same counting around them to refuse when it is full).
import { OAuthError } from "./errors.js";
import type { SecretCheck } from "./grants/context.js";

/**
 * How many comparisons run at once, and how many may wait for a turn.
 *
 * @example
 * const limits: CapacityLimits = { concurrency: 2, queue: 8 };
 */
export interface CapacityLimits {
  readonly concurrency: number;
  readonly queue: number;
}

/** Seconds a refused login is told to wait: a full queue drains in about five scrypt times. */
const SATURATED_RETRY_AFTER = 1;

function saturated(): OAuthError {
  return new OAuthError("temporarily_unavailable", "the issuer is busy with other logins; retry later", {
    headers: { "Retry-After": String(SATURATED_RETRY_AFTER) },
  });
}

/**
 * Wraps a secret check so that at most `concurrency` run at once and at most `queue` wait (first come,
 * first served). A check that finds the queue full rejects with 503 `temporarily_unavailable` and
 * `Retry-After: 1` without running. TypeError for limits that are not whole numbers (concurrency >= 1,
 * queue >= 0).
 *
 * @example
 * const capacity = new LoginCapacity({ concurrency: 4, queue: 16 }, verifySecret);
 * const ok = await capacity.check(password, user.password); // may throw OAuthError 503
 */
export class LoginCapacity {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    private readonly limits: CapacityLimits,
    private readonly inner: SecretCheck,
  ) {
    if (!Number.isSafeInteger(limits.concurrency) || limits.concurrency < 1) throw new TypeError("concurrency must be a whole number >= 1");
    if (!Number.isSafeInteger(limits.queue) || limits.queue < 0) throw new TypeError("queue must be a whole number >= 0");
  }

  /** The bounded check; same signature as the one it wraps. */
  readonly check: SecretCheck = async (secret, stored) => {
    await this.turn();
    try {
      return await this.inner(secret, stored);
    } finally {
      // Hand the slot straight to the next waiter, so a newcomer cannot overtake the queue.
      const next = this.#waiting.shift();
      if (next === undefined) this.#running -= 1;
      else next();
    }
  };

  /** Comparisons running and waiting now. */
  get load(): { running: number; waiting: number } {
    return { running: this.#running, waiting: this.#waiting.length };
  }

  private turn(): Promise<void> {
    if (this.#running < this.limits.concurrency) {
      this.#running += 1;
      return Promise.resolve();
    }
    if (this.#waiting.length >= this.limits.queue) return Promise.reject(saturated());
    return new Promise((resolve) => this.#waiting.push(resolve));
  }
}
