// The issuer's side of revocation against a real redis-server (AOF, appendfsync always, as the
// contract requires): writes per second, what one entry costs Redis, and a replica's full load.
import { createRevocationReplica, createRevocationStore, type Revocation, type RevocationReplica } from "@org/revocation";
import type { RunningRedis } from "@org/testkit";
import { performance } from "node:perf_hooks";
import { settledHeap } from "../../harness/heap.js";
import { QUIET_LOGGER, connected, fill, id } from "../../harness/revocation.js";
import { formatNumber, markdownTable } from "../../report/format.js";

/** Per scope: write rate and bytes per entry in the stream, in used_memory and in the AOF. */
export interface StoreFigures {
  readonly table: string;
  readonly fullLoadMs: number;
  readonly replicaHeapPerEntry: number;
  readonly entries: number;
}

const SCOPES: readonly (readonly [string, (i: number) => Revocation])[] = [
  ["user (sub of 12 characters)", (i) => ({ scope: "user", sub: id("user-", i, 12) })],
  ["token (jti of 22 characters)", (i) => ({ scope: "token", jti: id("j", i, 22) })],
];

async function info(redis: RunningRedis, section: string, field: string): Promise<number> {
  const text = String(await redis.command("INFO", section));
  return Number(new RegExp(`${field}:(\\d+)`).exec(text)?.[1]);
}

/** A replica's full load of the user stream, and the heap it holds per entry. */
async function fullLoad(redis: RunningRedis, entries: number): Promise<{ ms: number; heapPerEntry: number }> {
  // The heap with the loaded replica minus the heap once it is closed and dropped (buffers freed
  // after the earlier writes would skew a before/after difference).
  const loaded = await (async () => {
    const loader: RevocationReplica = createRevocationReplica({ url: redis.url, prefix: "bench:user:", maxAccessLifetimeSeconds: 300, logger: QUIET_LOGGER });
    const start = performance.now();
    await loader.start();
    const ms = performance.now() - start;
    const probe = { claims: { sub: id("user-", entries - 1, 12), client_id: "demo-cli", jti: "j", rev: 0 }, kid: "k" };
    if (!loader.checker.isRevoked(probe)) throw new Error("the loaded replica misses the last entry");
    const heapWith = await settledHeap();
    await loader.close();
    return { ms, heapWith };
  })();
  return { ms: loaded.ms, heapPerEntry: (loaded.heapWith - (await settledHeap())) / entries };
}

/**
 * Writes `entries` revocations per scope, 64 in flight, then fully loads a replica of one stream.
 *
 * @example
 * ```ts
 * const figures = await storeFigures(redis, 20_000);
 * ```
 */
export async function storeFigures(redis: RunningRedis, entries: number): Promise<StoreFigures> {
  {
    // Warm-up (JIT, AOF file, allocator), not measured.
    const warm = createRevocationStore({ url: redis.url, prefix: "bench:warm:", retentionSeconds: 86_405, logger: QUIET_LOGGER });
    await connected(warm);
    await fill(warm, Math.min(entries, 5_000), (i) => ({ scope: "token", jti: id("w", i, 22) }));
    await warm.close();
  }
  const rows: string[][] = [];
  for (const [name, make] of SCOPES) {
    const prefix = `bench:${name.split(" ")[0] ?? "x"}:`;
    const store = createRevocationStore({ url: redis.url, prefix, retentionSeconds: 86_405, logger: QUIET_LOGGER });
    await connected(store);
    const memoryBefore = await info(redis, "memory", "used_memory");
    const aofBefore = await info(redis, "persistence", "aof_current_size");
    const rate = await fill(store, entries, make);
    const memory = (await info(redis, "memory", "used_memory")) - memoryBefore;
    const aof = (await info(redis, "persistence", "aof_current_size")) - aofBefore;
    const usage = Number(await redis.command("MEMORY", "USAGE", `${prefix}log`, "SAMPLES", "0"));
    rows.push([name, formatNumber(entries), formatNumber(rate), formatNumber(usage / entries), formatNumber(memory / entries), formatNumber(aof / entries)]);
    await store.close();
  }
  const load = await fullLoad(redis, entries);
  const table = markdownTable(
    [
      { title: "scope" },
      { title: "entries", numeric: true },
      { title: "writes/s (64 in flight, fsync always)", numeric: true },
      { title: "stream bytes per entry (MEMORY USAGE)", numeric: true },
      { title: "used_memory per entry", numeric: true },
      { title: "AOF bytes per entry", numeric: true },
    ],
    rows,
  );
  return { table, fullLoadMs: load.ms, replicaHeapPerEntry: load.heapPerEntry, entries };
}
