// Section 5: the issuer. Client-credentials tokens per second (each one a scrypt check of the
// client secret: bound by design), password-grant latency, and the login path under a flood.
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { interleave } from "../../harness/rounds.js";
import type { Section, SectionOutput } from "../../harness/section.js";
import { percentile, ratio, summarize } from "../../harness/stats.js";
import { startLoadGenerator } from "../../load/generator.js";
import { formatNumber, formatRatio, formatSummary, markdownTable } from "../../report/format.js";
import { FLOOD_SCRIPT, floodReport } from "./flood.js";
import { startIssuer, type LoginCapacity } from "./issuer.js";

const BASIC = `Basic ${Buffer.from("reporting-job:reporting-job-secret").toString("base64")}`;
/** Connections for client credentials, all from 127.0.0.1 and all for one client id. */
const CONNECTIONS = 4;
/**
 * The issuer's login capacity for this section, set explicitly: the defaults allow 2 /token requests
 * in flight per address, which would refuse half of the load's requests with 429 (every connection
 * comes from 127.0.0.1). 2 comparisons at once (one per core, the default here), 8 waiting (the
 * default), 4 in flight per address (one per connection; it must stay below 2 + 8). The client's own
 * throttle allows 5 pending attempts, so 4 connections stay within it too.
 */
const CAPACITY: LoginCapacity = { concurrency: 2, queue: 8, inflightPerAddress: CONNECTIONS };

function settings(quick: boolean): { rounds: number; roundMs: number; logins: number; floodRounds: number } {
  return quick ? { rounds: 1, roundMs: 1_000, logins: 5, floodRounds: 1 } : { rounds: 3, roundMs: 3_000, logins: 21, floodRounds: 3 };
}

/** A random address of a documentation range (RFC 5737, 198.51.100.0/24 widened) for each attempt. */
function address(): string {
  const [a = 0, b = 0] = randomBytes(2);
  return `198.51.${String(a)}.${String((b % 254) + 1)}`;
}

/** ms of one password-grant request, and its status. */
async function login(url: string, username: string, password: string): Promise<{ ms: number; status: number }> {
  const start = performance.now();
  const res = await fetch(`${url}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": address() },
    body: new URLSearchParams({ grant_type: "password", username, password, client_id: "demo-cli" }),
  });
  await res.arrayBuffer();
  return { ms: performance.now() - start, status: res.status };
}

async function logins(url: string, count: number, attempt: (i: number) => [string, string], expected: number): Promise<number[]> {
  await login(url, ...attempt(-1)); // warm-up
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const { ms, status } = await login(url, ...attempt(i));
    if (status !== expected) throw new Error(`a password grant answered ${String(status)}, expected ${String(expected)}`);
    times.push(ms);
  }
  return times;
}

const DRAIN_TIMEOUT_MS = 60_000;

/**
 * Waits until the issuer has room for this client again. A load's end closes its connections with
 * requests still in flight, and the issuer keeps each one's per-address slot and pending throttle
 * attempt until its scrypt check is done; a round started at once would meet them and count their
 * 429s as its own. One grant at a time until one is answered 200 (a refused one costs no scrypt).
 */
async function drained(url: string): Promise<void> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  for (;;) {
    const res = await fetch(`${url}/token`, {
      method: "POST",
      headers: { authorization: BASIC, "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
    await res.arrayBuffer();
    if (res.status === 200) return;
    if (Date.now() > deadline) throw new Error(`the issuer still answers ${String(res.status)} after its load`);
    await sleep(50);
  }
}

async function measureIssuer(s: ReturnType<typeof settings>, log: (line: string) => void) {
  const issuer = await startIssuer(CAPACITY);
  const generator = startLoadGenerator();
  try {
    log("issuer: client credentials");
    const load = (durationMs: number) => ({
      kind: "http" as const, url: `${issuer.url}/token`, method: "POST" as const, connections: CONNECTIONS, durationMs,
      headers: { authorization: BASIC, "content-type": "application/x-www-form-urlencoded" }, body: "grant_type=client_credentials",
    });
    await generator.run(load(500));
    const [rounds = []] = await interleave([load], s.rounds, async (make) => {
      await drained(issuer.url);
      return generator.run(make(s.roundMs));
    });
    await drained(issuer.url);
    const cc = { perSecond: summarize(rounds.map((r) => r.perSecond)), p99: summarize(rounds.map((r) => r.p99)), failed: rounds.reduce((n, r) => n + r.failed, 0) };
    log("issuer: password grants");
    const known = await logins(issuer.url, s.logins, () => ["alice", "alice-demo-password"], 200);
    const unknown = await logins(issuer.url, s.logins, (i) => [`nobody-${String(i)}-${randomBytes(4).toString("hex")}`, "alice-demo-password"], 400);
    return { cc, known, unknown };
  } finally {
    await generator.close();
    await issuer.stop();
  }
}

/** Section 5 of BENCHMARKS.md. */
export const issuerSection: Section = {
  id: "issuer",
  title: "Issuer",
  async run(run, log): Promise<SectionOutput> {
    const s = settings(run.quick);
    const { cc, known, unknown } = await measureIssuer(s, log);
    log("issuer: the login flood");
    const flood = await floodReport(s.floodRounds);
    const row = (name: string, v: readonly number[]): string[] => [name, formatNumber(percentile(v, 50)), formatNumber(percentile(v, 99)), String(v.length)];
    const markdown = [
      "The issuer's built `dist/main.js` with the shipped identities (scrypt N=2^14, r=8, p=1: production cost), `LOG_LEVEL=info`, one proxy hop " +
        "trusted so that every login comes from an address of its own (the throttle judges each afresh). Processes on the 2 cores: the issuer, the " +
        "load generator, the orchestrator (which sends the password grants itself, one at a time).",
      `**Client credentials** (\`reporting-job\`, HTTP Basic; each issuance checks the client secret with scrypt, so the rate is bound by design): ` +
        `${String(CONNECTIONS)} connections, ${String(s.rounds)} rounds of ${String(s.roundMs / 1000)} s. The issuer runs with ` +
        `\`LOGIN_CONCURRENCY=${String(CAPACITY.concurrency)}\`, \`LOGIN_QUEUE=${String(CAPACITY.queue)}\` and ` +
        `\`MAX_INFLIGHT_PER_ADDRESS=${String(CAPACITY.inflightPerAddress)}\`, set explicitly: the default of 2 requests in flight per address ` +
        "would answer half of these connections (all from 127.0.0.1) with 429; a real deployment's clients come from addresses of their own.",
      markdownTable(
        [{ title: "grant" }, { title: "tokens/s (median ± spread)", numeric: true }, { title: "p99 ms", numeric: true }, { title: "failed", numeric: true }],
        [["client_credentials", formatSummary(cc.perSecond), formatNumber(cc.p99.median), String(cc.failed)]],
      ),
      `**Password grant**, ${String(s.logins)} logins one after the other (after one warm-up). An unknown user is checked against a dummy ` +
        `hash of the same cost, so that the answer's timing does not tell which usernames exist: unknown / known p50 here ` +
        `${formatRatio(ratio(percentile(unknown, 50), percentile(known, 50)))} (a known user's login also signs an access and a refresh token).`,
      markdownTable(
        [{ title: "login" }, { title: "p50 ms", numeric: true }, { title: "p99 ms", numeric: true }, { title: "logins", numeric: true }],
        [row("alice, right password (200)", known), row("unknown user (400 invalid_grant)", unknown)],
      ),
      "**The login path under a flood**: " +
        (flood === undefined
          ? `not measured in this run: the issuer's flood bench (\`services/issuer/${FLOOD_SCRIPT}\`, \`pnpm --filter @org/issuer bench:flood\`) ` +
            "is not in this checkout yet. Once it is, this section runs it and quotes its output here."
          : `the issuer's own flood bench (\`services/issuer/${FLOOD_SCRIPT}\`, FLOOD_ROUNDS=${String(s.floodRounds)}):\n\n\`\`\`text\n${flood}\n\`\`\``),
    ].join("\n\n");
    return {
      markdown,
      charts: [],
      figures: { "issuer.client_credentials.per_second": cc.perSecond.median, "issuer.password.p50_ms": percentile(known, 50) },
    };
  },
};
