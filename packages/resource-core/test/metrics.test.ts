// The resource services' metrics that follow the issuer's JWKS and the revocation replica: read from a
// real JWKS stand-in and a real redis-server, through the Prometheus text a scraper gets.
import { createRevocationStore } from "@org/revocation";
import { createMetrics, type Registry } from "@org/service-kit";
import { ISSUER, logSink, startJwksServer, startRedis, type RunningRedis } from "@org/testkit";
import { createVerifier, KeySet } from "@org/token";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeys } from "../src/keys.js";
import { parseResourceConfig, resourceMetrics, type ResourceIdentity } from "../src/index.js";
import { revocationReplica } from "../src/start.js";

const KOA: ResourceIdentity = {
  name: "koa-resource", service: "koa", audience: "urn:demo:koa", transport: "http", portVariable: "KOA_PORT", defaultPort: 4002,
};

/** The value of one unlabelled series (besides the default `service` label) in the scrape. */
async function sample(registry: Registry, name: string): Promise<number | undefined> {
  const text = await registry.metrics();
  const line = text.split("\n").find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
}

let redis: RunningRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

describe("resourceMetrics", () => {
  it("counts JWKS fetches and failures, and reports the keys held and the JWKS age on the clock", async () => {
    const set = await KeySet.generate();
    const issuer = await startJwksServer({ jwks: set.publicJwks() });
    try {
      let now = Date.now();
      const keys = createKeys({ kind: "remote", jwksUrl: new URL(issuer.jwksUrl), refreshSeconds: 1 });
      const verifier = createVerifier({ issuer: ISSUER, audience: KOA.audience, keys: keys.resolver });
      const registry = createMetrics(KOA.name);
      resourceMetrics(registry, { transport: "http", verifier, keys }, () => now);
      expect(await sample(registry, "jwks_age_seconds")).toBeNaN(); // nothing loaded yet
      await keys.ready();
      expect(await sample(registry, "jwks_fetches_total")).toBe(1);
      expect(await sample(registry, "jwks_fetch_failures_total")).toBe(0);
      expect(await sample(registry, "jwks_keys")).toBe(1);
      now = Date.now() + 42_000; // the keys were loaded just before, on the real clock
      const age = (await sample(registry, "jwks_age_seconds")) ?? Number.NaN;
      expect(age).toBeGreaterThanOrEqual(42);
      expect(age).toBeLessThan(45);
      issuer.answer = { status: 503 };
      await new Promise((resolve) => setTimeout(resolve, 1_100)); // past JWKS_REFRESH_SECONDS
      await keys.resolver.resolve(set.active.kid); // still answered from the held keys; the refresh fails behind it
      await expect.poll(() => sample(registry, "jwks_fetch_failures_total"), { timeout: 5_000 }).toBe(1);
      expect(await sample(registry, "jwks_fetches_total")).toBe(2);
    } finally {
      await issuer.close();
    }
  });

  it("reports the replica's entries, staleness and freshness", async () => {
    const config = parseResourceConfig({ REDIS_URL: redis.url, TOKEN_ISSUER: ISSUER }, KOA);
    const replica = revocationReplica(config, logSink(KOA.name).logger);
    if (replica === undefined) throw new Error("expected a replica");
    const store = createRevocationStore({ url: redis.url, retentionSeconds: 3600 });
    const set = await KeySet.generate();
    const keys = createKeys({ kind: "inline", jwks: JSON.stringify(set.publicJwks()) });
    const verifier = createVerifier({ issuer: ISSUER, audience: KOA.audience, keys: keys.resolver, revocation: replica.checker });
    const registry = createMetrics(KOA.name);
    resourceMetrics(registry, { transport: "http", verifier, keys, replica });
    try {
      expect(await sample(registry, "revocation_fresh")).toBe(0); // loading
      await replica.start();
      await expect.poll(() => sample(registry, "revocation_fresh")).toBe(1);
      const before = (await sample(registry, "revocation_entries")) ?? Number.NaN;
      await store.revoke({ scope: "user", sub: "alice" });
      await store.revoke({ scope: "client", client_id: "demo-web" });
      await expect.poll(() => sample(registry, "revocation_entries")).toBe(before + 2);
      expect(await sample(registry, "revocation_staleness_seconds")).toBeLessThan(config.revocation?.maxStalenessMs ?? 0);
      expect(await sample(registry, "jwks_fetches_total")).toBeUndefined(); // keys from a JWKS string: nothing fetched
    } finally {
      await store.close();
      await replica.close();
    }
  });
});
