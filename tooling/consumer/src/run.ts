// Runs one command to completion with a deadline and a cap on what it may print, in its own
// process group so that a timeout ends the command and everything it started (npm, tsc, node).
import { spawn } from "node:child_process";

/**
 * Most bytes kept of each of stdout and stderr; the rest is dropped (and `truncated` set).
 *
 * @example
 * ```ts
 * DEFAULT_MAX_OUTPUT_BYTES; // 1048576
 * ```
 */
export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

/**
 * Options of {@link run}.
 *
 * @example
 * ```ts
 * const options: RunOptions = { cwd: "/tmp/project", timeoutMs: 60_000 };
 * ```
 */
export interface RunOptions {
  readonly cwd: string;
  /** The whole environment of the command; default {@link childEnv}`(process.env)`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Milliseconds before the command's process group is killed (SIGKILL). */
  readonly timeoutMs: number;
  readonly maxOutputBytes?: number;
}

/**
 * How a command ended.
 *
 * @example
 * ```ts
 * const { code, timedOut }: RunResult = await run("node", ["-v"], options);
 * ```
 */
export interface RunResult {
  /** The exit code, or null when a signal ended it. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** It was killed at the deadline. */
  readonly timedOut: boolean;
  /** Output past `maxOutputBytes` was dropped. */
  readonly truncated: boolean;
}

/**
 * The environment for commands run from inside a pnpm script: without pnpm's and npm's
 * `npm_*` variables (npm reads `npm_config_*` as its settings, so they would reconfigure the
 * consumer's install) and without NODE_OPTIONS (the consumer must run on plain `node`).
 *
 * @example
 * ```ts
 * childEnv({ PATH: "/usr/bin", npm_config_registry: "x", NODE_OPTIONS: "--x" }); // { PATH: "/usr/bin" }
 * ```
 */
export function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || /^(npm_|pnpm_)/i.test(name) || name === "NODE_OPTIONS") continue;
    kept[name] = value;
  }
  return kept;
}

/** Collects a stream's text up to a byte cap. */
class Capped {
  readonly #chunks: Buffer[] = [];
  #bytes = 0;
  truncated = false;

  constructor(private readonly max: number) {}

  add(chunk: Buffer): void {
    const room = this.max - this.#bytes;
    if (chunk.length > room) this.truncated = true;
    if (room <= 0) return;
    const kept = chunk.subarray(0, room);
    this.#chunks.push(kept);
    this.#bytes += kept.length;
  }

  text(): string {
    return Buffer.concat(this.#chunks).toString("utf8");
  }
}

/**
 * Runs `command args` in `cwd` with no input. Never rejects for the command's own failure:
 * the result says how it ended. Throws TypeError for bad options.
 *
 * @example
 * ```ts
 * const { code, stdout } = await run("npm", ["install"], { cwd, timeoutMs: 600_000 });
 * ```
 */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const max = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  if (!Number.isSafeInteger(options.timeoutMs) || options.timeoutMs <= 0) throw new TypeError("timeoutMs must be a positive integer");
  if (!Number.isSafeInteger(max) || max <= 0) throw new TypeError("maxOutputBytes must be a positive integer");
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? childEnv(process.env),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group, so the deadline can end its children too
    });
    const stdout = new Capped(max);
    const stderr = new Capped(max);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // The group is already gone: it ended between the deadline and now.
      }
    }, options.timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout.add(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr.add(chunk);
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const truncated = stdout.truncated || stderr.truncated;
      resolve({ code, signal, stdout: stdout.text(), stderr: stderr.text(), timedOut, truncated });
    });
  });
}

/**
 * A one-line account of a failed run for an assertion message: the command's exit and the end
 * of its stderr.
 *
 * @example
 * ```ts
 * expect(result.code, describeRun(result)).toBe(0);
 * ```
 */
export function describeRun(result: RunResult, tailBytes = 4000): string {
  const end = result.timedOut ? "timed out" : result.signal !== null ? `killed by ${result.signal}` : `exit ${String(result.code)}`;
  return `${end}; stderr: ${result.stderr.slice(-tailBytes)}; stdout: ${result.stdout.slice(-tailBytes)}`;
}
