import * as grpc from "@grpc/grpc-js";
import { KeySet } from "@org/token";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { healthCheck } from "./helpers.js";
import { killAfterTest } from "@org/testkit";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const main = join(root, "dist", "main.js");
const dir = mkdtempSync(join(tmpdir(), "grpc-resource-main-"));

// The spawn runs the compiled service exactly as `pnpm start` does; turbo builds the package
// before its tests.
beforeAll(() => {
  if (!existsSync(main)) throw new Error(`${main} is missing: run the package's build (pnpm test does)`);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A clean environment: nothing from the runner's own settings leaks into the service. */
function env(vars: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? "", ...vars };
}

describe("dist/main.js", () => {
  it("refuses a bad setting with one stderr line naming the variable, exit code 1", async () => {
    const child = spawn(process.execPath, [main], { env: env({ GRPC_PORT: "not-a-port" }) });
    killAfterTest(child);
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(1);
    expect(stdout).toBe("");
    const lines = stderr.split("\n").filter((line) => line !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^grpc-resource: GRPC_PORT: /);
    expect(lines[0]).not.toContain("not-a-port");
  });

  it("listens, answers health checks, and stops cleanly on SIGTERM", async () => {
    const set = await KeySet.generate();
    const jwksPath = join(dir, "jwks.json");
    writeFileSync(jwksPath, JSON.stringify(set.publicJwks()));
    const child = spawn(process.execPath, [main], {
      env: env({ HOST: "127.0.0.1", GRPC_PORT: "0", JWKS_FILE: jwksPath }),
      stdio: ["ignore", "pipe", "inherit"],
    });
    killAfterTest(child);
    const entries: Record<string, unknown>[] = [];
    const lines = createInterface({ input: child.stdout });
    const listening = new Promise<Record<string, unknown>>((resolve) => {
      lines.on("line", (line) => {
        const entry = JSON.parse(line) as Record<string, unknown>;
        entries.push(entry);
        if (entry.msg === "listening") resolve(entry);
      });
    });
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));

    const ready = await listening;
    expect(ready).toMatchObject({ service: "grpc-resource", host: "127.0.0.1", port: expect.any(Number) as unknown });
    const health = new grpc.Client(`127.0.0.1:${String(ready.port)}`, grpc.credentials.createInsecure());
    expect(await healthCheck(health, "demo.v1.Resource")).toMatchObject({ status: "SERVING" });
    health.close();

    child.kill("SIGTERM");
    expect(await closed).toBe(0);
    expect(entries.map((e) => e.msg)).toEqual(expect.arrayContaining(["listening", "stopping", "stopped"]));
  }, 30_000);
});
