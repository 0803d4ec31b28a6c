import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type { ServiceName } from "./services.js";

/** How a child ended. */
export interface ServiceExit {
  readonly service: ServiceName;
  /** Exit code, or null when a signal ended it. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The last non-empty line it wrote to stderr, if any (config errors are one such line). */
  readonly lastStderr: string | undefined;
}

/** A running service process. */
export interface ServiceProcess {
  readonly name: ServiceName;
  readonly pid: number | undefined;
  /** Resolves once the process has exited and its output is drained. Never rejects. */
  readonly exited: Promise<ServiceExit>;
  /** True once stop() was called: its exit is expected. */
  readonly stopping: boolean;
  /** True once it has exited. */
  readonly done: boolean;
  lastStderr(): string | undefined;
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves when the process is gone. */
  stop(timeoutMs: number): Promise<ServiceExit>;
}

/** Where prefixed output goes: a writable stream, or null to discard it. */
export type LineSink = { write(chunk: string): unknown } | null;

/** Options of {@link spawnService}. */
export interface SpawnOptions {
  readonly name: ServiceName;
  readonly entry: string;
  readonly env: Record<string, string>;
  /** Written before every line, e.g. `"[issuer]  "`. */
  readonly label: string;
  readonly out: LineSink;
  /** Turns each line before it is written (e.g. JSON logs made readable on a terminal); default as is. */
  readonly format?: (line: string) => string;
}

/**
 * Starts `node <entry>` and copies each line of its stdout and stderr to `out`, prefixed with
 * its label, so the interleaved logs of four services stay attributable.
 *
 * @example
 * ```ts
 * const child = spawnService({ name: "koa", entry, env, label: "[koa] ", out: process.stdout });
 * await child.stop(5_000);
 * ```
 */
export function spawnService(options: SpawnOptions): ServiceProcess {
  const { name, entry, env, label, out } = options;
  const format = options.format ?? ((line: string) => line);
  // Its own process group: a Ctrl-C in the terminal reaches the launcher only, which stops each
  // child with exactly one SIGTERM (a second signal would make a service exit at once). The IPC
  // channel is how a child knows the launcher is gone, even after a SIGKILL: it stops itself.
  const child = spawn(process.execPath, [entry], { env, stdio: ["ignore", "pipe", "pipe", "ipc"], detached: true });
  track(child);
  if (child.stdout === null || child.stderr === null) throw new Error("spawn gave no output pipes");
  let last: string | undefined;
  let stopping = false;
  forwardLines(child.stdout, label, out, format, () => undefined);
  forwardLines(child.stderr, label, out, format, (line) => {
    last = line;
  });
  // "close" rather than "exit": it fires after stdout/stderr are drained, so the last stderr
  // line is known when the exit is reported.
  const exited = new Promise<ServiceExit>((resolve) => {
    child.once("close", (code, signal) => {
      resolve({ service: name, code, signal, lastStderr: last });
    });
    child.once("error", (error) => {
      last = `spawn failed: ${error.message}`;
      resolve({ service: name, code: null, signal: null, lastStderr: last });
    });
  });
  let done = false;
  void exited.then(() => (done = true));

  async function stop(timeoutMs: number): Promise<ServiceExit> {
    stopping = true;
    if (done) return exited;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    name,
    pid: child.pid,
    exited,
    get stopping() {
      return stopping;
    },
    get done() {
      return done;
    },
    lastStderr: () => last,
    stop,
  };
}

// Children still running when this process exits (a crashed test runner, an uncaught error)
// would be orphaned and keep their ports; the last resort is a synchronous SIGKILL on exit.
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function track(child: ChildProcess): void {
  live.add(child);
  child.once("close", () => live.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const orphan of live) orphan.kill("SIGKILL");
  });
}

function forwardLines(
  stream: Readable,
  label: string,
  out: LineSink,
  format: (line: string) => string,
  onLine: (line: string) => void,
): void {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (line.trim() !== "") onLine(line);
    out?.write(`${label}${format(line)}\n`);
  });
}
