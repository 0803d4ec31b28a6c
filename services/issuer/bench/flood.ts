// What a login flood does to somebody else's login, over real HTTP against a separate issuer process
// (src/main.ts with the shipped, production-cost identities), so that the flooding client and the
// server do not share an event loop.
//
// Each round fires a burst of 200 parallel logins and, at the same moment, starts bob's logins one
// after the other until the burst has been answered:
// - flood: 200 wrong passwords (200 different usernames) from ONE address;
// - crowd: 200 correct logins (alice) from 200 different addresses.
// Addresses are set with X-Forwarded-For (the server runs with TRUST_PROXY=1); every round uses fresh
// ones, so a throttled address of one round does not make the next round cheap.
//
// Run: pnpm --filter @org/issuer bench:flood
// Settings pass through to the server: LOGIN_CONCURRENCY, LOGIN_QUEUE, MAX_INFLIGHT_PER_ADDRESS,
// UV_THREADPOOL_SIZE. FLOOD_ROUNDS (default 8), FLOOD_SCENARIOS (default "flood,crowd"), and
// FLOOD_SERVER_DIR: a directory holding another src/ and data/ of this package to run instead (e.g. an
// older commit's, extracted with `git archive`, for a before/after comparison).
import { spawn, type ChildProcess } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const BURST = 200;
const IDLE_SAMPLES = 20;
const ROUNDS = Number(process.env.FLOOD_ROUNDS ?? "8");
const SCENARIOS = (process.env.FLOOD_SCENARIOS ?? "flood,crowd").split(",");
const PASS_THROUGH = ["LOGIN_CONCURRENCY", "LOGIN_QUEUE", "MAX_INFLIGHT_PER_ADDRESS", "UV_THREADPOOL_SIZE"];
const BOB_ADDRESS = "198.51.100.2";

interface Server {
  readonly url: string;
  readonly child: ChildProcess;
}

async function startServer(): Promise<Server> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOST: "127.0.0.1",
    ISSUER_PORT: "0",
    TRUST_PROXY: "1",
    LOG_LEVEL: "info",
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

async function login(url: string, form: Record<string, string>, address: string): Promise<{ status: number; ms: number }> {
  const start = performance.now();
  const res = await fetch(`${url}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": address },
    body: new URLSearchParams({ grant_type: "password", client_id: "demo-cli", ...form }),
  });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - start };
}

const bob = (url: string): Promise<{ status: number; ms: number }> =>
  login(url, { username: "bob", password: "bob-demo-password" }, BOB_ADDRESS);

function burst(url: string, scenario: string, round: number): Promise<number>[] {
  return Array.from({ length: BURST }, async (_, i) => {
    const result =
      scenario === "flood"
        ? await login(url, { username: `flood-${round}-${i}`, password: "wrong-password" }, `203.0.113.${round + 1}`)
        : await login(url, { username: "alice", password: "alice-demo-password" }, `10.${round}.${Math.floor(i / 250)}.${(i % 250) + 1}`);
    return result.status;
  });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

function describe(samples: readonly { status: number; ms: number }[]): string {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const statuses = counts(samples.map((s) => s.status));
  return `p50 ${percentile(ms, 0.5).toFixed(0)} ms, p99 ${percentile(ms, 0.99).toFixed(0)} ms, max ${percentile(ms, 1).toFixed(0)} ms (${samples.length} logins: ${statuses})`;
}

function counts(statuses: readonly number[]): string {
  const byStatus = new Map<number, number>();
  for (const s of statuses) byStatus.set(s, (byStatus.get(s) ?? 0) + 1);
  return [...byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(" ");
}

async function scenarioRun(url: string, scenario: string): Promise<void> {
  const first: { status: number; ms: number }[] = [];
  const during: { status: number; ms: number }[] = [];
  const outcomes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const burstState = { settled: false };
    const answers = Promise.all(burst(url, scenario, round)).then((statuses) => {
      burstState.settled = true;
      return statuses;
    });
    // bob starts together with the burst and keeps logging in, one at a time, until it is answered.
    const sample = await bob(url);
    first.push(sample);
    during.push(sample);
    while (!burstState.settled) during.push(await bob(url));
    outcomes.push(...(await answers));
  }
  const what = scenario === "flood" ? "200 wrong passwords from one address" : "200 correct logins from 200 addresses";
  console.log(`${scenario}: ${ROUNDS} bursts of ${what}`);
  console.log(`  bob's login sent with each burst:            ${describe(first)}`);
  console.log(`  bob's logins sent while a burst was pending: ${describe(during)}`);
  console.log(`  burst outcomes (all ${outcomes.length}): ${counts(outcomes)}`);
}

const settings = PASS_THROUGH.map((name) => `${name}=${process.env[name] ?? "(default)"}`).join(" ");
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(" ");
console.log(`node ${process.version}, ${cpus().length} cores, load average ${load()} (1/5/15 min); ${settings}`);
const started = performance.now();
for (const scenario of SCENARIOS) {
  const server = await startServer();
  try {
    for (let i = 0; i < 3; i++) await bob(server.url); // warm-up
    const idle: { status: number; ms: number }[] = [];
    for (let i = 0; i < IDLE_SAMPLES; i++) idle.push(await bob(server.url));
    console.log(`idle: bob ${describe(idle)}`);
    await scenarioRun(server.url, scenario);
  } finally {
    await stopServer(server);
  }
}
console.log(`load average after: ${load()}; took ${((performance.now() - started) / 1000).toFixed(0)} s`);
