import { startRedis, type RunningRedis } from "@org/testkit";
import { TokenError } from "@org/token";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRevocationReplica, createRevocationStore, type RevocationReplica, type RevocationStore } from "../src/index.js";
import { memoryLogger, prefix, token, waitFor } from "./support.js";

let redis: RunningRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

function pair(options: { maxEntries?: number } = {}) {
  const p = prefix();
  const logger = memoryLogger();
  const store = createRevocationStore({ url: redis.url, prefix: p, retentionSeconds: 86_405, logger });
  const replica = createRevocationReplica({ url: redis.url, prefix: p, maxAccessLifetimeSeconds: 300, logger, ...options });
  return { store, replica, logger, prefix: p };
}

describe("replica and store against a real Redis", () => {
  let store: RevocationStore;
  let replica: RevocationReplica;
  beforeAll(async () => {
    ({ store, replica } = pair());
    await replica.start();
  });
  afterAll(async () => {
    await replica.close();
    await store.close();
  });

  it("a revocation reaches the checker", async () => {
    expect(replica.status().state).toBe("fresh");
    expect(replica.checker.isRevoked(token())).toBe(false);
    const { seq } = await store.revoke({ scope: "user", sub: "alice" });
    await waitFor(() => replica.checker.isRevoked(token()), "alice revoked");
    expect(replica.currentSeq()).toBe(seq);
    expect(replica.checker.isRevoked(token({ rev: seq }))).toBe(false);
    expect(replica.checker.isRevoked(token({ sub: "bob" }))).toBe(false);
  });
});
