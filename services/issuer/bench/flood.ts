// What a burst of logins does to somebody else's login, over real HTTP against a separate issuer process
// (src/main.ts, production-cost scrypt hashes). The burst is sent by a third process (this file again,
// with FLOOD_ROLE=burst), so bob's timings are not delayed by handling 200 answers on the same event loop.
//
// Each round sends a burst of 200 parallel requests over 200 connections opened beforehand (so the whole
// burst reaches the server within milliseconds); from the moment all of them are written to their sockets
// until the last is answered, bob logs in, one login after the other (at least once). Not from the first
// answer: before the capacity bounds, the answers of successful logins came only at the very end (token
// signing also runs on libuv's pool, behind every queued scrypt run). Scenarios:
// - floor: 200 POST /token that fail before any login work (unsupported grant_type): the cost of the
//   HTTP requests alone, the least a burst of 200 can cost bob on this machine;
// - flood: 200 wrong passwords (200 different usernames) from ONE address;
// - crowd: 200 correct logins of 200 different users from 200 different addresses.
// Addresses are set with X-Forwarded-For (the server runs with TRUST_PROXY=1); every round uses fresh
// ones, so a throttled address of one round does not make the next round cheap. The server gets a
// temporary identities file: the shipped one plus 200 crowd users (sharing one production-cost hash).
//
// Run: pnpm --filter @org/issuer bench:flood
// Settings pass through to the server: LOGIN_CONCURRENCY, LOGIN_QUEUE, MAX_INFLIGHT_PER_ADDRESS,
// UV_THREADPOOL_SIZE. FLOOD_ROUNDS (default 8), FLOOD_SCENARIOS (default "floor,flood,crowd"), and
// FLOOD_SERVER_DIR: a directory holding another src/ and data/ of this package to run instead (e.g. an
// older commit's, extracted with `git archive`, for a before/after comparison).
import { spawn, type ChildProcess } from "node:child_process";
import { Agent, request } from "node:http";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { DEFAULT_IDENTITIES_FILE } from "../src/config.js";
import { hashSecret } from "../src/identities/hash.js";

const BURST = 200;
const IDLE_SAMPLES = 20;
const PASS_THROUGH = ["LOGIN_CONCURRENCY", "LOGIN_QUEUE", "MAX_INFLIGHT_PER_ADDRESS", "UV_THREADPOOL_SIZE"];
const BOB_ADDRESS = "198.51.100.2";
const CROWD_PASSWORD = "crowd-password";

interface Sample {
  readonly status: number;
  readonly ms: number;
}

interface BurstOrder {
  readonly url: string;
  readonly scenario: string;
  readonly round: number;
}

async function login(url: string, form: Record<string, string>, address: string): Promise<Sample> {
  const start = performance.now();
  const res = await fetch(`${url}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": address },
    body: new URLSearchParams({ grant_type: "password", client_id: "demo-cli", ...form }),
  });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - start };
}

function send(agent: Agent, url: string, method: "GET" | "POST", path: string, headers: Record<string, string>, body = "", written = (): void => undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers, agent }, (res) => {
      res.resume();
      res.once("end", () => {
        resolve(res.statusCode ?? 0);
      });
    });
    req.once("error", reject);
    // "finish": the whole request has been handed to the operating system.
    req.once("finish", written);
    req.end(body);
  });
}

/**
 * A fresh keep-alive agent per burst (an idle socket of the last one may have been closed by the
 * server's keep-alive timeout), its 200 connections opened with parallel GET /healthz.
 */
async function open(url: string): Promise<Agent> {
  const agent = new Agent({ keepAlive: true, maxSockets: BURST });
  await Promise.all(Array.from({ length: BURST }, () => send(agent, url, "GET", "/healthz", {})));
  return agent;
}

function burstLogin(agent: Agent, url: string, form: Record<string, string>, address: string, written: () => void): Promise<number> {
  const body = new URLSearchParams({ grant_type: "password", client_id: "demo-cli", ...form }).toString();
  return send(agent, url, "POST", "/token", { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": address }, body, written);
}

/** What the burst process reports: the whole burst is written, or all of it is answered. */
type BurstReport = { readonly sent: true } | { readonly statuses: number[] };

/** The burst process: sends one burst per order, reports when it is written and then all statuses. */
function burstProcess(report: (report: BurstReport) => void): void {
  process.on("message", (order: BurstOrder) => {
    const { url, scenario, round } = order;
    let unwritten = BURST;
    const written = (): void => {
      unwritten -= 1;
      if (unwritten === 0) report({ sent: true });
    };
    const one = (agent: Agent, i: number): Promise<number> => {
      if (scenario === "floor") return burstLogin(agent, url, { grant_type: "unsupported" }, `203.0.113.${round + 1}`, written);
      if (scenario === "flood") {
        return burstLogin(agent, url, { username: `flood-${round}-${i}`, password: "wrong-password" }, `203.0.113.${round + 1}`, written);
      }
      const address = `10.${round}.${Math.floor(i / 250)}.${(i % 250) + 1}`;
      return burstLogin(agent, url, { username: `crowd-${i}`, password: CROWD_PASSWORD }, address, written);
    };
    void (async () => {
      const agent = await open(url);
      const statuses = await Promise.all(Array.from({ length: BURST }, (_, i) => one(agent, i)));
      agent.destroy();
      report({ statuses });
    })();
  });
}

interface Server {
  readonly url: string;
  readonly child: ChildProcess;
}

async function startServer(identitiesFile: string): Promise<Server> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOST: "127.0.0.1",
    ISSUER_PORT: "0",
    TRUST_PROXY: "1",
    LOG_LEVEL: "info",
    IDENTITIES_FILE: identitiesFile,
  };
  for (const name of PASS_THROUGH) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  const cwd = process.env.FLOOD_SERVER_DIR ?? fileURLToPath(new URL("..", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd, env, stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n").find((l) => l.includes('"msg":"listening"'));
      if (line !== undefined) {
        out = "";
        resolve((JSON.parse(line) as { port: number }).port);
      } else if (out.length > 1_000_000) out = "";
    });
    child.once("exit", (code) => {
      reject(new Error(`the issuer exited with ${String(code)}`));
    });
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

async function stopServer(server: Server): Promise<void> {
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill("SIGTERM");
  await exited;
}

/** The shipped identities plus 200 crowd users, written to a temporary file. */
async function benchIdentities(dir: string): Promise<string> {
  const shipped = JSON.parse(await readFile(DEFAULT_IDENTITIES_FILE, "utf8")) as { users: unknown[]; clients: unknown[] };
  const hash = await hashSecret(CROWD_PASSWORD);
  const crowd = Array.from({ length: BURST }, (_, i) => ({ username: `crowd-${i}`, password_hash: hash, scopes: ["profile"] }));
  const file = join(dir, "identities.json");
  await writeFile(file, JSON.stringify({ users: [...shipped.users, ...crowd], clients: shipped.clients }));
  return file;
}

const bob = (url: string): Promise<Sample> => login(url, { username: "bob", password: "bob-demo-password" }, BOB_ADDRESS);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

function counts(statuses: readonly number[]): string {
  const byStatus = new Map<number, number>();
  for (const s of statuses) byStatus.set(s, (byStatus.get(s) ?? 0) + 1);
  return [...byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(" ");
}

/** Latency of the logins that succeeded (a quick 503 is no login), and the count of every answer. */
function describe(samples: readonly Sample[]): string {
  const ms = samples.filter((s) => s.status === 200).map((s) => s.ms).sort((a, b) => a - b);
  const at = (p: number): string => percentile(ms, p).toFixed(0);
  return `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms of the 200s (${samples.length} logins: ${counts(samples.map((s) => s.status))})`;
}

const WHAT: Readonly<Record<string, string>> = {
  floor: "200 POST /token failing before any login work, from one address",
  flood: "200 wrong passwords from one address",
  crowd: "200 correct logins of 200 users from 200 addresses",
};

async function scenarioRun(burster: ChildProcess, url: string, scenario: string, rounds: number): Promise<void> {
  const first: Sample[] = [];
  const during: Sample[] = [];
  const outcomes: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const state = { settled: false };
    let started: () => void = () => undefined;
    const sent = new Promise<void>((resolve) => {
      started = resolve;
    });
    const answers = new Promise<number[]>((resolve) => {
      const onReport = (report: BurstReport): void => {
        if ("sent" in report) {
          started();
          return;
        }
        burster.off("message", onReport);
        state.settled = true;
        resolve(report.statuses);
      };
      burster.on("message", onReport);
    });
    const order: BurstOrder = { url, scenario, round };
    burster.send(order);
    await sent;
    const sample = await bob(url);
    first.push(sample);
    during.push(sample);
    while (!state.settled) during.push(await bob(url));
    outcomes.push(...(await answers));
  }
  console.log(`${scenario}: ${rounds} bursts of ${WHAT[scenario] ?? scenario}`);
  console.log(`  bob's first login, sent right after each burst:  ${describe(first)}`);
  console.log(`  all of bob's logins sent while a burst was open: ${describe(during)}`);
  console.log(`  burst outcomes (all ${outcomes.length}): ${counts(outcomes)}`);
}

async function main(): Promise<void> {
  const rounds = Number(process.env.FLOOD_ROUNDS ?? "8");
  const scenarios = (process.env.FLOOD_SCENARIOS ?? "floor,flood,crowd").split(",");
  const settings = PASS_THROUGH.map((name) => `${name}=${process.env[name] ?? "(default)"}`).join(" ");
  const load = (): string => loadavg().map((l) => l.toFixed(1)).join(" ");
  console.log(`node ${process.version}, ${cpus().length} cores, load average ${load()} (1/5/15 min); ${settings}`);
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), "issuer-flood-"));
  const burster = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url)], {
    env: { ...process.env, FLOOD_ROLE: "burst" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  try {
    const identities = await benchIdentities(dir);
    for (const scenario of scenarios) {
      const server = await startServer(identities);
      try {
        for (let i = 0; i < 3; i++) await bob(server.url); // warm-up
        const idle: Sample[] = [];
        for (let i = 0; i < IDLE_SAMPLES; i++) idle.push(await bob(server.url));
        console.log(`idle: bob ${describe(idle)}`);
        await scenarioRun(burster, server.url, scenario, rounds);
      } finally {
        await stopServer(server);
      }
    }
  } finally {
    burster.kill("SIGTERM");
    await rm(dir, { recursive: true, force: true });
  }
  console.log(`load average after: ${load()}; took ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

if (process.env.FLOOD_ROLE === "burst") {
  const ipc = process.send?.bind(process);
  if (ipc === undefined) throw new Error("the burst process needs an IPC channel");
  burstProcess((report) => ipc(report));
} else {
  await main();
}
