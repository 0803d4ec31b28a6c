// What 3000 cancelled health Watch streams with distinct names leave behind in the server, for
// grpc-health-check's HealthImplementation and for this service's HealthService, side by side.
// Each server runs in a child process of its own (so one's garbage never counts for the other);
// this process is the client. Names of 60 KB are what an attacker would send; 200 bytes is the
// longest name HealthService accepts (and then holds until the cancel).
// Run: pnpm --filter @org/grpc-resource bench
import * as grpc from "@grpc/grpc-js";
import { HealthImplementation, service as healthService } from "grpc-health-check";
import { spawn, type ChildProcessByStdio } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { createInterface, type Interface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { HealthService } from "../src/routes/health.js";

const WATCHES = 3000;
const BATCH = 50;
// nghttp2 ends a connection that resets streams faster than ~1000 at once (rapid-reset
// protection): the client takes a fresh connection every 500 cancels.
const PER_CONNECTION = 500;
const KNOWN = ["", "demo.v1.Resource"];

type Kind = "grpc-health-check" | "HealthService";

interface Sample {
  readonly rss: number;
  readonly heapUsed: number;
  /** Per-name entries the implementation keeps. */
  readonly entries: number;
  /** Watch streams it still holds. */
  readonly open: number;
}

const watchMethod = healthService.Watch;
if (watchMethod === undefined) throw new Error("grpc-health-check lacks Watch");
const watch = watchMethod;

// ---- server side (child process) ----

function sizeOf(value: unknown): number {
  return value instanceof Map || value instanceof Set ? value.size : 0;
}

/** The package keeps its state private; the bench reads it to count what stays behind. */
function packageCounts(health: HealthImplementation): { entries: number; open: number } {
  const statuses: unknown = Reflect.get(health, "statusMap");
  const watchers: unknown = Reflect.get(health, "watchers");
  let open = 0;
  if (watchers instanceof Map) for (const set of watchers.values()) open += sizeOf(set);
  return { entries: sizeOf(statuses) + sizeOf(watchers), open };
}

async function serve(kind: Kind): Promise<void> {
  const server = new grpc.Server();
  let counts: () => { entries: number; open: number };
  if (kind === "grpc-health-check") {
    const health = new HealthImplementation(Object.fromEntries(KNOWN.map((name) => [name, "SERVING"])));
    health.addToServer(server);
    counts = () => packageCounts(health);
  } else {
    const health = new HealthService(KNOWN);
    health.addTo(server);
    counts = () => ({ entries: health.entries, open: health.watchers });
  }
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => {
      if (error) reject(error);
      else resolve(bound);
    });
  });
  console.log(JSON.stringify({ port }));
  for await (const line of createInterface({ input: process.stdin })) {
    if (line !== "measure") continue;
    // Twice: the first pass can leave finalizable objects for the second.
    globalThis.gc?.();
    globalThis.gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    console.log(JSON.stringify({ rss, heapUsed, ...counts() }));
  }
  server.forceShutdown();
}

// ---- client side (this process) ----

class Child {
  readonly #lines: Interface;
  readonly #pending: ((line: string) => void)[] = [];

  constructor(readonly process: ChildProcessByStdio<Writable, Readable, null>) {
    this.#lines = createInterface({ input: process.stdout });
    this.#lines.on("line", (line) => this.#pending.shift()?.(line));
  }

  next(): Promise<string> {
    return new Promise((resolve) => this.#pending.push(resolve));
  }

  async measure(): Promise<Sample> {
    const answer = this.next();
    this.process.stdin.write("measure\n");
    return JSON.parse(await answer) as Sample;
  }
}

/** Opens one Watch, waits for its first message (or its end, when refused), then cancels it. */
function watchAndCancel(client: grpc.Client, service: string): Promise<void> {
  return new Promise((resolve) => {
    const stream = client.makeServerStreamRequest(watch.path, watch.requestSerialize, watch.responseDeserialize, { service });
    stream.on("error", () => undefined);
    stream.once("data", () => {
      stream.cancel();
    });
    stream.on("status", () => {
      resolve();
    });
  });
}

async function run(kind: Kind, nameBytes: number): Promise<{ before: Sample; after: Sample }> {
  const child = new Child(
    spawn(process.execPath, ["--expose-gc", ...process.execArgv, fileURLToPath(import.meta.url), kind], {
      stdio: ["pipe", "pipe", "inherit"],
    }),
  );
  const { port } = JSON.parse(await child.next()) as { port: number };
  const before = await child.measure();
  let client: grpc.Client | undefined;
  for (let start = 0; start < WATCHES; start += BATCH) {
    if (start % PER_CONNECTION === 0) {
      client?.close();
      client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { "grpc.use_local_subchannel_pool": 1 });
    }
    const current = client;
    if (current === undefined) throw new Error("no client");
    await Promise.all(Array.from({ length: BATCH }, (_, i) => watchAndCancel(current, `${start + i}:`.padEnd(nameBytes, "n"))));
  }
  client?.close();
  // The last cancels reach the server after the client saw them: poll, never sleep a fixed time.
  let after = await child.measure();
  for (let tries = 0; after.open > 0 && tries < 200; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    after = await child.measure();
  }
  child.process.stdin.end();
  await new Promise((resolve) => child.process.once("close", resolve));
  return { before, after };
}

async function main(): Promise<void> {
  const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`.padStart(8);
  console.log(`${WATCHES} Watch streams, each cancelled after its first message; ${cpus().length} cores, load average ${(loadavg()[0] ?? 0).toFixed(1)}`);
  console.log("implementation      name      rss before  rss after  heap before  heap after  entries  open streams");
  const cases: [Kind, number][] = [
    ["grpc-health-check", 60_000],
    ["HealthService", 60_000],
    ["HealthService", 200],
  ];
  for (const [kind, nameBytes] of cases) {
    const { before, after } = await run(kind, nameBytes);
    const name = nameBytes >= 1000 ? `${nameBytes / 1000} KB` : `${nameBytes} B`;
    console.log(
      `${kind.padEnd(19)} ${name.padEnd(8)} ${mib(before.rss)}    ${mib(after.rss)}   ${mib(before.heapUsed)}     ${mib(after.heapUsed)}  ${String(after.entries).padStart(7)}  ${String(after.open).padStart(12)}`,
    );
  }
}

const kind = process.argv[2];
if (kind === "grpc-health-check" || kind === "HealthService") await serve(kind);
else await main();
