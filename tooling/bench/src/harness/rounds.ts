// Rounds interleaved across cases: round r runs every case once, starting at a different case each
// round, so a burst of load from elsewhere on the machine hits every case alike and no case always
// runs first (on a colder or warmer process).
import { performance } from "node:perf_hooks";

/**
 * Runs `rounds` rounds of `measure` over `cases`, interleaved, and returns each case's figures in
 * round order. Calls run one at a time: never two measurements at once.
 *
 * @example
 * ```ts
 * const perCase = await interleave(cases, 5, (c) => timeRate(c, 250));
 * perCase[0]; // five figures of the first case
 * ```
 */
export async function interleave<C, R>(cases: readonly C[], rounds: number, measure: (c: C, round: number) => Promise<R>): Promise<R[][]> {
  if (!Number.isInteger(rounds) || rounds < 1) throw new TypeError("rounds must be a positive integer");
  const results: R[][] = cases.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < cases.length; k++) {
      const index = (k + round) % cases.length;
      const c = cases[index];
      if (c !== undefined) results[index]?.push(await measure(c, round));
    }
  }
  return results;
}

/** A case timed by throughput: called (sync) or awaited (async) as often as fits in a round. */
export interface RateCase {
  readonly name: string;
  /** Sync cases are called; async ones awaited, one at a time, as a request handler would. */
  readonly run: (() => unknown) | (() => Promise<unknown>);
  readonly async: boolean;
}

// Calls per clock reading: keeps performance.now() out of the figure for sub-µs cases.
const BATCH = 16;

/**
 * Operations per second of `c` over about `ms` milliseconds.
 *
 * @example
 * ```ts
 * const opsPerSecond = await timeRate({ name: "noop", run: () => 1, async: false }, 100);
 * ```
 */
export async function timeRate(c: RateCase, ms: number): Promise<number> {
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    if (c.async) {
      for (let i = 0; i < BATCH; i++) await c.run();
    } else {
      for (let i = 0; i < BATCH; i++) c.run();
    }
    n += BATCH;
    elapsed = performance.now() - start;
  }
  return (n * 1000) / elapsed;
}

/** Rounds and their length for throughput cases. */
export interface RateSettings {
  readonly rounds: number;
  readonly roundMs: number;
  readonly warmupMs: number;
}

/**
 * Warms every case up, then times them in interleaved rounds: ops/s of each round, per case.
 *
 * @example
 * ```ts
 * const rates = await interleavedRates(cases, { rounds: 5, roundMs: 250, warmupMs: 150 });
 * ```
 */
export async function interleavedRates(cases: readonly RateCase[], settings: RateSettings): Promise<number[][]> {
  for (const c of cases) await timeRate(c, settings.warmupMs);
  return interleave(cases, settings.rounds, (c) => timeRate(c, settings.roundMs));
}
