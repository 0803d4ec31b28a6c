import * as grpc from "@grpc/grpc-js";
import { Readiness } from "@org/service-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HEALTH_DETAILS } from "../src/routes/health.js";
import { closeGrpcServer } from "../src/serve.js";
import { bind, eventually, healthCheck, healthList, startService, watchHealth, type Running } from "./helpers.js";

describe("grpc.health.v1.Health", () => {
  let svc: Running;

  beforeAll(async () => {
    svc = await startService();
  });
  afterAll(async () => {
    await svc.stop();
  });

  it("answers SERVING for the server and for demo.v1.Resource, without a token", async () => {
    expect(await healthCheck(svc.health, "")).toEqual({ code: grpc.status.OK, details: "", status: "SERVING" });
    expect(await healthCheck(svc.health, "demo.v1.Resource")).toEqual({ code: grpc.status.OK, details: "", status: "SERVING" });
  });

  it.each([
    ["another service", "demo.v1.Nope"],
    ["markup", "<script>alert(1)</script>"],
    ["a near name", "demo.v1.Resource "],
    ["200 bytes exactly", "é".repeat(100)],
  ])("answers NOT_FOUND with a fixed text for an unknown name (%s), never the name", async (_case, name) => {
    expect(await healthCheck(svc.health, name)).toEqual({ code: grpc.status.NOT_FOUND, details: HEALTH_DETAILS.unknownService });
    expect(HEALTH_DETAILS.unknownService).not.toContain(name);
  });

  it.each([
    ["201 ASCII bytes", "a".repeat(201)],
    ["202 bytes in 101 characters", "é".repeat(101)],
    ["60 KB", "x".repeat(60_000)],
  ])("refuses a name over 200 bytes (%s) with INVALID_ARGUMENT, in Check and in Watch", async (_case, name) => {
    expect(await healthCheck(svc.health, name)).toEqual({ code: grpc.status.INVALID_ARGUMENT, details: HEALTH_DETAILS.invalidName });
    const watch = watchHealth(svc.health, name);
    expect(await watch.ended).toEqual({ code: grpc.status.INVALID_ARGUMENT, details: HEALTH_DETAILS.invalidName });
    expect(watch.statuses).toEqual([]);
    expect(svc.app.health.watchers).toBe(0);
  });

  it("lists the two known names, without a token", async () => {
    expect(await healthList(svc.health)).toEqual({
      code: grpc.status.OK,
      statuses: { "": "SERVING", "demo.v1.Resource": "SERVING" },
    });
  });

  it("reports NOT_SERVING once the app is told to stop serving", async () => {
    svc.app.health.setServing(false);
    expect(await healthCheck(svc.health, "")).toMatchObject({ code: grpc.status.OK, status: "NOT_SERVING" });
    expect(await healthCheck(svc.health, "demo.v1.Resource")).toMatchObject({ code: grpc.status.OK, status: "NOT_SERVING" });
    svc.app.health.setServing(true);
    expect(await healthCheck(svc.health, "")).toMatchObject({ status: "SERVING" });
  });

  it("pushes each change, and only changes, to every Watch stream of a known name", async () => {
    const watches = [watchHealth(svc.health, ""), watchHealth(svc.health, "demo.v1.Resource")];
    await eventually(() => {
      for (const watch of watches) expect(watch.statuses).toEqual(["SERVING"]);
    });
    svc.app.health.setServing(false);
    await eventually(() => {
      for (const watch of watches) expect(watch.statuses).toEqual(["SERVING", "NOT_SERVING"]);
    });
    svc.app.health.setServing(false); // no change: no message
    svc.app.health.setServing(true);
    await eventually(() => {
      for (const watch of watches) expect(watch.statuses).toEqual(["SERVING", "NOT_SERVING", "SERVING"]);
    });
    expect(svc.app.health.watchers).toBe(2);
    for (const watch of watches) watch.cancel();
    await eventually(() => {
      expect(svc.app.health.watchers).toBe(0);
    });
  });

  it("sends SERVICE_UNKNOWN for an unknown name and keeps that stream open", async () => {
    const unknown = watchHealth(svc.health, "demo.v1.Nope");
    const known = watchHealth(svc.health, "");
    await eventually(() => {
      expect(unknown.statuses).toEqual(["SERVICE_UNKNOWN"]);
      expect(known.statuses).toEqual(["SERVING"]);
    });
    svc.app.health.setServing(false);
    await eventually(() => {
      expect(known.statuses).toEqual(["SERVING", "NOT_SERVING"]);
    });
    // The known stream heard of the change, the unknown one still holds its slot, unended.
    expect(unknown.statuses).toEqual(["SERVICE_UNKNOWN"]);
    expect(unknown.isEnded()).toBe(false);
    expect(svc.app.health.watchers).toBe(2);
    svc.app.health.setServing(true);
    unknown.cancel();
    known.cancel();
    expect((await unknown.ended).code).toBe(grpc.status.CANCELLED);
    await eventually(() => {
      expect(svc.app.health.watchers).toBe(0);
    });
  });

  it("sends the latest status, not a backlog, when changes come faster than a stream takes them", async () => {
    const watch = watchHealth(svc.health, "");
    await eventually(() => {
      expect(watch.statuses).toEqual(["SERVING"]);
    });
    // 1001 changes in one go end NOT_SERVING; at most one message is on its way per stream.
    for (let i = 0; i < 1001; i++) svc.app.health.setServing(i % 2 === 1);
    await eventually(() => {
      expect(watch.statuses.at(-1)).toBe("NOT_SERVING");
    });
    svc.app.health.setServing(true);
    await eventually(() => {
      expect(watch.statuses.at(-1)).toBe("SERVING");
    });
    expect(watch.statuses).toEqual(["SERVING", "NOT_SERVING", "SERVING"]);
    watch.cancel();
    await eventually(() => {
      expect(svc.app.health.watchers).toBe(0);
    });
  });
});

describe("health follows readiness", () => {
  it("is NOT_SERVING while the service cannot verify, SERVING when ready or degraded", async () => {
    const readiness = new Readiness();
    readiness.set("keys", { status: "not_ready", reason: "the issuer's signing keys are not loaded yet" });
    const svc = await startService({ readiness });
    expect(await healthCheck(svc.health, "demo.v1.Resource")).toMatchObject({ status: "NOT_SERVING" });
    const watch = watchHealth(svc.health, "");
    await eventually(() => {
      expect(watch.statuses).toEqual(["NOT_SERVING"]);
    });
    readiness.set("keys", { status: "ready" });
    await eventually(() => {
      expect(watch.statuses).toEqual(["NOT_SERVING", "SERVING"]);
    });
    readiness.set("revocation", { status: "degraded", reason: "failing open" });
    expect(await healthCheck(svc.health, "")).toMatchObject({ status: "SERVING" });
    readiness.set("revocation", { status: "not_ready", reason: "revocation state stale" });
    await eventually(() => {
      expect(watch.statuses).toEqual(["NOT_SERVING", "SERVING", "NOT_SERVING"]);
    });
    watch.cancel();
    await svc.stop();
  });
});

describe("shutdown", () => {
  it("is graceful when no call is running", async () => {
    const svc = await startService();
    expect(await healthCheck(svc.health, "")).toMatchObject({ status: "SERVING" });
    await expect(closeGrpcServer(svc.app, 60_000)).resolves.toBeUndefined();
    await svc.stop();
  });

  it("is graceful with Watch streams open: they get NOT_SERVING and are ended by the server", async () => {
    const svc = await startService();
    const server = watchHealth(svc.health, "");
    const resource = watchHealth(svc.health, "demo.v1.Resource");
    const unknown = watchHealth(svc.health, "demo.v1.Nope");
    await eventually(() => {
      expect(svc.app.health.watchers).toBe(3);
      expect([server, resource, unknown].map((watch) => watch.statuses.length)).toEqual([1, 1, 1]);
    });
    // A grace far longer than a graceful stop takes, and shorter than the test's timeout: if the
    // streams held the server, this rejects.
    await expect(closeGrpcServer(svc.app, 20_000)).resolves.toBeUndefined();
    for (const watch of [server, resource, unknown]) expect((await watch.ended).code).toBe(grpc.status.OK);
    expect(server.statuses).toEqual(["SERVING", "NOT_SERVING"]);
    expect(resource.statuses).toEqual(["SERVING", "NOT_SERVING"]);
    expect(unknown.statuses).toEqual(["SERVICE_UNKNOWN"]);
    expect(svc.app.health.watchers).toBe(0);
    await svc.stop();
  });

  it("stays NOT_SERVING once shut down: later changes are ignored, a later Watch ends at once", async () => {
    const svc = await startService();
    svc.app.health.shutdown();
    svc.app.health.setServing(true);
    expect(await healthCheck(svc.health, "")).toMatchObject({ status: "NOT_SERVING" });
    const late = watchHealth(svc.health, "demo.v1.Resource");
    expect((await late.ended).code).toBe(grpc.status.OK);
    expect(late.statuses).toEqual(["NOT_SERVING"]);
    expect(svc.app.health.watchers).toBe(0);
    await svc.stop();
  });

  it("cuts a unary call still running after the grace", async () => {
    let reached: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const svc = await startService({ onVerify: () => { reached(); } });
    // A slow client: a valid token, then never the request message, so GetMe never completes.
    const metadata = new grpc.Metadata();
    metadata.set("authorization", `Bearer ${await svc.mint("alice", "profile")}`);
    const ended = new Promise<grpc.status>((resolve) => {
      svc.health.makeClientStreamRequest(
        "/demo.v1.Resource/GetMe",
        (value: Buffer) => value,
        (value: Buffer) => value,
        metadata,
        (error) => {
          resolve(error?.code ?? grpc.status.OK);
        },
      );
    });
    await arrived;
    await expect(closeGrpcServer(svc.app, 200)).rejects.toThrow(/cut/);
    expect(await ended).not.toBe(grpc.status.OK);
    await svc.stop();
  });

  it("frees the port for the next start", async () => {
    const svc = await startService();
    await closeGrpcServer(svc.app, 60_000);
    const again = new grpc.Server();
    await expect(bind(again, svc.port)).resolves.toBe(svc.port);
    again.forceShutdown();
    await svc.stop();
  });
});
