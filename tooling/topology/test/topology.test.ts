import { afterEach, describe, expect, it } from "vitest";
import {
  SERVICE_NAMES,
  TopologyError,
  freePorts,
  grpcServing,
  httpHealthy,
  startTopology,
  type Topology,
} from "../src/index.js";
import { isRunning, portOpen } from "./stand-ins.js";

// The real services (their dist/, built first by turbo's ^build). Output is discarded; an
// ephemeral issuer key is fine here, nothing verifies tokens.
const QUIET = { ports: "free", stdout: null, env: { ...process.env, LOG_LEVEL: "warn" } } as const;

describe("startTopology with the real services", () => {
  let running: Topology | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  // One start for the happy path and the crash, to keep the suite short on a busy machine.
  // context.signal: a timed-out test aborts the start, which stops what was already spawned.
  it("starts all four ready; reports a killed one through `exited`; stop() leaves no process", async ({ signal }) => {
    const topology = await startTopology({ ...QUIET, signal });
    running = topology;
    const { urls } = topology;
    expect(await httpHealthy(urls.issuer)).toBe(true);
    expect(await httpHealthy(urls.express)).toBe(true);
    expect(await httpHealthy(urls.koa)).toBe(true);
    expect(await grpcServing(urls.grpc, "", 2_000)).toBe(true);
    expect(await grpcServing(urls.grpc, "demo.v1.Resource", 2_000)).toBe(true);
    expect(Object.keys(topology.readyMs).sort()).toEqual([...SERVICE_NAMES].sort());
    expect(new Set(Object.values(topology.ports)).size).toBe(5);
    const pids = Object.values(topology.pids);
    expect(pids.every(isRunning)).toBe(true);

    process.kill(topology.pids.koa ?? 0, "SIGKILL");
    await expect(topology.exited).resolves.toMatchObject({ service: "koa", code: null, signal: "SIGKILL" });
    expect(await httpHealthy(urls.express)).toBe(true);

    await topology.stop();
    expect(pids.filter(isRunning)).toEqual([]);
    expect(await httpHealthy(urls.issuer)).toBe(false);
  });

  it("fails the start naming a resource service that refuses its settings, and stops the issuer", async ({ signal }) => {
    const env = { ...QUIET.env, JWKS: '{"keys":[]}', JWKS_FILE: "/nonexistent/jwks.json" };
    const [issuer = 0, express = 0, koa = 0, grpc = 0] = await freePorts(4);
    const start = startTopology({ ...QUIET, ports: { issuer, express, koa, grpc }, env, signal });
    await expect(start).rejects.toThrow(TopologyError);
    const error = await start.catch((e: unknown) => e);
    if (!(error instanceof TopologyError)) throw error;
    expect(["express", "koa", "grpc"]).toContain(error.service);
    expect(error.reason).toBe("exited");
    expect(error.lastStderr).toBe(`${error.service}-resource: JWKS: cannot be set together with JWKS_FILE; set only one`);
    expect(error.message).toMatch(/exited with code 1 before the topology was ready; last stderr line: .*JWKS/);
    expect(await portOpen(issuer)).toBe(false);
  });
});
