// The whole story, as `pnpm demo` runs it: a child process, its output and its exit code.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { STEPS } from "../src/story.js";

const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));

async function demo(env: Record<string, string | undefined>): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [MAIN], { env: { ...env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, out };
}

describe("pnpm demo", () => {
  it("tells every step as stated with revocation on, exits 0, and never prints a token", async () => {
    const { code, out } = await demo({ PATH: process.env.PATH, HOME: process.env.HOME });
    expect(out).toContain(`${STEPS.length} of ${STEPS.length} steps as stated`);
    expect(out).toContain("revocation on: its own redis-server");
    expect(out).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/); // a compact JWS starts with base64url '{"'
    expect(out).not.toContain("\u001b[");
    expect(code).toBe(0);
  });

  it("says revocation is skipped and why when redis-server is not on PATH, and still exits 0", async () => {
    const empty = mkdtempSync(join(tmpdir(), "demo-path-"));
    try {
      const { code, out } = await demo({ PATH: empty, HOME: process.env.HOME });
      const skipped = STEPS.filter((s) => s.needsRevocation === true).length;
      expect(out).toContain("revocation off: redis-server is not on PATH");
      expect(out).toContain(`${STEPS.length - skipped} of ${STEPS.length} steps as stated, ${skipped} skipped`);
      expect(code).toBe(0);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
