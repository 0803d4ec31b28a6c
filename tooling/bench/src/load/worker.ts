// The load generator's process: reads one JSON load a line on stdin, runs it, answers one JSON
// result a line on stdout. One load at a time; it exits when stdin closes. A process of its own,
// so the load's cost is never the measured server's and never the orchestrator's.
import { createInterface } from "node:readline";
import { grpcLoad } from "./grpc.js";
import { httpLoad } from "./http.js";
import type { Load, LoadResult } from "./types.js";

async function run(load: Load): Promise<LoadResult> {
  return load.kind === "http" ? httpLoad(load) : grpcLoad(load);
}

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === "") continue;
  try {
    const result = await run(JSON.parse(line) as Load);
    process.stdout.write(`${JSON.stringify({ ok: true, result })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ ok: false, error: error instanceof Error ? error.message : String(error) })}\n`);
  }
}
