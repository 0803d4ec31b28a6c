// The login path under a flood is measured by the issuer's own bench/flood.ts (a burst of parallel
// failing logins from one address while another user logs in). This section runs it when the
// checkout has it and quotes its output; until then it says so.
import { serviceDir } from "@org/topology";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** The flood bench's file, relative to the issuer's package. */
export const FLOOD_SCRIPT = "bench/flood.ts";

/**
 * The flood bench's output, or undefined when services/issuer/bench/flood.ts is not in this checkout.
 * Rejects when it exists but fails.
 *
 * @example
 * ```ts
 * const text = await floodReport(3);
 * ```
 */
export async function floodReport(rounds: number): Promise<string | undefined> {
  const dir = serviceDir("issuer");
  if (!existsSync(join(dir, FLOOD_SCRIPT))) return undefined;
  return new Promise((resolve, reject) => {
    const child = spawn("pnpm", ["run", "--silent", "bench:flood"], {
      cwd: dir,
      env: { ...process.env, FLOOD_ROUNDS: String(rounds) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code === 0) resolve(out.trim());
      else reject(new Error(`the issuer's flood bench exited with ${String(code)}`));
    });
  });
}
