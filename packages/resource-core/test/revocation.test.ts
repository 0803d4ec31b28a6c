// A resource service's revocation wiring against a real redis-server: readiness follows the
// replica, the verifier refuses what the store revoked, a withdrawn key flushes the cache.
import { createRevocationStore, type RevocationStore } from "@org/revocation";
import { Readiness, type ConfigError } from "@org/service-kit";
import { ISSUER, clock, fixture, logSink, startRedis, type RunningRedis } from "@org/testkit";
import { createVerifier, staticKeys } from "@org/token";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseResourceConfig, type ResourceIdentity } from "../src/index.js";
import { followRevocation, revocationReadiness, revocationReplica } from "../src/start.js";

const KOA: ResourceIdentity = {
  name: "koa-resource", service: "koa", audience: "urn:demo:koa", transport: "http", portVariable: "KOA_PORT", defaultPort: 4002,
};

let redis: RunningRedis;
let store: RevocationStore;
beforeAll(async () => {
  redis = await startRedis();
  store = createRevocationStore({ url: redis.url, retentionSeconds: 3600 });
});
afterAll(async () => {
  await store.close();
  await redis.stop();
});

describe("revocationReadiness", () => {
  it("maps the replica's states onto the contract's readiness", () => {
    expect(revocationReadiness({ state: "fresh", staleForMs: 0 })).toEqual({ status: "ready" });
    expect(revocationReadiness({ state: "stale", staleForMs: 5_000 })).toEqual({ status: "ready" });
    expect(revocationReadiness({ state: "loading", staleForMs: 0 }).status).toBe("not_ready");
    expect(revocationReadiness({ state: "unavailable", staleForMs: 40_000, reason: "Redis unreachable" })).toEqual({
      status: "not_ready",
      reason: "revocation state unavailable: Redis unreachable",
    });
    expect(revocationReadiness({ state: "degraded", staleForMs: 40_000 }).status).toBe("degraded");
  });
});

describe("a resource service with REDIS_URL", () => {
  it("is off without REDIS_URL and reads the settings with it", () => {
    expect(parseResourceConfig({}, KOA).revocation).toBeUndefined();
    expect(revocationReplica(parseResourceConfig({}, KOA), logSink("t").logger)).toBeUndefined();
    expect(parseResourceConfig({ REDIS_URL: redis.url, REVOCATION_MAX_STALENESS: "7" }, KOA).revocation).toEqual({
      redisUrl: redis.url,
      maxStalenessMs: 7_000,
      failOpen: false,
    });
  });

  it("is not ready until the first load, then refuses what the store revoked, on a cached token too", async () => {
    const config = parseResourceConfig({ REDIS_URL: redis.url, TOKEN_ISSUER: ISSUER }, KOA);
    const sink = logSink(KOA.name);
    const replica = revocationReplica(config, sink.logger);
    if (replica === undefined) throw new Error("expected a replica");
    const f = await fixture(KOA.audience);
    const verifier = createVerifier({ issuer: ISSUER, audience: KOA.audience, keys: staticKeys(f.key), revocation: replica.checker, clock });
    const readiness = new Readiness();
    followRevocation(replica, readiness, verifier, sink.logger);
    try {
      expect(readiness.state.status).toBe("not_ready");
      await replica.start();
      await expect.poll(() => readiness.state.status).toBe("ready");
      const alice = await f.token({ sub: "alice" });
      const bob = await f.token({ sub: "bob" });
      expect((await verifier.verify(alice)).claims.sub).toBe("alice"); // cached from now on
      await store.revoke({ scope: "user", sub: "alice" });
      await expect.poll(async () => verifier.verify(alice).then(() => "accepted", (e: unknown) => (e as { code: string }).code)).toBe("token_revoked");
      expect((await verifier.verify(bob)).claims.sub).toBe("bob"); // no one else's token touched
    } finally {
      await replica.close();
    }
  });

  it("flushes cached verifications and refuses the key's tokens when a key is withdrawn", async () => {
    const config = parseResourceConfig({ REDIS_URL: redis.url, TOKEN_ISSUER: ISSUER }, KOA);
    const sink = logSink(KOA.name);
    const replica = revocationReplica(config, sink.logger);
    if (replica === undefined) throw new Error("expected a replica");
    const f = await fixture(KOA.audience);
    const verifier = createVerifier({ issuer: ISSUER, audience: KOA.audience, keys: staticKeys(f.key), revocation: replica.checker, clock });
    followRevocation(replica, new Readiness(), verifier, sink.logger);
    try {
      await replica.start();
      const token = await f.token({ sub: "carol" });
      const first = await verifier.verify(token);
      expect(await verifier.verify(token)).toBe(first); // a cached verification
      await store.revoke({ scope: "key", kid: f.key.kid });
      await expect.poll(() => sink.entries("signing key withdrawn: tokens it signed are refused, cached verifications flushed").length).toBe(1);
      await expect(verifier.verify(token)).rejects.toMatchObject({ code: "token_revoked" });
    } finally {
      await replica.close();
    }
  });

  it("names REDIS_URL for a URL that is not Redis's, never echoing it", () => {
    let error: ConfigError | undefined;
    try {
      parseResourceConfig({ REDIS_URL: "http://user:hunter2@host" }, KOA);
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.message).toBe("REDIS_URL: must be a redis:// or rediss:// URL");
  });
});
