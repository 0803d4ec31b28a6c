// A revocation state of a given size, the way a replica holds one: a mix of entries (user
// logouts, single tokens, grants, "revoke this app", clients), and subjects to check against it
// (a quarter of them revoked). Shared by the scale section and the memory section's cap.
import { RevocationState, type RevocationEntry, type RevocationSubject } from "@org/revocation";
import { performance } from "node:perf_hooks";
import { settledHeap } from "../../harness/heap.js";
import { id } from "../../harness/revocation.js";

/** The fixed "now" of every state built here. */
export const NOW = Date.UTC(2026, 0, 1);
/** Subjects checked in turn (a power of two: the loop masks its counter). */
export const SUBJECTS = 4_096;

/**
 * Entry `i` of the mix: 4 in 10 user logouts, 3 single tokens, 2 grants, 1 client or user_client.
 *
 * @example
 * ```ts
 * entryAt(0).scope; // "user"
 * ```
 */
export function entryAt(i: number): RevocationEntry {
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

/**
 * The subjects checked against a state of `size` entries: every fourth is a revoked user.
 *
 * @example
 * ```ts
 * subjects(1000).length; // 4096
 * ```
 */
export function subjects(size: number): RevocationSubject[] {
  return Array.from({ length: SUBJECTS }, (_, k) => {
    const i = k % 4 === 0 ? (k * 40) % size : size + k;
    return { sub: id("user-", i - (i % 10), 12), client_id: "demo-cli", jti: id("j", size + k, 22), sid: id("s", size + k, 16), rev: 0 };
  });
}

/**
 * A state of `size` entries (room for `maxEntries`), and the heap it took per entry (the strings of
 * its keys included). Needs --expose-gc.
 *
 * @example
 * ```ts
 * const { state, heapPerEntry } = await measuredState(100_000);
 * ```
 */
export async function measuredState(size: number, maxEntries = 2_000_000): Promise<{ state: RevocationState; heapPerEntry: number }> {
  const before = await settledHeap();
  const state = new RevocationState({ lifetimeMs: 300_000, toleranceMs: 5_000, clock: () => NOW, maxEntries });
  for (let i = 0; i < size; i++) state.apply(entryAt(i), NOW);
  const after = await settledHeap();
  if (state.size !== size) throw new Error(`expected ${String(size)} entries, got ${String(state.size)}`);
  return { state, heapPerEntry: (after - before) / size };
}

/** One timed round: `perRound` operations, answered in ns per operation. */
export type TimedRound = (perRound: number) => number;

/**
 * A round of `isRevoked` checks against `state`, cycling over `checks`. Throws when the share of
 * revoked answers is not the quarter the subjects were built with (the lookups would be wrong).
 *
 * @example
 * ```ts
 * const round = lookupRound(state, subjects(size));
 * round(1_000_000); // ns per check
 * ```
 */
export function lookupRound(state: RevocationState, checks: readonly RevocationSubject[]): TimedRound {
  return (perRound) => {
    let revoked = 0;
    const start = performance.now();
    for (let n = 0; n < perRound; n++) {
      const subject = checks[n & (SUBJECTS - 1)];
      if (subject !== undefined && state.isRevoked(subject, "kid-1", NOW)) revoked++;
    }
    const ns = ((performance.now() - start) * 1e6) / perRound;
    if (perRound >= SUBJECTS && Math.abs(revoked / perRound - 0.25) > 0.01) throw new Error(`${String(revoked)} of ${String(perRound)} checks said revoked`);
    return ns;
  };
}

/**
 * The floor: a round of bare `Map.has` on a Map as large as the state, with keys of the same shape,
 * so growth from CPU cache misses can be told apart from growth of the algorithm.
 *
 * @example
 * ```ts
 * mapHasRound(1_000_000)(1_000_000); // ns per Map.has
 * ```
 */
export function mapHasRound(size: number): TimedRound {
  const map = new Map<string, number>();
  for (let i = 0; i < size; i++) map.set(id("j", i, 22), i);
  const keys = Array.from({ length: SUBJECTS }, (_, k) => id("j", (k * 7919) % (2 * size), 22));
  return (perRound) => {
    let hits = 0;
    const start = performance.now();
    for (let n = 0; n < perRound; n++) if (map.has(keys[n & (SUBJECTS - 1)] ?? "")) hits++;
    const ns = ((performance.now() - start) * 1e6) / perRound;
    if (hits < 0) throw new Error("unreachable"); // keeps the loop from being optimised away
    return ns;
  };
}
