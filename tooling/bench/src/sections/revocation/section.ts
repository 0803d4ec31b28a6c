// Section 4: revocation. Propagation (revoke() resolved → every replica refuses), Redis commands
// per verified request on the three services, and what a revocation costs the store.
import { startRedis } from "@org/testkit";
import { createSigner, exportPublicJwk, generateKey } from "@org/token";
import type { Section, SectionOutput } from "../../harness/section.js";
import { startLoadGenerator } from "../../load/generator.js";
import { formatBytes, formatNumber, markdownTable } from "../../report/format.js";
import { ISSUER, typicalInput } from "../verify/cases.js";
import { commandsPerRequest, type CommandCount } from "./commands.js";
import { propagation, spreadOf, type Propagation } from "./propagation.js";
import { storeFigures } from "./store.js";

function settings(quick: boolean): { revocations: number; loadMs: number; entries: number } {
  return quick ? { revocations: 50, loadMs: 1_000, entries: 2_000 } : { revocations: 200, loadMs: 3_000, entries: 20_000 };
}

function propagationTable(p: Propagation): string {
  const row = (name: string, values: readonly number[]): string[] => [name, ...spreadOf(values).map((v) => v.toFixed(2))];
  return markdownTable(
    [{ title: "step (ms)" }, { title: "p50", numeric: true }, { title: "p99", numeric: true }, { title: "max", numeric: true }],
    [
      row("revoke() until acknowledged (INCR + XADD, fsync)", p.acknowledged),
      row("acknowledged → all three replicas refuse", p.refused),
      row("revoke() called → all three replicas refuse", p.total),
    ],
  );
}

function commandsTable(counts: readonly CommandCount[]): string {
  return markdownTable(
    [
      { title: "service" },
      { title: "verified requests", numeric: true },
      { title: "seconds", numeric: true },
      { title: "Redis commands meanwhile" },
      { title: "commands per request, replica loop aside", numeric: true },
    ],
    counts.map((c) => [
      c.transport,
      formatNumber(c.requests),
      c.seconds.toFixed(1),
      Object.entries(c.commands).map(([name, calls]) => `${name} ${String(calls)}`).join(", ") || "none",
      c.perRequest === 0 ? "0" : c.perRequest.toPrecision(2),
    ]),
  );
}

/** Section 4 of BENCHMARKS.md. */
export const revocationSection: Section = {
  id: "revocation",
  title: "Revocation",
  async run(run, log): Promise<SectionOutput> {
    const s = settings(run.quick);
    const redis = await startRedis({ aof: true });
    const generator = startLoadGenerator();
    try {
      log(`revocation: propagation of ${String(s.revocations)} revocations`);
      const p = await propagation(redis.url, s.revocations);
      const key = await generateKey("EdDSA");
      const { token } = await createSigner({ keys: key, issuer: ISSUER, accessTokenTtl: 3000 }).accessToken(typicalInput());
      log("revocation: Redis commands per verified request");
      const serverSettings = { issuer: ISSUER, jwks: JSON.stringify({ keys: [exportPublicJwk(key)] }), redisUrl: redis.url };
      const counts = await commandsPerRequest(redis, serverSettings, token, generator, s.loadMs);
      log(`revocation: the store, ${String(s.entries)} entries per scope`);
      const store = await storeFigures(redis, s.entries);
      const [, refusedP99] = spreadOf(p.refused);
      const markdown = [
        "A redis-server with AOF and `appendfsync always` (what the contract requires), on loopback.",
        `**Propagation**: ${String(s.revocations)} user revocations, one at a time; three replicas in one process (as the three resource services ` +
          "each keep one, with its own two connections), polled on every turn of the event loop until all refuse the user's token.",
        propagationTable(p),
        `**Redis commands per verified request**: each service started with revocation on, then ${String(s.loadMs / 1000)} s of load on its ` +
          "protected route (32 connections or calls in flight); `INFO commandstats` before and after, our own INFO left out. The replica's " +
          "XREAD loop (a blocking read that returns once a second, or at each new entry) runs whatever the traffic; nothing else may appear.",
        commandsTable(counts),
        `**The store**: ${String(s.entries)} revocations per scope, 64 writes in flight.`,
        store.table,
        `A replica's full load of ${formatNumber(store.entries)} user entries (XRANGE in pages of 1000): ${formatNumber(store.fullLoadMs)} ms; ` +
          `its heap: ${formatBytes(store.replicaHeapPerEntry)} per entry (see Memory for the cap).`,
      ].join("\n\n");
      const figures: Record<string, number> = {
        "revocation.propagation.p99_ms": refusedP99,
        "revocation.commands_per_request": Math.max(...counts.map((c) => c.perRequest)),
        "revocation.replica_heap_per_entry": store.replicaHeapPerEntry,
      };
      return { markdown, charts: [], figures };
    } finally {
      await generator.close();
      await redis.stop();
    }
  },
};
