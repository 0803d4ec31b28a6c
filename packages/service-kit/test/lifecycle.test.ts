// The kit's start-up and stop routines in a real child process: one stderr line for a bad start,
// exit 0 for a graceful stop, exit 1 when work was cut, a second signal, or an uncaught error.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer, request } from "node:http";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, StartupError, bindError } from "../src/index.js";
import { startupFailureLine } from "../src/startup.js";

const fixture = fileURLToPath(new URL("./fixtures/service.ts", import.meta.url));
const tsx = createRequire(import.meta.url).resolve("tsx");
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

interface Run {
  readonly child: ChildProcess;
  readonly lines: Record<string, unknown>[];
  /** Resolves with the first log line whose msg is `msg`. */
  line(msg: string): Promise<Record<string, unknown>>;
  readonly exit: Promise<{ code: number | null; stderr: string }>;
}

function run(env: Record<string, string>, ipc = false): Run {
  const child = spawn(process.execPath, ["--import", tsx, fixture], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ipc ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const lines: Record<string, unknown>[] = [];
  const waiting = new Map<string, (entry: Record<string, unknown>) => void>();
  if (child.stdout === null || child.stderr === null) throw new Error("no pipes");
  createInterface({ input: child.stdout }).on("line", (text) => {
    const entry = JSON.parse(text) as Record<string, unknown>;
    lines.push(entry);
    if (typeof entry.msg === "string") waiting.get(entry.msg)?.(entry);
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  // "exit" plus the end of the output, not "close": with an IPC channel that was disconnected,
  // Node does not always emit "close".
  const exit = Promise.all([once(child, "exit"), once(child.stdout, "end"), once(child.stderr, "end")]).then(([[code]]) => ({
    code: code as number | null,
    stderr,
  }));
  return {
    child,
    lines,
    line: (msg) => {
      const seen = lines.find((entry) => entry.msg === msg);
      return seen !== undefined ? Promise.resolve(seen) : new Promise((resolve) => waiting.set(msg, resolve));
    },
    exit,
  };
}

/** Starts a request and resolves once the server has it (the response never needs to come). */
function inFlight(port: unknown, path: string): Promise<void> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port: Number(port), path, agent: false });
    req.on("error", () => undefined);
    req.end();
    // The connection is accepted and the request written: give the server its turn to read it.
    req.on("finish", () => setTimeout(resolve, 200));
  });
}

describe("a bad start", () => {
  it("is one stderr line naming the variable, never the value, and exit 1", async () => {
    const { exit } = run({ FIXTURE_PORT: "not-a-port" });
    const { code, stderr } = await exit;
    expect(code).toBe(1);
    expect(stderr).toBe("fixture: FIXTURE_PORT: must be a whole number from 0 to 65535\n");
  });

  it("says so in one line when the port is already in use", async () => {
    const taken = createServer();
    taken.listen(0, "127.0.0.1");
    await once(taken, "listening");
    const address = taken.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    try {
      const { code, stderr } = await run({ FIXTURE_PORT: String(port) }).exit;
      expect(code).toBe(1);
      expect(stderr).toBe(`fixture: FIXTURE_PORT: 127.0.0.1:${port} is already in use\n`);
    } finally {
      taken.close();
    }
  });

  it("words other failures on one line", () => {
    expect(startupFailureLine("issuer", new ConfigError("X", "bad"))).toBe("issuer: X: bad");
    expect(startupFailureLine("issuer", new TypeError("line one\nline two"))).toBe("issuer: startup failed (TypeError: line one line two)");
    expect(bindError({ host: "10.9.9.9", port: 1, portVariable: "P" }, "EADDRNOTAVAIL")).toMatchObject({
      variable: "HOST",
      message: "HOST: 10.9.9.9 is not an address of this machine",
    });
    expect(bindError({ host: "h", port: 80, portVariable: "P" }, "EACCES")).toBeInstanceOf(StartupError);
  });
});

describe("stopping", () => {
  it("on SIGTERM closes, logs stopping and stopped, and exits 0", async () => {
    const service = run({});
    await service.line("listening");
    service.child.kill("SIGTERM");
    const { code } = await service.exit;
    expect(code).toBe(0);
    expect(service.lines.map((l) => l.msg)).toEqual(["listening", "stopping", "stopped"]);
    expect(service.lines[1]).toMatchObject({ signal: "SIGTERM" });
  });

  it("cuts a request still running after the grace and exits 1", async () => {
    const service = run({ FIXTURE_GRACE_MS: "300" });
    const { port } = await service.line("listening");
    await inFlight(port, "/slow");
    service.child.kill("SIGTERM");
    const { code } = await service.exit;
    expect(code).toBe(1);
    expect(service.lines.map((l) => l.msg)).toContain("stop failed");
    expect(service.lines.map((l) => l.msg)).not.toContain("stopped");
  });

  it("exits 1 at once on a second signal", async () => {
    const service = run({ FIXTURE_GRACE_MS: "60000" });
    const { port } = await service.line("listening");
    await inFlight(port, "/slow");
    service.child.kill("SIGTERM");
    await service.line("stopping");
    service.child.kill("SIGINT");
    const { code } = await service.exit;
    expect(code).toBe(1);
    expect(service.lines.map((l) => l.msg)).toContain("second SIGINT, exiting");
  });

  it("stops on an uncaught error, logging it, with exit 1", async () => {
    const service = run({});
    const { port } = await service.line("listening");
    await fetch(`http://127.0.0.1:${String(port)}/crash`);
    const { code } = await service.exit;
    expect(code).toBe(1);
    expect(service.lines.find((l) => l.msg === "uncaught error; stopping")).toMatchObject({ level: 60 });
  });

  it("stops when the supervising process's IPC channel goes away", async () => {
    const service = run({}, true);
    await service.line("listening");
    service.child.disconnect();
    const { code } = await service.exit;
    expect(code).toBe(0);
    // The warn line can reach the pipe after the lines of the stop it starts: compare as a set.
    expect(service.lines.map((l) => l.msg).sort()).toEqual(["listening", "stopped", "stopping", "the supervising process is gone; stopping"]);
  });
});
