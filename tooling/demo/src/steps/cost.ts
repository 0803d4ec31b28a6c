import { performance } from "node:perf_hooks";
import { randomBytes } from "node:crypto";
import { createClient as createRedisClient } from "redis";
import { createVerifier, remoteKeys } from "@org/token";
import type { Step } from "../step.js";

const VERIFIES = 2_000;
const CACHED_VERIFIES = 20_000;
const LOOKUPS = 2_000;
const SESSIONS = 1_000;

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)] ?? Number.NaN;
}

async function timeEach(n: number, op: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await op();
    times.push(performance.now() - start);
  }
  return median(times) * 1000;
}

/** Median µs of a GET of a random session id among SESSIONS stored, on the demo's Redis. */
async function redisLookup(url: string): Promise<number> {
  const redis = createRedisClient({ url });
  await redis.connect();
  try {
    const ids = Array.from({ length: SESSIONS }, () => `demo:session:${randomBytes(16).toString("hex")}`);
    const session = JSON.stringify({ sub: "alice", client_id: "demo-cli", scope: "profile orders:read" });
    for (const id of ids) await redis.set(id, session, { expiration: { type: "EX", value: 300 } });
    return await timeEach(LOOKUPS, () => redis.get(ids[Math.floor(Math.random() * SESSIONS)] ?? ""));
  } finally {
    await redis.quit();
  }
}

export const cost: Step = {
  title: "what it costs: verifying vs looking a session up",
  why: "Measured now, on this machine: a signature check in this process against a session GET from Redis on loopback.",
  async run(ctx) {
    const { topology } = ctx.world;
    const token = ctx.token("bob");
    const keys = remoteKeys(new URL("/.well-known/jwks.json", topology.urls.issuer));
    const options = { issuer: topology.issuer, audience: "urn:demo:express", keys };
    const uncached = createVerifier({ ...options, cache: false });
    const cached = createVerifier(options);
    await uncached.verify(token);
    await cached.verify(token);
    const verifyUs = await timeEach(VERIFIES, () => uncached.verify(token));
    const start = performance.now();
    for (let i = 0; i < CACHED_VERIFIES; i++) await cached.verify(token);
    const cachedUs = ((performance.now() - start) * 1000) / CACHED_VERIFIES;
    ctx.n.line("info", `verify, signature checked (EdDSA): ${verifyUs.toFixed(1)} µs median, CPU only, no I/O`);
    ctx.n.line("info", `verify, token seen before (cache): ${cachedUs.toFixed(2)} µs`);
    if (!("url" in ctx.world.redis)) {
      ctx.n.line("skip", `session GET from Redis: ${ctx.world.redis.skipped}`);
      return `verify ${verifyUs.toFixed(0)} µs, cached ${cachedUs.toFixed(1)} µs`;
    }
    const lookupUs = await redisLookup(ctx.world.redis.url);
    ctx.n.line("info", `session GET from Redis on loopback: ${lookupUs.toFixed(1)} µs median (over a network, add its round trip, typically 100–500 µs inside one data centre)`);
    ctx.n.line("info", `a verify costs ${(verifyUs / lookupUs).toFixed(2)}x a loopback lookup; cached, ${(cachedUs / lookupUs).toFixed(3)}x — and it needs no shared store`);
    return `verify ${verifyUs.toFixed(0)} µs, cached ${cachedUs.toFixed(1)} µs, Redis GET ${lookupUs.toFixed(0)} µs`;
  },
};
