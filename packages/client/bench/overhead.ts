// What client.fetch costs over a bare fetch that carries a fixed Authorization header, against a
// loopback server (so the figure is the client's own work plus noise), and what the in-memory
// path of authorize() costs alone. Run: pnpm --filter @org/client bench
import { performance } from "node:perf_hooks";
import { createClient } from "../src/index.js";
import { ALICE, PUBLIC_CLIENT, StandInIssuer } from "../test/support/issuer.js";
import { answer, listen } from "../test/support/listen.js";

const ROUNDS = 7;
const REQUESTS = 2000;
const AUTHORIZE_CALLS = 200_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function timePerRequest(send: () => Promise<Response>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < REQUESTS; i += 1) {
    const response = await send();
    await response.arrayBuffer();
  }
  return ((performance.now() - start) * 1000) / REQUESTS;
}

const issuer = await StandInIssuer.start();
const resource = await listen((_req, res) => {
  answer(res, 200, { ok: true }, { "token-expires-in": "250" });
});
const client = createClient({ issuer: issuer.url, clientId: PUBLIC_CLIENT });
await client.loginWithPassword(ALICE);
const header = { authorization: `Bearer ${await client.accessToken()}` };

const bare: number[] = [];
const wrapped: number[] = [];
await timePerRequest(() => fetch(resource.url, { headers: header })); // warm-up, not counted
for (let round = 0; round < ROUNDS; round += 1) {
  // Alternate the order so that neither side always runs on a warmer process.
  const pair = [
    async () => bare.push(await timePerRequest(() => fetch(resource.url, { headers: header }))),
    async () => wrapped.push(await timePerRequest(() => client.fetch(resource.url))),
  ];
  if (round % 2 === 1) pair.reverse();
  for (const run of pair) await run();
}

const target = { method: "GET", url: resource.url };
const authorize: number[] = [];
for (let round = 0; round < ROUNDS; round += 1) {
  const start = performance.now();
  for (let i = 0; i < AUTHORIZE_CALLS; i += 1) await client.authorize(target);
  authorize.push(((performance.now() - start) * 1000) / AUTHORIZE_CALLS);
}

console.log(`node ${process.version}, ${ROUNDS} rounds, median of rounds`);
console.log(`bare fetch with a fixed header: ${median(bare).toFixed(1)} µs/request`);
console.log(`client.fetch:                   ${median(wrapped).toFixed(1)} µs/request`);
console.log(`client.authorize (no renewal):  ${median(authorize).toFixed(2)} µs/call`);
await Promise.all([issuer.close(), resource.close()]);
