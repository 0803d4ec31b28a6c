// Section 2: what one request pays to know who is calling. Stateless: verify the token (uncached:
// the first request; cached: every later one with the same token). Stateful: GET a session by a
// random id among N stored in a real redis-server on loopback. And the two middle ways: verify plus
// one Redis GET (a naive per-request revocation check), verify plus our in-memory revocation check.
import { startRedis } from "@org/testkit";
import { createRevocationReplica, createRevocationStore } from "@org/revocation";
import { createSigner, createVerifier, generateKey, staticKeys } from "@org/token";
import { randomBytes } from "node:crypto";
import { createClient } from "redis";
import { interleavedLatencies, type LatencyCase, type LatencySummary } from "../../harness/latency.js";
import { QUIET_LOGGER, connected, fill, id } from "../../harness/revocation.js";
import { chartLink, type NamedChart, type Section, type SectionOutput } from "../../harness/section.js";
import { ratio } from "../../harness/stats.js";
import { formatNumber, formatRatio, formatSummary, markdownTable } from "../../report/format.js";
import { ISSUER, typicalInput } from "../verify/cases.js";
import { explain } from "./explain.js";

const AUDIENCE = "urn:demo:express";
const REVOKED_USERS = 1_000;

function settings(quick: boolean): { sessions: number; rounds: number; ops: number; warmup: number } {
  return quick ? { sessions: 10_000, rounds: 2, ops: 500, warmup: 200 } : { sessions: 100_000, rounds: 5, ops: 3_000, warmup: 1_000 };
}

/** A session record as a session store would keep it (about 200 bytes of JSON). */
function session(i: number): string {
  return JSON.stringify({ sub: id("user-", i, 12), client_id: "demo-web", scope: "profile orders:read orders:write", created_at: Date.now(), csrf: randomBytes(16).toString("base64url") });
}

async function seedSessions(set: (key: string, value: string) => Promise<unknown>, ids: readonly string[]): Promise<void> {
  // node-redis pipelines the commands issued in one tick: a thousand at a time.
  for (let start = 0; start < ids.length; start += 1000) {
    await Promise.all(ids.slice(start, start + 1000).map((sid, k) => set(`session:${sid}`, session(start + k))));
  }
}

/** Section 2 of BENCHMARKS.md. */
export const statefulSection: Section = {
  id: "stateful",
  title: "Stateless against stateful, per request",
  async run(run, log): Promise<SectionOutput> {
    const s = settings(run.quick);
    const redis = await startRedis();
    const client = createClient({ url: redis.url });
    const store = createRevocationStore({ url: redis.url, retentionSeconds: 86_405, logger: QUIET_LOGGER });
    const replica = createRevocationReplica({ url: redis.url, maxAccessLifetimeSeconds: 3600, logger: QUIET_LOGGER });
    try {
      await client.connect();
      log(`stateful: storing ${String(s.sessions)} sessions and ${String(REVOKED_USERS)} revocations`);
      const ids = Array.from({ length: s.sessions }, () => randomBytes(16).toString("base64url"));
      await seedSessions((key, value) => client.set(key, value), ids);
      await connected(store);
      await fill(store, REVOKED_USERS, (i) => ({ scope: "user", sub: id("user-", i, 12) }));
      await replica.start();

      const key = await generateKey("EdDSA");
      const signer = createSigner({ keys: key, issuer: ISSUER, accessTokenTtl: 3600 });
      const { token, claims } = await signer.accessToken(typicalInput({ rev: store.lastSeq() }));
      const options = { issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(key) };
      const cold = createVerifier({ ...options, cache: false });
      const warm = createVerifier(options);
      const coldRevocable = createVerifier({ ...options, cache: false, revocation: replica.checker });
      const warmRevocable = createVerifier({ ...options, revocation: replica.checker });
      const revokedKey = `revoked:${claims.jti}`;
      const pick = (): string => ids[Math.floor(Math.random() * ids.length)] ?? "";
      const refused = (value: unknown): void => {
        if (value !== null) throw new Error("the benchmark token reads as revoked");
      };
      const cases: LatencyCase[] = [
        { name: "verify, uncached (first request of a token)", op: () => cold.verify(token), ours: true },
        { name: "verify, cached (every later request)", op: () => warm.verify(token), ours: true },
        {
          name: "session lookup: Redis GET + JSON.parse",
          op: async () => {
            const value = await client.get(`session:${pick()}`);
            if (value === null) throw new Error("a stored session is missing");
            return JSON.parse(value) as unknown;
          },
        },
        { name: "verify uncached + Redis GET (naive revocation check)", op: async () => { await cold.verify(token); refused(await client.get(revokedKey)); } },
        { name: "verify cached + Redis GET (naive revocation check)", op: async () => { await warm.verify(token); refused(await client.get(revokedKey)); } },
        { name: "verify uncached + in-memory revocation (replica)", op: () => coldRevocable.verify(token), ours: true },
        { name: "verify cached + in-memory revocation (replica)", op: () => warmRevocable.verify(token), ours: true },
      ];
      for (const c of cases) await c.op(); // each case works before it is timed
      log("stateful: timing");
      const summaries = await interleavedLatencies(cases, s, redis.pid);
      return report(cases, summaries, s);
    } finally {
      await replica.close();
      await store.close();
      await client.quit().catch(() => undefined);
      await redis.stop();
    }
  },
};

function report(cases: readonly LatencyCase[], summaries: readonly LatencySummary[], s: ReturnType<typeof settings>): SectionOutput {
  const at = (name: string): LatencySummary | undefined => summaries[cases.findIndex((c) => c.name.startsWith(name))];
  const sessionP50 = at("session lookup")?.p50.median ?? Number.NaN;
  const rows = cases.map((c, i) => {
    const m = summaries[i];
    if (m === undefined) return [c.name, "", "", "", "", ""];
    const redisCpu = Number.isFinite(m.otherCpu) && m.otherCpu > 0.05 ? formatNumber(m.otherCpu) : "0";
    return [c.name, formatSummary(m.p50), formatSummary(m.p99), formatSummary(m.cpu), redisCpu, formatRatio(ratio(m.p50.median, sessionP50))];
  });
  const chart: NamedChart = {
    name: "stateful-p50",
    spec: {
      title: "Per request: stateless verification against a Redis session lookup (p50)",
      unit: "µs",
      ratioTo: "the session lookup",
      bars: cases.map((c, i) => ({ label: c.name, value: summaries[i]?.p50.median ?? Number.NaN, ratio: ratio(summaries[i]?.p50.median ?? Number.NaN, sessionP50), accent: c.ours === true })),
    },
  };
  const markdown = [
    `EdDSA, the issuer's default; ${String(s.sessions)} sessions stored; the replica holds ${String(REVOKED_USERS)} user revocations (none of them this token's). ` +
      `${String(s.rounds)} interleaved rounds of ${String(s.ops)} requests per case, one at a time; p50 and p99 are the median round's, ` +
      "CPU is this process's `process.cpuUsage()` per request (the Redis client's work included) and redis-server's own CPU from `/proc` over all rounds. " +
      "Two processes share the 2 cores: this one and redis-server, on loopback.",
    markdownTable(
      [
        { title: "per request" },
        { title: "p50 µs", numeric: true },
        { title: "p99 µs", numeric: true },
        { title: "CPU µs (this process)", numeric: true },
        { title: "redis-server CPU µs", numeric: true },
        { title: "p50 vs session lookup", numeric: true },
      ],
      rows,
    ),
    chartLink(chart),
    explain({
      verifyUncached: at("verify, uncached")?.p50.median ?? Number.NaN,
      verifyCached: at("verify, cached")?.p50.median ?? Number.NaN,
      session: sessionP50,
      sessionCpu: (at("session lookup")?.cpu.median ?? Number.NaN) + (at("session lookup")?.otherCpu ?? Number.NaN),
      verifyCachedCpu: at("verify, cached")?.cpu.median ?? Number.NaN,
      naive: at("verify cached + Redis GET")?.p50.median ?? Number.NaN,
      replica: at("verify cached + in-memory")?.p50.median ?? Number.NaN,
    }),
  ].join("\n\n");
  const figures: Record<string, number> = {};
  cases.forEach((c, i) => {
    figures[`stateful.${c.name}.p50`] = summaries[i]?.p50.median ?? Number.NaN;
  });
  return { markdown, charts: [chart], figures };
}
