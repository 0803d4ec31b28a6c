// Per-operation latency and CPU: each operation timed on its own, awaited one at a time (one
// request after the other), with this process's CPU (process.cpuUsage) and, when given, another
// process's CPU (a redis-server) over the round.
import { performance } from "node:perf_hooks";
import { cpuMicrosOf } from "./process.js";
import { interleave } from "./rounds.js";
import { percentileOfSorted, summarize, type Summary } from "./stats.js";

/** A case timed per operation. */
export interface LatencyCase {
  readonly name: string;
  readonly op: () => Promise<unknown>;
  /** The project's own code (drawn in the accent colour). */
  readonly ours?: boolean;
}

/** One round of one case. */
export interface LatencyRound {
  readonly p50: number;
  readonly p99: number;
  /** This process's CPU per operation, µs. */
  readonly cpu: number;
  /** The other process's CPU over the round, µs (NaN without one). */
  readonly otherCpu: number;
  readonly ops: number;
}

/** A case's rounds, summarised. */
export interface LatencySummary {
  readonly p50: Summary;
  readonly p99: Summary;
  readonly cpu: Summary;
  /** The other process's CPU per operation over all rounds, µs: its clock ticks are too coarse for one round. */
  readonly otherCpu: number;
}

/**
 * Times `ops` operations of `c` one after the other; latencies in µs.
 *
 * @example
 * ```ts
 * const round = await latencyRound(c, 2000, redis.pid);
 * ```
 */
export async function latencyRound(c: LatencyCase, ops: number, otherPid?: number): Promise<LatencyRound> {
  const samples = new Float64Array(ops);
  const otherBefore = otherPid === undefined ? Number.NaN : cpuMicrosOf(otherPid);
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < ops; i++) {
    const start = performance.now();
    await c.op();
    samples[i] = (performance.now() - start) * 1000;
  }
  const cpu = process.cpuUsage(cpuBefore);
  const otherCpu = otherPid === undefined ? Number.NaN : cpuMicrosOf(otherPid) - otherBefore;
  samples.sort();
  return { p50: percentileOfSorted(samples, 50), p99: percentileOfSorted(samples, 99), cpu: (cpu.user + cpu.system) / ops, otherCpu, ops };
}

/**
 * Warms each case up with `warmup` operations, then runs interleaved rounds of `ops` operations.
 *
 * @example
 * ```ts
 * const summaries = await interleavedLatencies(cases, { rounds: 5, ops: 2000, warmup: 500 }, redis.pid);
 * ```
 */
export async function interleavedLatencies(
  cases: readonly LatencyCase[],
  settings: { readonly rounds: number; readonly ops: number; readonly warmup: number },
  otherPid?: number,
): Promise<LatencySummary[]> {
  for (const c of cases) await latencyRound(c, settings.warmup);
  const perCase = await interleave(cases, settings.rounds, (c) => latencyRound(c, settings.ops, otherPid));
  return perCase.map((rounds) => {
    const ops = rounds.reduce((sum, r) => sum + r.ops, 0);
    return {
      p50: summarize(rounds.map((r) => r.p50)),
      p99: summarize(rounds.map((r) => r.p99)),
      cpu: summarize(rounds.map((r) => r.cpu)),
      otherCpu: rounds.reduce((sum, r) => sum + r.otherCpu, 0) / ops,
    };
  });
}
