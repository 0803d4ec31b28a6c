import { startRedis, type RunningRedis } from "@org/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRevocationStore, RevocationUnavailableError, type RevocationStore, type RevocationStoreOptions } from "../src/index.js";
import { connected, fakeClock, memoryLogger, prefix, START_MS } from "./support.js";

const RETENTION_S = 86_405;

let redis: RunningRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

function open(options: Partial<RevocationStoreOptions> = {}) {
  const clock = fakeClock();
  const p = prefix();
  const store = createRevocationStore({ url: redis.url, prefix: p, retentionSeconds: RETENTION_S, clock: clock.now, logger: memoryLogger(), ...options });
  return { store, clock, prefix: p };
}

async function logEntries(p: string): Promise<string[][]> {
  const reply = (await redis.command("XRANGE", `${p}log`, "-", "+")) as [string, string[]][];
  return reply.map(([, fields]) => fields);
}

describe("revoke", () => {
  let store: RevocationStore;
  let p: string;
  beforeAll(async () => {
    ({ store, prefix: p } = open());
    await connected(store);
  });
  afterAll(() => store.close());

  it("numbers revocations from one counter and logs each as a stream entry", async () => {
    expect(await store.currentSeq()).toBe(0);
    expect(store.lastSeq()).toBe(0);
    const first = await store.revoke({ scope: "user", sub: "alice" });
    expect(store.lastSeq()).toBe(1);
    const second = await store.revoke({ scope: "user_client", sub: "bob", client_id: "demo-web" });
    expect(first.seq).toBe(1);
    expect(second.seq).toBe(2);
    expect(await store.currentSeq()).toBe(2);
    const [a, b] = await logEntries(p);
    const until = String(START_MS + RETENTION_S * 1000);
    expect(a).toEqual(["seq", "1", "scope", "user", "sub", "alice", "at", String(START_MS), "until", until]);
    expect(b).toEqual(["seq", "2", "scope", "user_client", "sub", "bob", "client_id", "demo-web", "at", String(START_MS), "until", until]);
  });

  it("keeps a token revocation until the token's end, at most the retention", async () => {
    await store.revoke({ scope: "token", jti: "j-short", until: START_MS + 60_000 });
    await store.revoke({ scope: "token", jti: "j-long", until: START_MS + 10 * RETENTION_S * 1000 });
    const entries = await logEntries(p);
    const untilOf = (jti: string) => entries.find((e) => e.includes(jti))?.at(-1);
    expect(untilOf("j-short")).toBe(String(START_MS + 60_000));
    expect(untilOf("j-long")).toBe(String(START_MS + RETENTION_S * 1000));
  });

  it("keeps withdrawn kids in a set as well as in the stream", async () => {
    await store.revoke({ scope: "key", kid: "kid-a" });
    await store.revoke({ scope: "key", kid: "kid-b" });
    await store.revoke({ scope: "key", kid: "kid-a" });
    expect((await store.withdrawnKeys()).sort()).toEqual(["kid-a", "kid-b"]);
    expect(await redis.command("TTL", `${p}keys`)).toBe(-1);
    const last = (await logEntries(p)).at(-1);
    expect(last).toEqual(["seq", String(await store.currentSeq()), "scope", "key", "kid", "kid-a", "at", String(START_MS)]);
  });

  const MISUSE: readonly (readonly [string, unknown])[] = [
    ["nothing", undefined],
    ["a string", "user"],
    ["an unknown scope", { scope: "everyone" }],
    ["a user without sub", { scope: "user" }],
    ["an empty sub", { scope: "user", sub: "" }],
    ["a sub of 257 characters", { scope: "user", sub: "a".repeat(257) }],
    ["a sub with a NUL", { scope: "user", sub: "a\u0000b" }],
    ["a numeric client_id", { scope: "client", client_id: 7 }],
    ["a user with a client_id", { scope: "user", sub: "alice", client_id: "demo-cli" }],
    ["a global with a sub", { scope: "global", sub: "alice" }],
    ["a grant with until", { scope: "grant", sid: "s", until: 5 }],
    ["a token with a fractional until", { scope: "token", jti: "j", until: 1.5 }],
    ["a token with a negative until", { scope: "token", jti: "j", until: -1 }],
    ["a key without kid", { scope: "key", sid: "s" }],
  ];
  it.each(MISUSE)("refuses %s with a TypeError and writes nothing", async (_, input) => {
    const before = await store.currentSeq();
    await expect(store.revoke(input as never)).rejects.toThrow(TypeError);
    expect(await store.currentSeq()).toBe(before);
  });

  it("trims entries older than the retention, by the server's clock", async () => {
    const short = open({ retentionSeconds: 1 });
    await connected(short.store);
    // XADD MINID ~ trims whole stream nodes (100 entries each), so fill more than one.
    for (let i = 0; i < 250; i++) await short.store.revoke({ scope: "token", jti: `old-${String(i)}` });
    const length = async () => Number(await redis.command("XLEN", `${short.prefix}log`));
    // On a loaded machine the filling itself can outlast the 1 s retention, so trimming may
    // already have begun: only "fewer than written, and not none" is asserted.
    expect(await length()).toBeGreaterThan(0);
    const deadline = Date.now() + 20_000;
    while ((await length()) >= 250 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await short.store.revoke({ scope: "token", jti: "new" });
    }
    expect(await length()).toBeLessThan(250);
    expect(await length()).toBeGreaterThan(0);
    await short.store.close();
  });
});

describe("refresh-token rotation", () => {
  let store: RevocationStore;
  let clock: ReturnType<typeof fakeClock>;
  let p: string;
  beforeAll(async () => {
    ({ store, clock, prefix: p } = open());
    await connected(store);
  });
  afterAll(() => store.close());

  it("startGrant creates the state once, with the refresh lifetime as TTL", async () => {
    expect(await store.startGrant("sid-1", "rt-0", 3600)).toBe(true);
    expect(await store.startGrant("sid-1", "rt-other", 3600)).toBe(false);
    const ttl = Number(await redis.command("PTTL", `${p}rt:sid-1`));
    expect(ttl).toBeGreaterThan(3_500_000);
    expect(ttl).toBeLessThanOrEqual(3_600_000);
    expect(await redis.command("HGET", `${p}rt:sid-1`, "current")).toBe("rt-0");
  });

  it("rotated, then retry within the grace window, then reused after it", async () => {
    await store.startGrant("sid-2", "rt-0", 3600);
    expect(await store.rotate("sid-2", "rt-0", "rt-1", 3600)).toBe("rotated");
    clock.advance(2_000); // the default grace, inclusive
    expect(await store.rotate("sid-2", "rt-0", "rt-1b", 3600)).toBe("retry");
    expect(await store.rotate("sid-2", "rt-1b", "rt-2", 3600)).toBe("rotated");
    clock.advance(2_001);
    expect(await store.rotate("sid-2", "rt-1b", "rt-3", 3600)).toBe("reused");
  });

  it("a retry does not stretch the window, and the answer it replaced becomes a reuse", async () => {
    await store.startGrant("sid-3", "rt-0", 3600);
    expect(await store.rotate("sid-3", "rt-0", "rt-1", 3600)).toBe("rotated");
    clock.advance(1_500);
    expect(await store.rotate("sid-3", "rt-0", "rt-1b", 3600)).toBe("retry");
    clock.advance(1_000); // 2.5 s after the rotation
    expect(await store.rotate("sid-3", "rt-0", "rt-1c", 3600)).toBe("reused");
    expect(await store.rotate("sid-3", "rt-1", "rt-2", 3600)).toBe("reused"); // the lost answer's token
    expect(await store.rotate("sid-3", "rt-1b", "rt-2", 3600)).toBe("rotated");
  });

  it("a token never issued for the grant is a reuse; a grant without state is unknown", async () => {
    await store.startGrant("sid-4", "rt-0", 3600);
    expect(await store.rotate("sid-4", "rt-forged", "rt-1", 3600)).toBe("reused");
    expect(await store.rotate("sid-none", "rt-0", "rt-1", 3600)).toBe("unknown");
  });

  it("the grace window is a setting of at most 5 s", async () => {
    const strict = open({ rotationGraceMs: 0 });
    await connected(strict.store);
    await strict.store.startGrant("sid-5", "rt-0", 60);
    expect(await strict.store.rotate("sid-5", "rt-0", "rt-1", 60)).toBe("rotated");
    strict.clock.advance(1);
    expect(await strict.store.rotate("sid-5", "rt-0", "rt-1b", 60)).toBe("reused");
    await strict.store.close();
    expect(() => open({ rotationGraceMs: 5_001 })).toThrow(TypeError);
  });

  it("refuses bad arguments with a TypeError", async () => {
    await expect(store.rotate("sid", "same", "same", 60)).rejects.toThrow(TypeError);
    await expect(store.rotate("", "a", "b", 60)).rejects.toThrow(TypeError);
    await expect(store.rotate("sid", "a", "b", 0)).rejects.toThrow(TypeError);
    await expect(store.startGrant("sid", "a", 1.5)).rejects.toThrow(TypeError);
  });
});

describe("options", () => {
  const BAD: readonly Record<string, unknown>[] = [
    {},
    { url: "http://127.0.0.1:6379", retentionSeconds: 60 },
    { url: "redis://127.0.0.1:1", retentionSeconds: 0 },
    { url: "redis://127.0.0.1:1", retentionSeconds: 60, commandTimeoutMs: 0 },
    { url: "redis://127.0.0.1:1", retentionSeconds: 60, prefix: "has space" },
    { url: "redis://127.0.0.1:1", client: () => undefined, retentionSeconds: 60 },
    { url: "redis://127.0.0.1:1", retentionSeconds: 60, logger: { info: 1 } },
  ];
  it.each(BAD)("refuses %o with a TypeError", (options) => {
    expect(() => createRevocationStore(options as never)).toThrow(TypeError);
  });
});

describe("when Redis cannot answer", () => {
  it("rejects at once while Redis is down, and recovers by itself", async () => {
    const own = await startRedis();
    const store = createRevocationStore({ url: own.url, retentionSeconds: 60, logger: memoryLogger() });
    await connected(store);
    await own.kill();
    const calls = [
      store.revoke({ scope: "user", sub: "alice" }),
      store.currentSeq(),
      store.withdrawnKeys(),
      store.startGrant("s", "j", 60),
      store.rotate("s", "j", "k", 60),
    ];
    for (const call of calls) await expect(call).rejects.toBeInstanceOf(RevocationUnavailableError);
    await own.restart();
    await connected(store);
    expect((await store.revoke({ scope: "user", sub: "alice" })).seq).toBe(1);
    await store.close();
    await expect(store.currentSeq()).rejects.toBeInstanceOf(RevocationUnavailableError);
    await own.stop();
  });

  it("rejects after the command timeout when Redis hangs, and works again once it resumes", async () => {
    const own = await startRedis();
    const store = createRevocationStore({ url: own.url, retentionSeconds: 60, commandTimeoutMs: 300, logger: memoryLogger() });
    await connected(store);
    process.kill(own.pid, "SIGSTOP");
    try {
      const error = await store.revoke({ scope: "global" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RevocationUnavailableError);
      expect((error as Error).message).toBe("Redis did not answer within 300 ms");
      // The connection that timed out was replaced; the new one cannot finish its handshake yet.
      await expect(store.currentSeq()).rejects.toThrow("Redis is not connected");
    } finally {
      process.kill(own.pid, "SIGCONT");
    }
    await connected(store);
    expect((await store.revoke({ scope: "global" })).seq).toBeGreaterThanOrEqual(1);
    await store.close();
    await own.stop();
  });
});
