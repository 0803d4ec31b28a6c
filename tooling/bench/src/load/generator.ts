// The orchestrator's side of the load generator: one long-lived worker process, asked for one load
// at a time.
import { spawn, type ChildProcessByStdio } from "node:child_process";
import { once } from "node:events";
import { createInterface, type Interface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { Load, LoadResult } from "./types.js";

/** A running load generator. */
export interface LoadGenerator {
  readonly pid: number;
  /** Runs one load; rejects when the worker reports an error or dies. */
  run(load: Load): Promise<LoadResult>;
  close(): Promise<void>;
}

function isResult(value: unknown): value is LoadResult {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return ["requests", "perSecond", "p50", "p99", "failed"].every((k) => typeof v[k] === "number" || v[k] === null);
}

/**
 * Starts the load generator's process (`dist/load/worker.js`).
 *
 * @example
 * ```ts
 * const generator = startLoadGenerator();
 * const { perSecond } = await generator.run({ kind: "http", url, headers: {}, connections: 32, durationMs: 3000 });
 * await generator.close();
 * ```
 */
export function startLoadGenerator(): LoadGenerator {
  const child: ChildProcessByStdio<Writable, Readable, null> = spawn(process.execPath, [fileURLToPath(new URL("worker.js", import.meta.url))], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines: Interface = createInterface({ input: child.stdout });
  const waiting: ((line: string | undefined) => void)[] = [];
  lines.on("line", (line) => waiting.shift()?.(line));
  child.once("exit", () => {
    for (const w of waiting.splice(0)) w(undefined);
  });
  let queue: Promise<unknown> = Promise.resolve();
  const send = async (load: Load): Promise<LoadResult> => {
    const answer = new Promise<string | undefined>((resolve) => waiting.push(resolve));
    child.stdin.write(`${JSON.stringify(load)}\n`);
    const line = await answer;
    if (line === undefined) throw new Error("the load generator exited");
    const reply = JSON.parse(line) as { ok: boolean; result?: unknown; error?: string };
    if (!reply.ok || !isResult(reply.result)) throw new Error(`load failed: ${reply.error ?? "no result"}`);
    return reply.result;
  };
  return {
    pid: child.pid ?? -1,
    run: (load) => {
      const next = queue.then(() => send(load));
      queue = next.catch(() => undefined);
      return next;
    },
    close: async () => {
      child.stdin.end();
      if (child.exitCode === null && child.signalCode === null) await once(child, "exit");
    },
  };
}
