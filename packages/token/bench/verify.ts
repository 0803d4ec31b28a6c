// `pnpm --filter @org/token bench`: verifications per second of one realistic access token per
// algorithm, for @org/token (uncached and cached), jose, fast-jwt (with and without cache),
// jsonwebtoken and two node:crypto floors. Rounds are interleaved across cases so that a burst of
// load from elsewhere hits every case alike; the median round is reported.
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import type { Algorithm } from "../src/index.js";
import { casesFor, type BenchCase } from "./cases.js";

const ROUNDS = 7;
const ROUND_MS = 300;
const WARMUP_MS = 300;
const BATCH = 16;

async function timeRound(c: BenchCase, ms: number): Promise<number> {
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

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");
const ratio = (a: number, b: number | undefined): string => (b === undefined || b === 0 ? "" : `${(a / b).toFixed(2)}x`);

async function benchAlgorithm(alg: Algorithm): Promise<void> {
  const { token, cases } = await casesFor(alg);
  for (const c of cases) await timeRound(c, WARMUP_MS);
  const rates = new Map<BenchCase, number[]>(cases.map((c) => [c, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of cases) rates.get(c)?.push(await timeRound(c, ROUND_MS));
  }
  const rate = new Map(cases.map((c) => [c, median(rates.get(c) ?? [])]));
  // Spread of the rounds around the median: a large one means the machine was busy.
  const spread = (c: BenchCase): string => {
    const r = rates.get(c) ?? [];
    const m = rate.get(c) ?? 0;
    return m === 0 || r.length === 0 ? "" : `±${String(Math.round(((Math.max(...r) - Math.min(...r)) / 2 / m) * 100))}%`;
  };
  const byRole = (role: BenchCase["role"]): number | undefined => {
    const c = cases.find((x) => x.role === role);
    return c === undefined ? undefined : rate.get(c);
  };
  const floorPlus = byRole("floor+");
  const floor = byRole("floor");
  const fastCached = byRole("fast-jwt cached");
  console.log(`\n### ${alg} (token ${String(token.length)} bytes)\n`);
  console.log("| case | ops/s (median) | rounds spread | vs floor+ | vs floor | vs fast-jwt cached |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const c of cases) {
    const r = rate.get(c) ?? 0;
    const cachedRatio = c.role === "cached" || c.role === "fast-jwt cached" ? ratio(r, fastCached) : "";
    console.log(`| ${c.name} | ${fmt(r)} | ${spread(c)} | ${ratio(r, floorPlus)} | ${ratio(r, floor)} | ${cachedRatio} |`);
  }
}

const cpu = cpus();
console.log(`node ${process.version}, ${cpu[0]?.model ?? "unknown CPU"}, ${String(cpu.length)} cores, ` +
  `load average ${loadavg().map((l) => l.toFixed(2)).join(" ")} (1/5/15 min)`);
console.log(`median of ${String(ROUNDS)} rounds x ${String(ROUND_MS)} ms per case, after ${String(WARMUP_MS)} ms warm-up; ` +
  "async APIs awaited one call at a time");
const started = performance.now();
for (const alg of ["EdDSA", "ES256", "RS256", "HS256"] as const) await benchAlgorithm(alg);
console.log(`\nload average after: ${loadavg().map((l) => l.toFixed(2)).join(" ")}; took ${((performance.now() - started) / 1000).toFixed(0)} s`);
