import { describe, expect, it } from "vitest";
import { childEnv, describeRun, run } from "../src/run.js";

const node = (code: string, options: { timeoutMs?: number; maxOutputBytes?: number } = {}) =>
  run(process.execPath, ["-e", code], { cwd: process.cwd(), timeoutMs: options.timeoutMs ?? 60_000, maxOutputBytes: options.maxOutputBytes });

/** Whether a process with this id is still there. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("run", () => {
  it("reports the exit code and both streams", async () => {
    const result = await node('process.stdout.write("out"); process.stderr.write("err"); process.exitCode = 3;');
    expect(result).toEqual({ code: 3, signal: null, stdout: "out", stderr: "err", timedOut: false, truncated: false });
  });

  it("keeps at most maxOutputBytes of a stream", async () => {
    const result = await node('process.stdout.write("x".repeat(100000));', { maxOutputBytes: 1000 });
    expect(result.stdout).toBe("x".repeat(1000));
    expect(result.truncated).toBe(true);
  });

  it("kills the command and what it started at the deadline", async () => {
    // The command starts a grandchild, prints its pid, and both would run forever.
    const code = [
      'const { spawn } = require("node:child_process");',
      'const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });',
      "process.stdout.write(String(child.pid));",
      "setInterval(() => {}, 1000);",
    ].join("\n");
    const result = await node(code, { timeoutMs: 3_000 });
    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe("SIGKILL");
    const grandchild = Number(result.stdout);
    expect(grandchild).toBeGreaterThan(0);
    await expect.poll(() => alive(grandchild), { timeout: 30_000, interval: 100 }).toBe(false);
  });

  it("refuses a missing deadline or output cap", () => {
    expect(() => run("true", [], { cwd: ".", timeoutMs: 0 })).toThrow(TypeError);
    expect(() => run("true", [], { cwd: ".", timeoutMs: 1000, maxOutputBytes: -1 })).toThrow(TypeError);
  });

  it("describes a failed run by its end and the tail of its output", async () => {
    const result = await node('process.stderr.write("boom"); process.exit(2);');
    expect(describeRun(result)).toBe("exit 2; stderr: boom; stdout: ");
  });
});

describe("childEnv", () => {
  it("drops npm's and pnpm's variables and NODE_OPTIONS, keeps the rest", () => {
    const env = { PATH: "/usr/bin", HOME: "/root", npm_config_registry: "http://x", NPM_CONFIG_USERCONFIG: "/x", pnpm_config_x: "1", NODE_OPTIONS: "--require x", UNSET: undefined };
    expect(childEnv(env)).toEqual({ PATH: "/usr/bin", HOME: "/root" });
  });
});
