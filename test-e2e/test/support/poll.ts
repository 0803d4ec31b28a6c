// How long the scenarios wait for something to happen by itself (a revocation reaching every
// service, a service noticing Redis is gone). The contract's bounds (1 s for a revocation, the
// staleness limit) are not asserted as times: a loaded two-core machine stretches everything, and
// a timing figure is measured and logged instead. These waits only keep a lost event from
// hanging the run.

/** For `expect.poll`: up to 20 s, looking every 50 ms. */
export const SETTLES = { timeout: 20_000, interval: 50 } as const;

/**
 * Milliseconds since `start` (a `performance.now()` value), rounded, for a logged figure.
 *
 * @example
 * ```ts
 * const start = performance.now();
 * await expect.poll(…).toEqual(…);
 * console.log(`revocation seen everywhere after ${elapsed(start)} ms`);
 * ```
 */
export function elapsed(start: number): number {
  return Math.round(performance.now() - start);
}
