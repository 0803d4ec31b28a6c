import * as grpc from "@grpc/grpc-js";
import { service as healthService } from "grpc-health-check";
import { connect } from "node:http2";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HEALTH_DETAILS, HEALTH_NAME_MAX_BYTES, HEALTH_WATCH_LIMIT } from "../src/routes/health.js";
import { eventually, healthCheck, startService, watchHealth, type HealthWatch, type Running } from "./helpers.js";

/** Opens `names.length` Watch streams and waits until each has its first message. */
async function openAll(svc: Running, names: readonly string[], client = svc.health): Promise<HealthWatch[]> {
  const watches = names.map((name) => watchHealth(client, name));
  await eventually(() => {
    for (const watch of watches) expect(watch.statuses).toHaveLength(1);
  });
  return watches;
}

async function cancelAll(svc: Running, watches: readonly HealthWatch[]): Promise<void> {
  for (const watch of watches) watch.cancel();
  await eventually(() => {
    expect(svc.app.health.watchers).toBe(0);
  });
}

describe("health Watch bounds", () => {
  let svc: Running;

  beforeEach(async () => {
    svc = await startService();
  });
  afterEach(async () => {
    await svc.stop();
  });

  it(`caps open Watch streams at ${HEALTH_WATCH_LIMIT}; a cancelled stream frees its slot`, async () => {
    const names = Array.from({ length: HEALTH_WATCH_LIMIT }, (_, i) => (i % 2 === 0 ? "" : `demo.v1.Unknown${i}`));
    const watches = await openAll(svc, names);
    expect(svc.app.health.watchers).toBe(HEALTH_WATCH_LIMIT);

    const refused = watchHealth(svc.health, "");
    expect(await refused.ended).toEqual({ code: grpc.status.RESOURCE_EXHAUSTED, details: HEALTH_DETAILS.tooManyWatchers });
    expect(refused.statuses).toEqual([]);
    // Check is not a stream: it still answers.
    expect(await healthCheck(svc.health, "")).toMatchObject({ code: grpc.status.OK, status: "SERVING" });

    watches[0]?.cancel();
    await eventually(() => {
      expect(svc.app.health.watchers).toBe(HEALTH_WATCH_LIMIT - 1);
    });
    const admitted = watchHealth(svc.health, "demo.v1.Resource");
    await eventually(() => {
      expect(admitted.statuses).toEqual(["SERVING"]);
    });
    expect(admitted.isEnded()).toBe(false);
    await cancelAll(svc, [...watches, admitted]);
  });

  it("frees the slots of a client that drops its connection", async () => {
    const watch = healthService.Watch;
    if (watch === undefined) throw new Error("grpc-health-check lacks Watch");
    // Raw HTTP/2, so the connection can be destroyed under open streams as a vanished client's would.
    const session = connect(`http://127.0.0.1:${svc.port}`);
    const message = watch.requestSerialize({ service: "" });
    const frame = Buffer.concat([Buffer.from([0]), Buffer.alloc(4), message]);
    frame.writeUInt32BE(message.length, 1);
    const firsts: Promise<void>[] = [];
    for (let i = 0; i < 10; i++) {
      const stream = session.request({ ":method": "POST", ":path": watch.path, "content-type": "application/grpc", te: "trailers" });
      stream.on("error", () => undefined);
      firsts.push(new Promise((resolve) => stream.once("data", () => { resolve(); })));
      stream.end(frame);
    }
    await Promise.all(firsts);
    expect(svc.app.health.watchers).toBe(10);
    session.destroy();
    await eventually(() => {
      expect(svc.app.health.watchers).toBe(0);
    });
  });

  it("keeps only the 2 known entries and no stream after 3000 cancelled watches with distinct long names", async () => {
    const batch = 50;
    const total = 3000;
    // nghttp2 ends a connection that resets streams faster than ~1000 at once (rapid-reset
    // protection), so the cancels come from a fresh connection every 500 streams.
    const perConnection = 500;
    const longest = (i: number): string => `${i}:`.padEnd(HEALTH_NAME_MAX_BYTES, "n");
    let client = svc.health;
    for (let start = 0; start < total; start += batch) {
      if (start % perConnection === 0 && start > 0) {
        if (client !== svc.health) client.close();
        // A pool of its own, or grpc-js would reuse the shared connection.
        client = new grpc.Client(`127.0.0.1:${svc.port}`, grpc.credentials.createInsecure(), { "grpc.use_local_subchannel_pool": 1 });
      }
      const names = Array.from({ length: batch }, (_, i) => longest(start + i));
      const watches = await openAll(svc, names, client);
      // Each stream was held (this is what a leak would keep), and answered as unknown.
      expect(svc.app.health.watchers).toBe(batch);
      expect(new Set(watches.map((watch) => watch.statuses[0]))).toEqual(new Set(["SERVICE_UNKNOWN"]));
      await cancelAll(svc, watches);
      // A name over the bound costs nothing: refused before anything is kept.
      const huge = watchHealth(client, `${start}:`.padEnd(60_000, "h"));
      expect(await huge.ended).toEqual({ code: grpc.status.INVALID_ARGUMENT, details: HEALTH_DETAILS.invalidName });
    }
    if (client !== svc.health) client.close();
    expect(svc.app.health.entries).toBe(2);
    expect(svc.app.health.watchers).toBe(0);
    // Still answering, with its two names only.
    expect(await healthCheck(svc.health, longest(0))).toMatchObject({ code: grpc.status.NOT_FOUND });
    expect(await healthCheck(svc.health, "")).toMatchObject({ status: "SERVING" });
  }, 180_000);
});
