// The issuer's keys CLI (services/issuer README, "Keys"), run as an operator runs it: a separate
// node process on the keys file, its result on stdout.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { serviceDir } from "@org/topology";

const run = promisify(execFile);

/** Generous: a node start on a loaded two-core machine. */
const CLI_TIMEOUT_MS = 60_000;

/**
 * Runs `keys <args>` (`init`, `add-next`, `promote`, `retire`, `list`) and returns its stdout,
 * trimmed (the new kid for `init` and `add-next`). Throws with the CLI's stderr on failure.
 *
 * @example
 * ```ts
 * const kid = await keysCli("add-next", file);
 * await keysCli("promote", file, kid, "--force");
 * ```
 */
export async function keysCli(...args: readonly string[]): Promise<string> {
  const cli = join(serviceDir("issuer"), "dist", "cli", "keys.js");
  try {
    const { stdout } = await run(process.execPath, [cli, ...args], { timeout: CLI_TIMEOUT_MS });
    return stdout.trim();
  } catch (error) {
    const stderr = typeof error === "object" && error !== null && "stderr" in error ? String(error.stderr).trim() : "";
    throw new Error(`keys ${args[0] ?? ""} failed: ${stderr}`, { cause: error });
  }
}
