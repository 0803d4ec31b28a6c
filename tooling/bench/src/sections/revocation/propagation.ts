// Propagation: from `revoke()` resolved (the revocation persisted in Redis) until every replica
// refuses the token. Three replicas, as the three resource services keep, each with its own two
// connections; one revocation at a time.
import { createRevocationReplica, createRevocationStore, type RevocationReplica } from "@org/revocation";
import { performance } from "node:perf_hooks";
import { QUIET_LOGGER, connected, id } from "../../harness/revocation.js";
import { percentile } from "../../harness/stats.js";

/** Milliseconds of each revocation, per step. */
export interface Propagation {
  readonly acknowledged: readonly number[];
  readonly refused: readonly number[];
  readonly total: readonly number[];
}

const REPLICAS = 3;

/**
 * Times `count` user revocations: until acknowledged, then until all replicas refuse.
 *
 * @example
 * ```ts
 * const { refused } = await propagation(redis.url, 200);
 * ```
 */
export async function propagation(url: string, count: number): Promise<Propagation> {
  const prefix = "bench:propagation:";
  const store = createRevocationStore({ url, prefix, retentionSeconds: 86_405, logger: QUIET_LOGGER });
  const replicas: RevocationReplica[] = Array.from({ length: REPLICAS }, () =>
    createRevocationReplica({ url, prefix, maxAccessLifetimeSeconds: 300, logger: QUIET_LOGGER }),
  );
  try {
    await Promise.all(replicas.map((r) => r.start()));
    await connected(store);
    const acknowledged: number[] = [];
    const refused: number[] = [];
    const total: number[] = [];
    for (let i = 0; i < count; i++) {
      const sub = id("p-", i, 10);
      const token = { claims: { sub, client_id: "demo-cli", jti: id("j", i, 22), rev: 0 }, kid: "k" };
      const t0 = performance.now();
      await store.revoke({ scope: "user", sub });
      const t1 = performance.now();
      while (!replicas.every((r) => r.checker.isRevoked(token))) await new Promise((resolve) => setImmediate(resolve));
      const t2 = performance.now();
      acknowledged.push(t1 - t0);
      refused.push(t2 - t1);
      total.push(t2 - t0);
    }
    return { acknowledged, refused, total };
  } finally {
    for (const r of replicas) await r.close();
    await store.close();
  }
}

/**
 * p50, p99 and max of one step, ms.
 *
 * @example
 * ```ts
 * const [p50, p99, max] = spreadOf(figures.refused);
 * ```
 */
export function spreadOf(values: readonly number[]): [number, number, number] {
  return [percentile(values, 50), percentile(values, 99), Math.max(...values)];
}
