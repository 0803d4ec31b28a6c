import type { ChildProcess } from "node:child_process";
import { onTestFinished } from "vitest";

/**
 * Kills a spawned service when the current test ends, passed, failed or timed out, so a failing
 * run never leaves a process holding a port. A child that already exited is left alone.
 *
 * @example
 * const child = spawn(process.execPath, ["dist/main.js"], { env });
 * killAfterTest(child);
 */
export function killAfterTest(child: ChildProcess): void {
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
}
