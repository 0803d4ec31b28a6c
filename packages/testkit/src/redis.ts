// A real redis-server for tests, on 127.0.0.1 and a free port, stopped by its PID. It speaks to the
// server over a tiny RESP2 client of its own so that testkit needs no Redis library.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Options of {@link startRedis}. */
export interface StartRedisOptions {
  /** Append-only file with `appendfsync always`, so a restart (even after SIGKILL) keeps every acknowledged write. Default false. */
  readonly aof?: boolean;
  /** Working directory (AOF files); default a new temporary directory, removed by `stop()`. */
  readonly dir?: string;
}

/** A running redis-server started by {@link startRedis}. */
export interface RunningRedis {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** PID of the current process (a restart changes it). */
  readonly pid: number;
  /** SIGTERM, waits for the exit, removes the temporary directory it created. Idempotent. */
  stop(): Promise<void>;
  /** Stops (SIGTERM) if running, then starts again on the same port and directory; resolves once PING answers. */
  restart(): Promise<void>;
  /** SIGKILL (a crash), waits for the exit; `restart()` brings it back. */
  kill(): Promise<void>;
  /** `INFO commandstats` as lower-case command name -> calls, e.g. `{ xread: 12, evalsha: 1 }`. */
  commandStats(): Promise<Record<string, number>>;
  /** One command on a fresh connection; the RESP2 reply (error replies reject). */
  command(...args: readonly string[]): Promise<unknown>;
}

const START_TIMEOUT_MS = 20_000;
const POLL_MS = 25;
const COMMAND_TIMEOUT_MS = 10_000;
const MAX_REPLY_BYTES = 64 * 1024 * 1024;

/** Every server a test process started, killed on exit should a test file forget to stop one. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const child of running) child.kill("SIGKILL");
  });
}

/**
 * Spawns `redis-server` on 127.0.0.1 and a free port (`--save ""`, AOF on or off with
 * `appendfsync always`, a temporary `--dir`), waits until PING answers, and returns a handle that
 * stops it by PID. A server a test file did not stop is killed when the test process exits.
 *
 * @example
 * const redis = await startRedis({ aof: true });
 * afterAll(() => redis.stop());
 * await redis.kill();    // crash
 * await redis.restart(); // same port, same data
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<RunningRedis> {
  installExitHook();
  const createdDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "testkit-redis-")));
  const aof = options.aof ?? false;
  let port = 0;
  let child: ChildProcess | undefined;
  // A free port can be taken between probing and binding: try a few.
  for (let attempt = 0; child === undefined; attempt++) {
    port = await freePort();
    try {
      child = await spawnServer(port, dir, aof);
    } catch (e) {
      if (attempt >= 4) throw e;
    }
  }
  let current: ChildProcess = child;
  let stopped = false;

  const terminate = async (signal: NodeJS.Signals): Promise<void> => {
    if (current.exitCode === null && current.signalCode === null) {
      const exited = once(current, "exit");
      current.kill(signal);
      await exited;
    }
    running.delete(current);
  };

  return {
    url: `redis://127.0.0.1:${String(port)}`,
    port,
    get pid() {
      return current.pid ?? -1;
    },
    stop: async () => {
      await terminate("SIGTERM");
      if (!stopped && createdDir) await rm(dir, { recursive: true, force: true });
      stopped = true;
    },
    restart: async () => {
      if (stopped) throw new Error("startRedis: restart() after stop()");
      await terminate("SIGTERM");
      current = await spawnServer(port, dir, aof);
    },
    kill: () => terminate("SIGKILL"),
    commandStats: async () => parseCommandStats(await respCommand(port, ["INFO", "commandstats"])),
    command: (...args) => respCommand(port, args),
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  await once(server, "close");
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return address.port;
}

async function spawnServer(port: number, dir: string, aof: boolean): Promise<ChildProcess> {
  const args = [
    "--port", String(port),
    "--bind", "127.0.0.1",
    "--save", "",
    "--appendonly", aof ? "yes" : "no",
    "--appendfsync", "always",
    "--dir", dir,
    "--daemonize", "no",
  ];
  const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let output = "";
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString("utf8")).slice(-4000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      running.delete(child);
      throw new Error(`redis-server exited at start on port ${String(port)}: ${output}`);
    }
    if ((await respCommand(port, ["PING"]).catch(() => undefined)) === "PONG") return child;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      running.delete(child);
      throw new Error(`redis-server did not answer PING within ${String(START_TIMEOUT_MS)} ms: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function parseCommandStats(reply: unknown): Record<string, number> {
  if (typeof reply !== "string") throw new Error("INFO commandstats: not a bulk string");
  const stats: Record<string, number> = {};
  // Lines look like: cmdstat_xread:calls=12,usec=345,usec_per_call=28.75,...
  for (const match of reply.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    const [, name, calls] = match;
    if (name !== undefined && calls !== undefined) stats[name.toLowerCase()] = Number(calls);
  }
  return stats;
}

function encode(args: readonly string[]): Buffer {
  const parts = [`*${String(args.length)}\r\n`];
  for (const arg of args) parts.push(`$${String(Buffer.byteLength(arg))}\r\n${arg}\r\n`);
  return Buffer.from(parts.join(""), "utf8");
}

/** Sends one command on a new connection and resolves with the parsed RESP2 reply. */
function respCommand(port: number, args: readonly string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: "127.0.0.1" });
    let buffer = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy(new Error(`${args[0] ?? "command"} timed out`));
    }, COMMAND_TIMEOUT_MS);
    const finish = (error: Error | undefined, value?: unknown): void => {
      clearTimeout(timer);
      socket.destroy();
      if (error === undefined) resolve(value);
      else reject(error);
    };
    socket.on("connect", () => socket.write(encode(args)));
    socket.on("error", (e) => {
      finish(e);
    });
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length > MAX_REPLY_BYTES) {
        finish(new Error("reply too large"));
        return;
      }
      const parsed = parseReply(buffer, 0);
      if (parsed === undefined) return;
      if (parsed.value instanceof Error) finish(parsed.value);
      else finish(undefined, parsed.value);
    });
  });
}

type Parsed = { value: unknown; end: number } | undefined;

/** One RESP2 reply starting at `at`, or undefined when more bytes are needed. */
function parseReply(buffer: Buffer, at: number): Parsed {
  const lineEnd = buffer.indexOf("\r\n", at);
  if (lineEnd < 0) return undefined;
  const type = String.fromCharCode(buffer[at] ?? 0);
  const line = buffer.toString("utf8", at + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case "+":
      return { value: line, end: next };
    case "-":
      return { value: new Error(line), end: next };
    case ":":
      return { value: Number(line), end: next };
    case "$": {
      const length = Number(line);
      if (length < 0) return { value: null, end: next };
      if (buffer.length < next + length + 2) return undefined;
      return { value: buffer.toString("utf8", next, next + length), end: next + length + 2 };
    }
    case "*": {
      const count = Number(line);
      if (count < 0) return { value: null, end: next };
      const items: unknown[] = [];
      let cursor = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buffer, cursor);
        if (item === undefined) return undefined;
        items.push(item.value);
        cursor = item.end;
      }
      return { value: items, end: cursor };
    }
    default:
      return { value: new Error(`unexpected RESP type ${type}`), end: buffer.length };
  }
}
