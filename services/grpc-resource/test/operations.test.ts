// The gRPC service's HTTP side (METRICS_PORT): Prometheus metrics and the two probes, nothing else.
import { Readiness, createMetrics, listenHttp } from "@org/service-kit";
import { listening, type Running } from "@org/testkit";
import { Counter } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operationsServer } from "../src/serve.js";

let running: Running;
const readiness = new Readiness();
beforeAll(async () => {
  const registry = createMetrics("grpc-resource");
  new Counter({ name: "auth_refusals_total", help: "test", labelNames: ["reason"], registers: [registry] }).inc({ reason: "token_expired" });
  const server = operationsServer(readiness, registry);
  await listenHttp(server, { host: "127.0.0.1", port: 0, portVariable: "METRICS_PORT" });
  running = await listening(server);
});
afterAll(() => running.close());

describe("the operations server", () => {
  it("serves the metrics in the Prometheus text format", async () => {
    const res = await fetch(`${running.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await res.text()).toContain('auth_refusals_total{reason="token_expired",service="grpc-resource"} 1');
  });

  it("answers the probes as gRPC health does", async () => {
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
    readiness.set("keys", { status: "not_ready", reason: "the issuer's signing keys are not loaded yet" });
    const notReady = await fetch(`${running.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ status: "not_ready", reason: "the issuer's signing keys are not loaded yet" });
    readiness.set("keys", { status: "ready" });
  });

  it("answers nothing else", async () => {
    expect((await fetch(`${running.url}/`)).status).toBe(404);
    expect((await fetch(`${running.url}/metrics`, { method: "POST" })).status).toBe(405);
  });
});
