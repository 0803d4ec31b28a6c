// `pnpm --filter @org/revocation bench:redis`: against a real redis-server (AOF, appendfsync always,
// started here on a free loopback port): Redis bytes per revocation, write throughput, a replica's
// full-load time and heap per entry, and propagation from `revoke()` resolved to the checker saying
// true, p50/p99 over 200 revocations.
import { startRedis } from "@org/testkit";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { createRevocationReplica, createRevocationStore, type Revocation, type RevocationReplica, type RevocationStore } from "../src/index.js";

const ENTRIES = 100_000;
const IN_FLIGHT = 64;
const PROPAGATIONS = 200;
const LOGGER = {
  info: () => undefined,
  warn: () => undefined,
  error: (f: Record<string, unknown>, m: string) => {
    console.error(m, f);
  },
};

const exposedGc = (globalThis as { gc?: () => void }).gc;
if (exposedGc === undefined) throw new Error("run with node --expose-gc (pnpm bench:redis does)");
const collect = exposedGc;
/** Full collections until the heap stops shrinking, so that a difference of two readings means something. */
async function settledHeap(): Promise<number> {
  let last = Infinity;
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    collect();
    const used = process.memoryUsage().heapUsed;
    if (used >= last - 64 * 1024) return used;
    last = used;
  }
  return last;
}
const id = (kind: string, i: number, length: number) => `${kind}${i.toString(36).padStart(length - kind.length, "0")}`;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function connected(store: RevocationStore): Promise<void> {
  for (;;) {
    try {
      await store.currentSeq();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Writes `count` revocations, IN_FLIGHT at a time; returns writes per second. */
async function fill(store: RevocationStore, count: number, make: (i: number) => Revocation): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) await store.revoke(make(next++));
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return (count * 1000) / (performance.now() - started);
}

const redis = await startRedis({ aof: true });
const usedMemory = async () => Number(/used_memory:(\d+)/.exec(String(await redis.command("INFO", "memory")))?.[1]);
const aofSize = async () => Number(/aof_current_size:(\d+)/.exec(String(await redis.command("INFO", "persistence")))?.[1]);
try {
  const cpu = cpus();
  console.log(`node ${process.version}, ${cpu[0]?.model ?? "unknown CPU"}, ${String(cpu.length)} cores, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  console.log(`redis-server with AOF, appendfsync always; ${String(IN_FLIGHT)} writes in flight\n`);
  {
    // Warm-up (JIT, AOF file, allocator), not measured.
    const warm = createRevocationStore({ url: redis.url, prefix: "bench:warm:", retentionSeconds: 86_405, logger: LOGGER });
    await connected(warm);
    await fill(warm, 10_000, (i) => ({ scope: "token", jti: id("w", i, 22) }));
    await warm.close();
  }
  console.log("| scope | entries | writes/s | stream bytes per entry (MEMORY USAGE) | used_memory delta per entry | AOF bytes per entry |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
  const scopes: readonly (readonly [string, (i: number) => Revocation])[] = [
    ["user (sub of 12 chars)", (i) => ({ scope: "user", sub: id("user-", i, 12) })],
    ["token (jti of 22 chars)", (i) => ({ scope: "token", jti: id("j", i, 22) })],
  ];
  for (const [name, make] of scopes) {
    const prefix = `bench:${name.split(" ")[0] ?? "x"}:`;
    const store = createRevocationStore({ url: redis.url, prefix, retentionSeconds: 86_405, logger: LOGGER });
    await connected(store);
    const before = await usedMemory();
    const aofBefore = await aofSize();
    const rate = await fill(store, ENTRIES, make);
    const delta = (await usedMemory()) - before;
    const aof = (await aofSize()) - aofBefore;
    const usage = Number(await redis.command("MEMORY", "USAGE", `${prefix}log`, "SAMPLES", "0"));
    console.log(`| ${name} | ${ENTRIES.toLocaleString("en-US")} | ${rate.toFixed(0)} | ${(usage / ENTRIES).toFixed(1)} | ${(delta / ENTRIES).toFixed(1)} | ${(aof / ENTRIES).toFixed(0)} |`);
    await store.close();
  }

  // A replica's full load of the user stream, and the heap it holds per entry: the heap with the
  // loaded replica minus the heap once it is closed and dropped (buffers freed after the earlier
  // phases would skew a before/after difference).
  const loaded = await (async () => {
    const loader: RevocationReplica = createRevocationReplica({ url: redis.url, prefix: "bench:user:", maxAccessLifetimeSeconds: 300, logger: LOGGER });
    const loadStart = performance.now();
    await loader.start();
    const ms = performance.now() - loadStart;
    const probe = { claims: { sub: id("user-", ENTRIES - 1, 12), client_id: "demo-cli", jti: "j", rev: 0 }, kid: "k" };
    if (!loader.checker.isRevoked(probe)) throw new Error("the loaded replica misses the last entry");
    const heapWith = await settledHeap();
    await loader.close();
    return { ms, heapWith };
  })();
  // The replica is out of scope now: what it held can be collected.
  const heapPerEntry = (loaded.heapWith - (await settledHeap())) / ENTRIES;
  const loadMs = loaded.ms;
  console.log(`\nfull load of ${ENTRIES.toLocaleString("en-US")} entries (XRANGE COUNT 1000 pages): ${loadMs.toFixed(0)} ms; replica heap ${heapPerEntry.toFixed(0)} bytes per entry`);

  // Propagation: revoke() resolved -> the checker says true, one revocation at a time.
  const prefix = "bench:propagation:";
  const store = createRevocationStore({ url: redis.url, prefix, retentionSeconds: 86_405, logger: LOGGER });
  const replica = createRevocationReplica({ url: redis.url, prefix, maxAccessLifetimeSeconds: 300, logger: LOGGER });
  await replica.start();
  await connected(store);
  const writes: number[] = [];
  const propagations: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < PROPAGATIONS; i++) {
    const sub = id("p-", i, 10);
    const token = { claims: { sub, client_id: "demo-cli", jti: id("j", i, 22), rev: 0 }, kid: "k" };
    const t0 = performance.now();
    await store.revoke({ scope: "user", sub });
    const t1 = performance.now();
    while (!replica.checker.isRevoked(token)) await new Promise((resolve) => setImmediate(resolve));
    const t2 = performance.now();
    writes.push(t1 - t0);
    propagations.push(t2 - t1);
    ends.push(t2 - t0);
  }
  writes.sort((a, b) => a - b);
  propagations.sort((a, b) => a - b);
  ends.sort((a, b) => a - b);
  const row = (name: string, v: readonly number[]) =>
    `| ${name} | ${percentile(v, 50).toFixed(2)} | ${percentile(v, 99).toFixed(2)} | ${(v.at(-1) ?? NaN).toFixed(2)} |`;
  console.log(`\n${String(PROPAGATIONS)} revocations, one at a time (ms):\n`);
  console.log("| step | p50 | p99 | max |");
  console.log("| --- | ---: | ---: | ---: |");
  console.log(row("revoke() until acknowledged (INCR+XADD, fsync)", writes));
  console.log(row("acknowledged -> checker true", propagations));
  console.log(row("revoke() called -> checker true", ends));
  await replica.close();
  await store.close();
} finally {
  await redis.stop();
}
