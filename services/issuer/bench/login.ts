// Medians of what a login costs on this machine, with the shipped (production-cost) identities:
// one password check, one unknown-user check, full HTTP token issuance for both grants, and the
// startup check for the published demo identities.
// Run: pnpm --filter @org/issuer bench
import type { AddressInfo } from "node:net";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { KeySet } from "@org/token";
import { createApp } from "../src/app.js";
import { findDemoIdentities } from "../src/demo-identities.js";
import { DEFAULT_IDENTITIES_FILE, loadConfig as parseConfig } from "../src/config.js";
import { verifySecret } from "../src/identities/hash.js";
import { loadIdentities } from "../src/identities/store.js";
import { createLogger } from "@org/service-kit";

const RUNS = 21;

async function median(run: () => Promise<unknown>): Promise<number> {
  await run(); // warm-up: JIT, first scrypt allocation, first connection
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

async function post(url: string, body: Record<string, string>, headers: Record<string, string> = {}): Promise<void> {
  const res = await fetch(`${url}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(body),
  });
  if (res.status !== 200) throw new Error(`token request failed with ${res.status}`);
  await res.arrayBuffer();
}

const identities = await loadIdentities(DEFAULT_IDENTITIES_FILE);
const alice = identities.users.get("alice");
if (alice === undefined) throw new Error("the demo identities have no alice");
const { N, r, p } = alice.password.params;

const check = await median(() => verifySecret("alice-demo-password", alice.password));
const unknown = await median(() => verifySecret("alice-demo-password", identities.dummyUser));
const demoCheck = await median(() => findDemoIdentities(identities));

const app = createApp({ config: parseConfig({}), keys: await KeySet.generate("EdDSA"), identities, logger: createLogger({ service: "issuer", level: "silent" }) });
const server = app.listen(0, "127.0.0.1");
await new Promise((resolve) => server.once("listening", resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const basic = `Basic ${Buffer.from("reporting-job:reporting-job-secret").toString("base64")}`;
const clientCredentials = await median(() => post(url, { grant_type: "client_credentials" }, { authorization: basic }));
const password = await median(() =>
  post(url, { grant_type: "password", username: "alice", password: "alice-demo-password", client_id: "demo-cli" }),
);
server.close();

const ms = (v: number): string => `${v.toFixed(1)} ms`;
// Other processes on the machine skew every figure: print the load so a reader can judge.
console.log(`scrypt N=${N} r=${r} p=${p}, median of ${RUNS} runs; ${cpus().length} cores, load average ${(loadavg()[0] ?? 0).toFixed(1)}`);
console.log(`password check (known user)        ${ms(check)}`);
console.log(`password check (unknown user)      ${ms(unknown)}`);
console.log(`client_credentials issuance (HTTP) ${ms(clientCredentials)}`);
console.log(`password grant issuance (HTTP)     ${ms(password)}`);
console.log(`demo identity check at startup     ${ms(demoCheck)} (${(await findDemoIdentities(identities)).length} found; one scrypt run per published account present, in parallel)`);
