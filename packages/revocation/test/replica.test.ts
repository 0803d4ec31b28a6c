import { startRedis, type RunningRedis } from "@org/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createRevocationReplica,
  createRevocationStore,
  type Revocation,
  type RevocationReplica,
  type RevocationReplicaOptions,
  type RevocationStore,
  type ReplicaStatus,
} from "../src/index.js";
import { connected, fakeClock, memoryLogger, prefix, token, waitFor } from "./support.js";

let redis: RunningRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

function pair(options: Partial<RevocationReplicaOptions> = {}, server: RunningRedis = redis) {
  const p = prefix();
  const logger = memoryLogger();
  const clock = fakeClock();
  const store = createRevocationStore({ url: server.url, prefix: p, retentionSeconds: 86_405, clock: clock.now, logger });
  const replica = createRevocationReplica({ url: server.url, prefix: p, maxAccessLifetimeSeconds: 300, clock: clock.now, logger, ...options });
  const close = async () => {
    await replica.close();
    await store.close();
  };
  return { store, replica, logger, clock, prefix: p, close };
}

const isUnavailable = (e: unknown) => (e as { code?: unknown }).code === "revocation_unavailable";

function throwsUnavailable(replica: RevocationReplica): boolean {
  try {
    replica.checker.isRevoked(token());
    return false;
  } catch (e) {
    return isUnavailable(e);
  }
}

describe("propagation", () => {
  let store: RevocationStore;
  let replica: RevocationReplica;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, replica, close } = pair());
    await replica.start();
  });
  afterAll(() => close());

  it("a user revocation reaches the checker; a token signed after it is untouched", async () => {
    expect(replica.status().state).toBe("fresh");
    expect(replica.checker.isRevoked(token())).toBe(false);
    const { seq } = await store.revoke({ scope: "user", sub: "alice" });
    await waitFor(() => replica.checker.isRevoked(token()), "alice revoked");
    expect(replica.currentSeq()).toBe(seq);
    expect(replica.checker.isRevoked(token({ rev: seq }))).toBe(false);
    expect(replica.checker.isRevoked(token({ sub: "bob" }))).toBe(false);
  });

  it("a login right after a logout is untouched, even before the issuer's replica saw the logout", async () => {
    const { seq } = await store.revoke({ scope: "user", sub: "dave" });
    const rev = Math.max(replica.currentSeq(), store.lastSeq()); // what the issuer stamps
    expect(rev).toBeGreaterThanOrEqual(seq);
    await waitFor(() => replica.checker.isRevoked(token({ sub: "dave", rev: seq - 1 })), "dave's old tokens revoked");
    expect(replica.checker.isRevoked(token({ sub: "dave", rev }))).toBe(false);
  });

  const CASES: readonly { revocation: Revocation; claims: Parameters<typeof token>[0]; kid?: string }[] = [
    { revocation: { scope: "client", client_id: "c-2" }, claims: { client_id: "c-2" } },
    { revocation: { scope: "user_client", sub: "u-3", client_id: "c-3" }, claims: { sub: "u-3", client_id: "c-3" } },
    { revocation: { scope: "grant", sid: "sid-4" }, claims: { sid: "sid-4", rev: 1e6 } },
    { revocation: { scope: "token", jti: "jti-5" }, claims: { jti: "jti-5", rev: 1e6 } },
    { revocation: { scope: "key", kid: "kid-6" }, claims: { sub: "u-6", rev: 1e6 }, kid: "kid-6" },
  ];
  it.each(CASES)("a $revocation.scope revocation reaches the checker", async ({ revocation, claims, kid }) => {
    const t = token({ sub: "nobody", ...claims }, kid);
    expect(replica.checker.isRevoked(t)).toBe(false);
    await store.revoke(revocation);
    await waitFor(() => replica.checker.isRevoked(t), "revoked");
  });

  it("a global revocation reaches the checker last", async () => {
    const { seq } = await store.revoke({ scope: "global" });
    await waitFor(() => replica.checker.isRevoked(token({ sub: "anyone", rev: seq - 1 })), "global");
    expect(replica.checker.isRevoked(token({ sub: "anyone", rev: seq }))).toBe(false);
  });
});

describe("no Redis command on the request path", () => {
  it("100 000 checks send nothing but the loop's XREADs", async () => {
    const own = await startRedis();
    const { store, replica, close } = pair({}, own);
    await replica.start();
    await store.revoke({ scope: "user", sub: "alice" });
    await waitFor(() => replica.checker.isRevoked(token()), "alice revoked");
    const before = await own.commandStats();
    let revoked = 0;
    for (let i = 0; i < 100_000; i++) {
      if (replica.checker.isRevoked(token({ sub: i % 2 === 0 ? "alice" : "bob", jti: `j${String(i)}` }))) revoked++;
    }
    const after = await own.commandStats();
    expect(revoked).toBe(50_000);
    const sent = Object.entries(after)
      .map(([name, calls]) => [name, calls - (before[name] ?? 0)] as const)
      .filter(([name, delta]) => delta > 0 && name !== "xread" && name !== "info");
    expect(sent).toEqual([]);
    await close();
    await own.stop();
  });
});

describe("key withdrawal", () => {
  it("announces withdrawn kids (those before start included) and answers isKeyWithdrawn", async () => {
    const { store, replica, close } = pair();
    await connected(store);
    await store.revoke({ scope: "key", kid: "before" });
    const heard: string[] = [];
    const unsubscribe = replica.onKeyWithdrawn((kid) => heard.push(kid));
    await replica.start();
    expect(heard).toEqual(["before"]);
    await store.revoke({ scope: "key", kid: "during" });
    await waitFor(() => heard.length === 2, "second kid");
    expect(heard).toEqual(["before", "during"]);
    expect(replica.isKeyWithdrawn("during")).toBe(true);
    expect(replica.isKeyWithdrawn("other")).toBe(false);
    expect(replica.checker.isRevoked(token({}, "during"))).toBe(true);
    unsubscribe();
    await store.revoke({ scope: "key", kid: "after" });
    await waitFor(() => replica.isKeyWithdrawn("after"), "third kid");
    expect(heard).toHaveLength(2);
    await close();
  });
});

describe("lifecycle", () => {
  it("is loading and fails closed until the first full load; closed afterwards", async () => {
    const { replica, close } = pair();
    expect(replica.status().state).toBe("loading");
    expect(throwsUnavailable(replica)).toBe(true);
    const seen: ReplicaStatus["state"][] = [];
    replica.onStatus((s) => seen.push(s.state));
    await replica.start();
    expect(replica.status()).toMatchObject({ state: "fresh" });
    expect(seen).toContain("fresh");
    await close();
    expect(replica.status()).toMatchObject({ state: "unavailable", reason: "closed" });
    expect(throwsUnavailable(replica)).toBe(true);
    await expect(replica.start()).rejects.toThrow(/closed/);
  });

  it("a replica started while Redis is down is not ready until its first load", async () => {
    const own = await startRedis();
    await own.kill();
    const { replica, close } = pair({}, own);
    let started = false;
    const starting = replica.start().then(() => (started = true));
    await waitFor(() => replica.status().reason?.includes("not connected") === true, "a failed attempt");
    expect(replica.status().state).toBe("loading");
    expect(started).toBe(false);
    expect(throwsUnavailable(replica)).toBe(true);
    await own.restart();
    await starting;
    expect(replica.status().state).toBe("fresh");
    expect(replica.checker.isRevoked(token())).toBe(false);
    await close();
    await own.stop();
  });

  it("takes currentSeq from the counter even when the stream was trimmed", async () => {
    const { store, replica, prefix: p, close } = pair();
    await connected(store);
    for (let i = 0; i < 3; i++) await store.revoke({ scope: "token", jti: `t${String(i)}` });
    await redis.command("XTRIM", `${p}log`, "MAXLEN", "0");
    await replica.start();
    expect(replica.currentSeq()).toBe(3);
    await close();
  });

  it("a full load reads only the stream ids of the last lifetime + 3 tolerances, by the server's clock", async () => {
    const { replica, clock, prefix: p, close } = pair(); // 300 s lifetime, 5 s tolerance: a 315 s window
    const [seconds] = (await redis.command("TIME")) as [string];
    const serverMs = Number(seconds) * 1000;
    const add = (id: number, sub: string) =>
      redis.command("XADD", `${p}log`, `${String(id)}-0`, "seq", String(id - serverMs + 1_000_000), "scope", "user", "sub", sub, "at", String(clock.now()), "until", String(clock.now() + 86_400_000));
    await add(serverMs - 330_000, "outside");
    await add(serverMs - 300_000, "inside");
    await replica.start();
    expect(replica.checker.isRevoked(token({ sub: "inside" }))).toBe(true);
    expect(replica.checker.isRevoked(token({ sub: "outside" }))).toBe(false);
    await close();
  });

  it("a replica closed before its first load rejects start()", async () => {
    const own = await startRedis();
    await own.kill();
    const { replica, close } = pair({}, own);
    const starting = replica.start();
    await close();
    await expect(starting).rejects.toThrow(/closed before its first full load/);
    await own.stop();
  });
});

describe("entry cap", () => {
  it("fails closed over the cap, logs why, and recovers once entries expire", async () => {
    const { store, replica, logger, clock, close } = pair({ maxEntries: 2 });
    await replica.start();
    for (const sub of ["u1", "u2", "u3"]) await store.revoke({ scope: "user", sub });
    await waitFor(() => replica.status().state === "unavailable", "over the cap");
    expect(replica.status().reason).toBe("entry cap of 2 reached");
    expect(throwsUnavailable(replica)).toBe(true);
    expect(logger.lines.filter((l) => l.message.startsWith("revocation entry cap reached"))).toHaveLength(1);
    clock.advance(306_000); // past at + 300 s + 5 s
    await waitFor(() => replica.status().state === "fresh", "recovered");
    expect(replica.checker.isRevoked(token({ sub: "u3" }))).toBe(false);
    await close();
  });
});

describe("malformed stream entries", () => {
  it("are skipped with an error line; the stream goes on", async () => {
    const { store, replica, logger, prefix: p, close } = pair();
    await replica.start();
    await redis.command("XADD", `${p}log`, "*", "seq", "x", "scope", "user", "sub", "mallory");
    await store.revoke({ scope: "user", sub: "alice" });
    await waitFor(() => replica.checker.isRevoked(token()), "later entry applied");
    expect(replica.checker.isRevoked(token({ sub: "mallory" }))).toBe(false);
    const line = logger.lines.find((l) => l.message === "skipped malformed revocation stream entries");
    expect(line?.fields).toMatchObject({ malformed: 1, first: { reason: "bad seq" } });
    await close();
  });
});

describe("logs", () => {
  it("never carry a target, a claim value or the Redis URL", async () => {
    const { store, replica, logger, close } = pair();
    await replica.start();
    const secrets = ["sub-secret-1", "client-secret-2", "sid-secret-3", "jti-secret-4", "kid-secret-5"];
    await store.revoke({ scope: "user_client", sub: "sub-secret-1", client_id: "client-secret-2" });
    await store.revoke({ scope: "grant", sid: "sid-secret-3" });
    await store.revoke({ scope: "token", jti: "jti-secret-4" });
    await store.revoke({ scope: "key", kid: "kid-secret-5" });
    await waitFor(() => replica.isKeyWithdrawn("kid-secret-5"), "applied");
    await store.startGrant("sid-secret-3", "jti-secret-4", 60);
    await store.rotate("sid-secret-3", "jti-other", "jti-next", 60); // a reuse: logged
    await close();
    expect(logger.lines.length).toBeGreaterThan(4);
    const text = logger.text();
    for (const value of [...secrets, redis.url]) expect(text).not.toContain(value);
  });
});

describe("options", () => {
  const BAD: readonly Record<string, unknown>[] = [
    {},
    { url: "redis://127.0.0.1:1" },
    { url: "redis://127.0.0.1:1", maxAccessLifetimeSeconds: 0 },
    { url: "redis://127.0.0.1:1", maxAccessLifetimeSeconds: 300, maxStalenessMs: -1 },
    { url: "redis://127.0.0.1:1", maxAccessLifetimeSeconds: 300, failOpen: "yes" },
    { url: "redis://127.0.0.1:1", maxAccessLifetimeSeconds: 300, maxEntries: 0 },
    { url: "redis://127.0.0.1:1", maxAccessLifetimeSeconds: 300, clock: 5 },
    { client: {}, maxAccessLifetimeSeconds: 300 },
  ];
  it.each(BAD)("refuses %o with a TypeError", (options) => {
    expect(() => createRevocationReplica(options as never)).toThrow(TypeError);
  });
});
