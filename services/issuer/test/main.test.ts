// The built entry point: bad settings exit 1 with one stderr line; a good start logs "listening",
// serves, and stops cleanly on SIGTERM.
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identitiesDocument } from "./helpers.js";
import { killAfterTest } from "@org/testkit";

const root = fileURLToPath(new URL("..", import.meta.url));
const main = join(root, "dist", "main.js");
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "issuer-main-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function run(env: Record<string, string>): { status: number | null; stderr: string; stdout: string } {
  const result = spawnSync(process.execPath, [main], {
    env: { PATH: process.env.PATH ?? "", ISSUER_PORT: "0", ...env },
    encoding: "utf8",
    timeout: 20_000,
  });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}

describe("node dist/main.js", () => {
  it.each([
    ["ISSUER_PORT", "99999"],
    ["REDIS_URL", "http://127.0.0.1:6379"],
    ["IDENTITIES_FILE", "/nonexistent/identities.json"],
    ["TOKEN_ISSUER", "http://issuer.internal:4000"],
    ["LOGIN_QUEUE", "many"],
  ])("%s=%s: exit 1 and one line on stderr naming it", (variable, value) => {
    const result = run({ [variable]: value });
    expect(result.status).toBe(1);
    const lines = result.stderr.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]?.startsWith(`issuer: ${variable}: `)).toBe(true);
    expect(lines[0]).not.toContain(value);
  });

  it("a bad identities file and a bad keys file name their variable", async () => {
    const badIds = join(dir, "ids.json");
    await writeFile(badIds, JSON.stringify({ users: [{ username: "alice", password_hash: "plaintext", scopes: [] }], clients: [] }));
    const ids = run({ IDENTITIES_FILE: badIds });
    expect(ids.status).toBe(1);
    expect(ids.stderr.trim()).toBe("issuer: IDENTITIES_FILE: users[0].password_hash is not a scrypt hash line (use the hash-password CLI)");
    const badKeys = join(dir, "keys.json");
    await writeFile(badKeys, '{"keys": []}');
    const keys = run({ ISSUER_KEYS_FILE: badKeys });
    expect(keys.status).toBe(1);
    expect(keys.stderr.trim()).toMatch(/^issuer: ISSUER_KEYS_FILE: /);
    expect(keys.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("HOST=0.0.0.0 with the shipped demo identities: exit 1, one line naming ALLOW_DEMO_IDENTITIES, never listening", () => {
    const result = run({ HOST: "0.0.0.0" });
    expect(result.status).toBe(1);
    expect(result.stdout).not.toContain('"msg":"listening"');
    const lines = result.stderr.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^issuer: ALLOW_DEMO_IDENTITIES: .*set ALLOW_DEMO_IDENTITIES=true$/);
  });

  it("starts, logs listening with service/host/port, serves, and exits 0 on SIGTERM", async () => {
    const file = join(dir, "fast-ids.json");
    await writeFile(file, JSON.stringify(await identitiesDocument()));
    const child = spawn(process.execPath, [main], {
      env: { PATH: process.env.PATH ?? "", ISSUER_PORT: "0", IDENTITIES_FILE: file },
      stdio: ["ignore", "pipe", "pipe"],
    });
    killAfterTest(child);
    let out = "";
    const listening = new Promise<{ port: number; host: string; service: string }>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        for (const line of out.split("\n")) {
          if (line.includes('"msg":"listening"')) resolve(JSON.parse(line) as { port: number; host: string; service: string });
        }
      });
    });
    const line = await listening;
    expect(line).toMatchObject({ service: "issuer", host: "127.0.0.1" });
    const res = await fetch(`http://127.0.0.1:${line.port}/healthz`);
    expect(res.status).toBe(200);
    // The ephemeral-key warning is loud and on the log stream.
    expect(out).toMatch(/"level":40.*NO ISSUER_KEYS_FILE/);
    // These identities carry the demo passwords (cheaply hashed): said once, on loopback not refused.
    expect(out.split("\n").filter((l) => l.includes("DEMO IDENTITIES"))).toHaveLength(1);
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 30_000);
});
