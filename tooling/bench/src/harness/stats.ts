// Summaries of repeated measurements: medians with their spread, and percentiles of samples.
// Pure functions, so the report's arithmetic is tested on its own.

/** A figure measured over several rounds: the median round and how far the others strayed. */
export interface Summary {
  readonly median: number;
  /** Half the range of the rounds, as a fraction of the median (0.05 = ±5 %). */
  readonly spread: number;
  readonly rounds: number;
}

/**
 * The median of `values` (the upper one of the two middle values for an even count).
 *
 * @example
 * ```ts
 * median([3, 1, 2]); // 2
 * ```
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * The `p`th percentile (0..100) of `values`, nearest rank.
 *
 * @example
 * ```ts
 * percentile([1, 2, 3, 4], 50); // 3
 * ```
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return percentileOfSorted(sorted, p);
}

/**
 * {@link percentile} of values already sorted ascending (no copy: for large sample arrays).
 *
 * @example
 * ```ts
 * percentileOfSorted([1, 2, 3, 4], 99); // 4
 * ```
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length));
  return sorted[index] ?? Number.NaN;
}

/**
 * The median of per-round figures and their spread.
 *
 * @example
 * ```ts
 * summarize([90, 100, 110]); // { median: 100, spread: 0.1, rounds: 3 }
 * ```
 */
export function summarize(rounds: readonly number[]): Summary {
  const m = median(rounds);
  const spread = rounds.length === 0 || m === 0 ? 0 : (Math.max(...rounds) - Math.min(...rounds)) / 2 / Math.abs(m);
  return { median: m, spread, rounds: rounds.length };
}

/**
 * `a / b`, or NaN when `b` is 0 or not a number (a ratio that cannot be formed is shown as such).
 *
 * @example
 * ```ts
 * ratio(95, 100); // 0.95
 * ```
 */
export function ratio(a: number, b: number): number {
  return Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : Number.NaN;
}
