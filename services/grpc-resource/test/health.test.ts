import * as grpc from "@grpc/grpc-js";
import { service as healthService } from "grpc-health-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeGrpcServer } from "../src/serve.js";
import { bind, healthCheck, startService, type Running } from "./helpers.js";

describe("grpc.health.v1.Health", () => {
  let svc: Running;

  beforeAll(async () => {
    svc = await startService();
  });
  afterAll(async () => {
    await svc.stop();
  });

  it("answers SERVING for the server and for demo.v1.Resource, without a token", async () => {
    expect(await healthCheck(svc.health, "")).toEqual({ code: grpc.status.OK, status: "SERVING" });
    expect(await healthCheck(svc.health, "demo.v1.Resource")).toEqual({ code: grpc.status.OK, status: "SERVING" });
  });

  it("answers NOT_FOUND for a service it does not know", async () => {
    expect((await healthCheck(svc.health, "demo.v1.Nope")).code).toBe(grpc.status.NOT_FOUND);
  });

  it("reports NOT_SERVING once the app is told to stop serving", async () => {
    svc.app.setServing(false);
    expect(await healthCheck(svc.health, "")).toEqual({ code: grpc.status.OK, status: "NOT_SERVING" });
    expect(await healthCheck(svc.health, "demo.v1.Resource")).toEqual({ code: grpc.status.OK, status: "NOT_SERVING" });
    svc.app.setServing(true);
  });
});

describe("shutdown", () => {
  it("is graceful when no call is running", async () => {
    const svc = await startService();
    expect(await healthCheck(svc.health, "")).toMatchObject({ status: "SERVING" });
    await expect(closeGrpcServer(svc.app, 60_000)).resolves.toBeUndefined();
    await svc.stop();
  });

  it("cuts calls still open after the timeout (a health Watch stream never ends by itself)", async () => {
    const svc = await startService();
    const watch = healthService.Watch;
    if (watch === undefined) throw new Error("grpc-health-check lacks Watch");
    const statuses: unknown[] = [];
    const stream = svc.health.makeServerStreamRequest(
      watch.path,
      watch.requestSerialize,
      (bytes: Buffer): unknown => watch.responseDeserialize(bytes),
      { service: "" },
    );
    const ended = new Promise<grpc.status>((resolve) => {
      stream.on("error", (error: grpc.ServiceError) => {
        resolve(error.code);
      });
      stream.on("status", (status: grpc.StatusObject) => {
        resolve(status.code);
      });
    });
    const waiters: (() => void)[] = [];
    stream.on("data", (message: unknown) => {
      statuses.push(typeof message === "object" && message !== null ? Reflect.get(message, "status") : message);
      waiters.shift()?.();
    });
    const nextMessage = (): Promise<void> => new Promise((resolve) => waiters.push(resolve));
    await nextMessage();
    svc.app.setServing(false);
    await nextMessage();
    await expect(closeGrpcServer(svc.app, 200)).rejects.toThrow(/cut/);
    expect(await ended).not.toBe(grpc.status.OK);
    expect(statuses).toEqual(["SERVING", "NOT_SERVING"]);
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
