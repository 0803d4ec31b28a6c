// `pnpm --filter @org/revocation bench:state [sizes…]`: nanoseconds per isRevoked() at 10^3..10^6
// entries and the heap each entry takes. A check is a fixed number of probes (at most 6 Map/Set
// lookups), whatever the size; the bare Map.has column shows what one probe costs on this machine
// at that size, so growth from CPU cache misses can be told apart from growth of the algorithm.
// Needs --expose-gc (the script sets it). Entries are a mix: user logouts, single tokens, grants,
// "revoke this app", clients. Checks cycle over 4 096 subjects, a quarter of them revoked.
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { RevocationState, type RevocationEntry, type RevocationSubject } from "../src/index.js";

const SIZES = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [1_000, 10_000, 100_000, 1_000_000];
const ROUNDS = 7;
const CHECKS_PER_ROUND = 1_000_000;
const SUBJECTS = 4_096;
const NOW = Date.UTC(2026, 0, 1);

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with node --expose-gc (pnpm bench:state does)");
const collect = gc;

// 22 characters, the size of a 128-bit base64url jti; 16 for a 96-bit sid.
const id = (kind: string, i: number, length: number) => `${kind}${i.toString(36).padStart(length - kind.length, "0")}`;

function entryAt(i: number): RevocationEntry {
  const base = { seq: i + 1, at: NOW, until: NOW + 86_400_000 };
  switch (i % 10) {
    case 0:
    case 1:
    case 2:
    case 3:
      return { ...base, scope: "user", sub: id("user-", i, 12) };
    case 4:
    case 5:
    case 6:
      return { ...base, scope: "token", jti: id("j", i, 22) };
    case 7:
    case 8:
      return { ...base, scope: "grant", sid: id("s", i, 16) };
    default:
      return i % 20 === 9
        ? { ...base, scope: "user_client", sub: id("user-", i, 12), client_id: "demo-web" }
        : { ...base, scope: "client", client_id: id("client-", i, 12) };
  }
}

function subjects(size: number): RevocationSubject[] {
  return Array.from({ length: SUBJECTS }, (_, k) => {
    // Every fourth subject is the user of a revoked entry; the others match nothing.
    const i = k % 4 === 0 ? (k * 40) % size : size + k;
    return { sub: id("user-", i - (i % 10), 12), client_id: "demo-cli", jti: id("j", size + k, 22), sid: id("s", size + k, 16), rev: 0 };
  });
}

function build(size: number): RevocationState {
  const state = new RevocationState({ lifetimeMs: 300_000, toleranceMs: 5_000, clock: () => NOW, maxEntries: 2_000_000 });
  for (let i = 0; i < size; i++) state.apply(entryAt(i), NOW);
  return state;
}

/** The state, and the heap it took per entry (strings of its keys included). */
function measuredBuild(size: number): { state: RevocationState; heapPerEntry: number } {
  collect();
  const before = process.memoryUsage().heapUsed;
  const state = build(size);
  collect();
  const after = process.memoryUsage().heapUsed;
  if (state.size !== size) throw new Error(`expected ${String(size)} entries, got ${String(state.size)}`);
  return { state, heapPerEntry: (after - before) / size };
}

/** The floor: one bare Map.has per check on a Map as large as the state, same key shapes. */
function nsPerMapHas(size: number): number {
  const map = new Map<string, number>();
  for (let i = 0; i < size; i++) map.set(id("j", i, 22), i);
  const keys = Array.from({ length: SUBJECTS }, (_, k) => id("j", (k * 7919) % (2 * size), 22));
  const rounds: number[] = [];
  let hits = 0;
  for (let r = 0; r < ROUNDS + 1; r++) {
    const start = performance.now();
    for (let n = 0; n < CHECKS_PER_ROUND; n++) if (map.has(keys[n & (SUBJECTS - 1)] ?? "")) hits++;
    if (r > 0) rounds.push(((performance.now() - start) * 1e6) / CHECKS_PER_ROUND);
  }
  if (hits < 0) console.log(hits); // keeps the loop from being optimised away
  rounds.sort((a, b) => a - b);
  return rounds[Math.floor(rounds.length / 2)] ?? NaN;
}

function nsPerCheck(state: RevocationState, checks: readonly RevocationSubject[]): { median: number; revoked: number } {
  const rounds: number[] = [];
  let revoked = 0;
  for (let r = 0; r < ROUNDS + 1; r++) {
    revoked = 0;
    const start = performance.now();
    for (let n = 0; n < CHECKS_PER_ROUND; n++) {
      const subject = checks[n & (SUBJECTS - 1)];
      if (subject !== undefined && state.isRevoked(subject, "kid-1", NOW)) revoked++;
    }
    const ns = ((performance.now() - start) * 1e6) / CHECKS_PER_ROUND;
    if (r > 0) rounds.push(ns); // the first round warms up
  }
  rounds.sort((a, b) => a - b);
  return { median: rounds[Math.floor(rounds.length / 2)] ?? NaN, revoked: revoked / CHECKS_PER_ROUND };
}

const cpu = cpus();
console.log(`node ${process.version}, ${cpu[0]?.model ?? "unknown CPU"}, ${String(cpu.length)} cores, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
console.log(`median of ${String(ROUNDS)} rounds x ${String(CHECKS_PER_ROUND)} checks; ${String(SUBJECTS)} subjects, 1 in 4 revoked\n`);
console.log("| entries | ns per isRevoked (median) | ns per bare Map.has, same size | share revoked | heap per entry (bytes) |");
console.log("| ---: | ---: | ---: | ---: | ---: |");
for (const size of SIZES) {
  const { state, heapPerEntry } = measuredBuild(size);
  const { median, revoked } = nsPerCheck(state, subjects(size));
  const floor = nsPerMapHas(size);
  console.log(`| ${size.toLocaleString("en-US")} | ${median.toFixed(1)} | ${floor.toFixed(1)} | ${(revoked * 100).toFixed(0)}% | ${heapPerEntry.toFixed(0)} |`);
}
