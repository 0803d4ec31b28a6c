import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TopologyError, developmentKeys, freePorts, httpHealthy, startTopology, supervise } from "../src/index.js";
import { Collector, isRunning, portOpen, writeStandIns } from "./stand-ins.js";

// The launcher against stand-in scripts; the real services are exercised in topology.test.ts.
describe("startTopology with stand-ins", () => {
  let standIns: ReturnType<typeof writeStandIns>;
  beforeAll(() => {
    standIns = writeStandIns();
  });
  afterAll(() => {
    standIns.remove();
  });

  it("waits for the probe, prefixes every line with the service and stops the process", async () => {
    const out = new Collector();
    const topology = await startTopology({
      ports: "free",
      services: ["issuer"],
      entries: { issuer: standIns.paths.healthy },
      stdout: out,
    });
    expect(await httpHealthy(topology.urls.issuer)).toBe(true);
    expect(topology.readyMs.issuer).toBeTypeOf("number");
    const pid = topology.pids.issuer;
    expect(isRunning(pid)).toBe(true);
    await topology.stop();
    expect(isRunning(pid)).toBe(false);
    expect(out.lines()).toContain("[issuer] a line on stderr");
    expect(out.lines().every((line) => line.startsWith("[issuer] "))).toBe(true);
    expect(out.text).toContain('"msg":"listening"');
  });

  it("rejects naming the service and its last stderr line when it exits early", async () => {
    const start = startTopology({
      ports: "free",
      services: ["issuer"],
      entries: { issuer: standIns.paths.crashing },
      stdout: null,
    });
    await expect(start).rejects.toThrow(TopologyError);
    await expect(start).rejects.toThrow(/^issuer exited with code 1 .*ACCESS_TOKEN_TTL must be a positive integer$/);
    await expect(start).rejects.toMatchObject({
      service: "issuer",
      reason: "exited",
      lastStderr: "ACCESS_TOKEN_TTL must be a positive integer",
    });
  });

  it("rejects when a service is not ready in time and stops it", async () => {
    const [port = 0] = await freePorts(1);
    const start = startTopology({
      ports: { issuer: port },
      services: ["issuer"],
      entries: { issuer: standIns.paths.unhealthy },
      stdout: null,
      readyTimeoutMs: 500,
    });
    await expect(start).rejects.toMatchObject({ service: "issuer", reason: "timeout" });
    await expect(start).rejects.toThrow(`was not ready within 500 ms (GET http://127.0.0.1:${String(port)}/readyz)`);
    expect(await portOpen(port)).toBe(false);
  });

  it("sends SIGKILL to a service that ignores SIGTERM", async () => {
    const topology = await startTopology({
      ports: "free",
      services: ["issuer"],
      entries: { issuer: standIns.paths.stubborn },
      stdout: null,
      stopTimeoutMs: 300,
    });
    const pid = topology.pids.issuer;
    await topology.stop();
    expect(isRunning(pid)).toBe(false);
    expect(await httpHealthy(topology.urls.issuer)).toBe(false);
  });

  it("reports a service that dies after the start through `exited`", async () => {
    const topology = await startTopology({
      ports: "free",
      services: ["issuer"],
      entries: { issuer: standIns.paths.healthy },
      stdout: null,
    });
    process.kill(topology.pids.issuer ?? 0, "SIGKILL");
    await expect(topology.exited).resolves.toMatchObject({ service: "issuer", signal: "SIGKILL" });
    await topology.stop();
  });

  it("stops what it started when the signal aborts the start", async () => {
    const controller = new AbortController();
    const [port = 0] = await freePorts(1);
    const start = startTopology({
      ports: { issuer: port },
      services: ["issuer"],
      entries: { issuer: standIns.paths.unhealthy },
      stdout: null,
      signal: controller.signal,
    });
    // Abort only once the (never ready) stand-in is listening, so there is something to stop.
    while (!(await portOpen(port))) await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort(new Error("interrupted"));
    await expect(start).rejects.toThrow("interrupted");
    expect(await portOpen(port)).toBe(false);
  });
});

describe("supervise", () => {
  let standIns: ReturnType<typeof writeStandIns>;
  beforeAll(() => {
    standIns = writeStandIns();
  });
  afterAll(() => {
    standIns.remove();
  });
  const start = (entries: Record<string, string>) =>
    startTopology({ ports: "free", services: ["issuer", "express"], entries, stdout: null });

  it("reports a service that dies once ready in one line, keeps the others serving, and stops with exit code 1", async () => {
    const topology = await start({ issuer: standIns.paths.healthy, express: standIns.paths.healthyExpress });
    const lines: string[] = [];
    const supervision = supervise(topology, (line) => lines.push(line), { addedEnv: { ISSUER_KEYS_FILE: "/repo/.dev/issuer keys.json" } });
    process.kill(topology.pids.issuer ?? 0, "SIGKILL");
    await expect.poll(() => lines).toEqual([
      "topology: issuer was killed by SIGKILL; the others keep serving (bring it back with: ISSUER_KEYS_FILE='/repo/.dev/issuer keys.json' pnpm --filter @org/issuer start)",
    ]);
    expect(await httpHealthy(topology.urls.express)).toBe(true);
    expect(isRunning(topology.pids.express)).toBe(true);
    expect(await supervision.stop()).toBe(1);
    expect(isRunning(topology.pids.express)).toBe(false);
  });

  it("stops with exit code 0 when every service stopped cleanly, 1 when one had to cut work", async () => {
    const clean = await start({ issuer: standIns.paths.healthy, express: standIns.paths.healthyExpress });
    expect(await supervise(clean, () => undefined).stop()).toBe(0);
    const cutting = await start({ issuer: standIns.paths.healthy, express: standIns.paths.cuttingExpress });
    const lines: string[] = [];
    expect(await supervise(cutting, (line) => lines.push(line)).stop()).toBe(1);
    expect(lines).toEqual(["topology: express exited with code 1 while stopping"]);
  });
});

describe("developmentKeys", () => {
  it("creates one key file (mode 0600) once and reuses it; replaces one that is not usable", async () => {
    const root = mkdtempSync(join(tmpdir(), "topology-dev-keys-"));
    try {
      const first = await developmentKeys(root);
      expect(first).toEqual({ path: join(root, ".dev/issuer-keys.json"), created: true });
      expect(statSync(first.path).mode & 0o777).toBe(0o600);
      const text = readFileSync(first.path, "utf8");
      expect(await developmentKeys(root)).toEqual({ path: first.path, created: false });
      expect(readFileSync(first.path, "utf8")).toBe(text);
      writeFileSync(first.path, "{}");
      expect((await developmentKeys(root)).created).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("one service stopped and started again", () => {
  it("stops one service without reporting it, and relaunches it ready on the same port", async () => {
    const standIns = writeStandIns();
    try {
      const topology = await startTopology({ ports: "free", services: ["issuer"], entries: { issuer: standIns.paths.healthy }, stdout: null });
      const exits: string[] = [];
      topology.onExit((exit) => exits.push(exit.service));
      const first = topology.pids.issuer;
      expect(await topology.stopService("issuer")).toMatchObject({ service: "issuer", code: 0 });
      expect(await httpHealthy(topology.urls.issuer)).toBe(false);
      await topology.relaunch("issuer");
      expect(await httpHealthy(topology.urls.issuer)).toBe(true);
      expect(topology.pids.issuer).not.toBe(first);
      expect(exits).toEqual([]);
      await topology.stop();
      expect(isRunning(topology.pids.issuer)).toBe(false);
    } finally {
      standIns.remove();
    }
  });
});
