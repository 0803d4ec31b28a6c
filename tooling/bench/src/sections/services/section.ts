// Section 3: requests per second and p99 of a protected route (GET /me, gRPC GetMe, the token
// reused as real clients do) against an unprotected one (GET /healthz, grpc.health.v1.Health/Check)
// on the same process, for each transport, with revocation off and on, and for a plain jose
// server on the same framework. Each server is a process of its own; the load generator another.
import { createRevocationStore } from "@org/revocation";
import { startRedis } from "@org/testkit";
import { createSigner, exportPublicJwk, generateKey } from "@org/token";
import { setTimeout as sleep } from "node:timers/promises";
import { rssOf } from "../../harness/process.js";
import { QUIET_LOGGER, connected, fill, id } from "../../harness/revocation.js";
import { interleave } from "../../harness/rounds.js";
import type { Section, SectionOutput } from "../../harness/section.js";
import { summarize } from "../../harness/stats.js";
import { startLoadGenerator, type LoadGenerator } from "../../load/generator.js";
import type { Load, LoadResult } from "../../load/types.js";
import { ISSUER, typicalInput } from "../verify/cases.js";
import type { RssRow } from "../memory/rss.js";
import { servicesReport, type Measured } from "./report.js";
import { routeLoad, startServer, type LoadSettings, type Route, type RunningServer, type Transport, type Variant } from "./servers.js";

const TRANSPORTS: readonly Transport[] = ["express", "koa", "grpc"];
const VARIANTS: readonly Variant[] = ["off", "on", "jose"];
const REVOKED_USERS = 1_000;


/**
 * Rounds of the services section.
 *
 * @example
 * ```ts
 * servicesSettings(false); // { rounds: 5, roundMs: 2000, warmupMs: 1000 }
 * ```
 */
export function servicesSettings(quick: boolean): LoadSettings {
  return quick ? { rounds: 1, roundMs: 1_000, warmupMs: 300 } : { rounds: 5, roundMs: 2_000, warmupMs: 1_000 };
}

/** One measured case: a server and one of its two routes. */
export interface ServiceCase {
  readonly server: RunningServer;
  readonly route: Route;
  readonly load: (durationMs: number) => Load;
}

function casesOf(server: RunningServer, token: string): ServiceCase[] {
  return (["protected", "unprotected"] as const).map((route) => ({ server, route, load: (ms: number) => routeLoad(server, route, token, ms) }));
}

async function measureTransport(
  transport: Transport,
  env: { issuer: string; jwks: string; redisUrl: string; token: string },
  generator: LoadGenerator,
  s: LoadSettings,
  log: (line: string) => void,
): Promise<{ measured: Measured[]; rss: RssRow[] }> {
  const servers: RunningServer[] = [];
  try {
    for (const variant of VARIANTS) servers.push(await startServer(transport, variant, env));
    await sleep(1_000); // let start-up work (JIT of the first requests aside) settle before the idle reading
    const idle = servers.map((server) => rssOf(server.pid));
    const cases = servers.flatMap((server) => casesOf(server, env.token));
    for (const c of cases) {
      const warm = await generator.run(c.load(s.warmupMs));
      if (warm.failed > 0) throw new Error(`${transport} (${c.server.variant}) ${c.route}: ${String(warm.failed)} failed requests in the warm-up`);
    }
    log(`services: ${transport}, ${String(s.rounds)} rounds of ${String(cases.length)} cases`);
    const perCase: LoadResult[][] = await interleave(cases, s.rounds, (c) => generator.run(c.load(s.roundMs)));
    const measured = cases.map((c, i) => {
      const rounds = perCase[i] ?? [];
      return {
        transport, variant: c.server.variant, route: c.route,
        perSecond: summarize(rounds.map((r) => r.perSecond)),
        rounds: rounds.map((r) => r.perSecond),
        p99: summarize(rounds.map((r) => r.p99)),
        failed: rounds.reduce((sum, r) => sum + r.failed, 0),
      };
    });
    const rss = servers.map((server, i) => ({ server: `${server.transport} ${server.variant === "jose" ? "+ plain jose" : `revocation ${server.variant}`}`, idleBytes: idle[i] ?? Number.NaN, afterBytes: rssOf(server.pid) }));
    return { measured, rss };
  } finally {
    for (const server of servers) await server.stop();
  }
}

/** Section 3 of BENCHMARKS.md. */
export const servicesSection: Section = {
  id: "services",
  title: "Services: protected against unprotected routes",
  async run(run, log): Promise<SectionOutput> {
    const s = servicesSettings(run.quick);
    const redis = await startRedis();
    const store = createRevocationStore({ url: redis.url, retentionSeconds: 86_405, logger: QUIET_LOGGER });
    const generator = startLoadGenerator();
    try {
      await connected(store);
      await fill(store, REVOKED_USERS, (i) => ({ scope: "user", sub: id("user-", i, 12) }));
      const key = await generateKey("EdDSA");
      const signer = createSigner({ keys: key, issuer: ISSUER, accessTokenTtl: 3000 });
      const { token } = await signer.accessToken(typicalInput({ rev: store.lastSeq() }));
      const env = { issuer: ISSUER, jwks: JSON.stringify({ keys: [exportPublicJwk(key)] }), redisUrl: redis.url, token };
      const measured: Measured[] = [];
      const rss: RssRow[] = [];
      for (const transport of TRANSPORTS) {
        const result = await measureTransport(transport, env, generator, s, log);
        measured.push(...result.measured);
        rss.push(...result.rss);
      }
      const { markdown, charts, figures } = servicesReport(measured, s, REVOKED_USERS);
      return { markdown, charts, figures, data: { rss } };
    } finally {
      await generator.close();
      await store.close();
      await redis.stop();
    }
  },
};
