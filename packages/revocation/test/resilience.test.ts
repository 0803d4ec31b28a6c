// Redis crashing, restarting, hanging and losing messages, against a real redis-server with AOF.
// The replica's clock is fake, so "past the staleness limit" is a step of the test, not a wait.
import { startRedis, type RunningRedis } from "@org/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRevocationReplica, createRevocationStore, type RevocationReplicaOptions } from "../src/index.js";
import { connected, fakeClock, memoryLogger, prefix, token, waitFor } from "./support.js";

const MAX_STALENESS_MS = 30_000;

let redis: RunningRedis;
beforeEach(async () => {
  redis = await startRedis({ aof: true });
});
afterEach(async () => {
  await redis.stop();
});

function pair(options: Partial<RevocationReplicaOptions> = {}) {
  const p = prefix();
  const logger = memoryLogger();
  const clock = fakeClock();
  const store = createRevocationStore({ url: redis.url, prefix: p, retentionSeconds: 86_405, clock: clock.now, logger });
  const replica = createRevocationReplica({
    url: redis.url,
    prefix: p,
    maxAccessLifetimeSeconds: 300,
    maxStalenessMs: MAX_STALENESS_MS,
    clock: clock.now,
    logger,
    ...options,
  });
  const close = async () => {
    await replica.close();
    await store.close();
  };
  return { store, replica, logger, clock, prefix: p, close };
}

function outcome(check: () => boolean): boolean | "unavailable" {
  try {
    return check();
  } catch (e) {
    if ((e as { code?: unknown }).code === "revocation_unavailable") return "unavailable";
    throw e;
  }
}

describe("Redis crash and restart", () => {
  it("forgets nothing acknowledged: AOF keeps it, the replica resyncs, the counter goes on", async () => {
    const { store, replica, clock, prefix: p, close } = pair();
    await replica.start();
    await store.revoke({ scope: "user", sub: "alice" });
    await store.revoke({ scope: "grant", sid: "sid-bob" });
    const { seq } = await store.revoke({ scope: "key", kid: "kid-old" });
    await redis.kill(); // SIGKILL right after the acknowledgements
    await redis.restart();
    const fresh = createRevocationReplica({ url: redis.url, prefix: p, maxAccessLifetimeSeconds: 300, clock: clock.now, logger: memoryLogger() });
    await fresh.start();
    for (const r of [replica, fresh]) {
      await waitFor(() => r.status().state === "fresh", "fresh after the restart");
      expect(r.checker.isRevoked(token())).toBe(true);
      expect(r.checker.isRevoked(token({ sub: "bob", sid: "sid-bob", rev: seq }))).toBe(true);
      expect(r.isKeyWithdrawn("kid-old")).toBe(true);
      expect(r.currentSeq()).toBe(seq);
    }
    await connected(store);
    expect((await store.revoke({ scope: "user", sub: "carol" })).seq).toBe(seq + 1);
    await waitFor(() => fresh.checker.isRevoked(token({ sub: "carol", rev: seq })), "carol revoked");
    await fresh.close();
    await close();
  });

  it("fresh -> stale (still answering) -> unavailable past the limit -> fresh after the restart", async () => {
    const { store, replica, clock, logger, close } = pair();
    await replica.start();
    await store.revoke({ scope: "user", sub: "alice" });
    await waitFor(() => replica.checker.isRevoked(token()), "alice revoked");
    await redis.kill();
    await waitFor(() => replica.status().state === "stale", "stale");
    expect(replica.checker.isRevoked(token())).toBe(true);
    expect(replica.checker.isRevoked(token({ sub: "bob" }))).toBe(false);
    clock.advance(MAX_STALENESS_MS); // exactly at the limit: still answering
    expect(outcome(() => replica.checker.isRevoked(token()))).toBe(true);
    clock.advance(1);
    expect(replica.status()).toMatchObject({ state: "unavailable", staleForMs: MAX_STALENESS_MS + 1 });
    expect(outcome(() => replica.checker.isRevoked(token({ sub: "bob" })))).toBe("unavailable");
    await waitFor(() => logger.lines.some((l) => l.level === "error" && l.fields.state === "unavailable"), "the error line");
    await redis.restart();
    await waitFor(() => replica.status().state === "fresh", "fresh again");
    expect(replica.checker.isRevoked(token())).toBe(true);
    expect(replica.checker.isRevoked(token({ sub: "bob" }))).toBe(false);
    await close();
  });

  it("failOpen: past the limit it answers from memory, says degraded, and warns once", async () => {
    const { store, replica, clock, logger, close } = pair({ failOpen: true });
    await replica.start();
    await store.revoke({ scope: "user", sub: "alice" });
    await waitFor(() => replica.checker.isRevoked(token()), "alice revoked");
    await redis.kill();
    await waitFor(() => replica.status().state === "stale", "stale");
    clock.advance(MAX_STALENESS_MS + 1);
    expect(replica.status().state).toBe("degraded");
    expect(replica.checker.isRevoked(token())).toBe(true);
    expect(replica.checker.isRevoked(token({ sub: "bob" }))).toBe(false);
    const failingOpen = () => logger.lines.filter((l) => l.level === "warn" && l.message.startsWith("REVOCATION FAILING OPEN"));
    await waitFor(() => failingOpen().length === 1, "the warning");
    clock.advance(60_000);
    replica.status();
    await redis.restart();
    await waitFor(() => replica.status().state === "fresh", "fresh again");
    expect(failingOpen()).toHaveLength(1);
    await close();
  });
});

describe("what a replica missed heals on reconnect", () => {
  it("a stream rewritten behind its back and a kid added to the set", async () => {
    const { store, replica, clock, prefix: p, close } = pair();
    await replica.start();
    const { seq } = await store.revoke({ scope: "user", sub: "alice" });
    await waitFor(() => replica.checker.isRevoked(token()), "alice revoked");
    // A failover to a copy whose stream has other ids: an entry just below the replica's last id,
    // which XREAD from that id never returns.
    const [[lastId]] = (await redis.command("XRANGE", `${p}log`, "-", "+")) as [[string]];
    const lowerId = `${String(Number(lastId.split("-")[0]) - 1)}-0`;
    await redis.command("DEL", `${p}log`);
    const at = String(clock.now());
    await redis.command("XADD", `${p}log`, lowerId, "seq", String(seq + 1), "scope", "user", "sub", "bob", "at", at, "until", String(clock.now() + 86_400_000));
    await redis.command("SADD", `${p}keys`, "kid-missed");
    const xreads = async () => (await redis.commandStats()).xread ?? 0;
    const seen = await xreads();
    await waitFor(async () => (await xreads()) >= seen + 2, "two more XREADs");
    expect(replica.checker.isRevoked(token({ sub: "bob" }))).toBe(false);
    expect(replica.isKeyWithdrawn("kid-missed")).toBe(false);
    await redis.command("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
    await waitFor(() => replica.checker.isRevoked(token({ sub: "bob" })), "bob revoked after the resync");
    expect(replica.isKeyWithdrawn("kid-missed")).toBe(true);
    expect(replica.checker.isRevoked(token())).toBe(true); // what it knew stays
    expect(replica.currentSeq()).toBe(seq + 1);
    await close();
  });
});

describe("a hung Redis", () => {
  it("goes stale once the reader's XREAD times out, and fresh when Redis resumes", async () => {
    const { replica, close } = pair({ commandTimeoutMs: 300 });
    await replica.start();
    process.kill(redis.pid, "SIGSTOP");
    try {
      await waitFor(() => replica.status().state === "stale", "stale while hung");
      expect(replica.checker.isRevoked(token())).toBe(false);
    } finally {
      process.kill(redis.pid, "SIGCONT");
    }
    await waitFor(() => replica.status().state === "fresh", "fresh again");
    await close();
  });
});
