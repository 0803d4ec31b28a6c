// `pnpm --filter @org/conformance bench`: requests per second with DPoP against Bearer on each
// transport, and what one proof verification costs per algorithm. Figures, not assertions: not part
// of `pnpm test`.
//
// One topology on free loopback ports (the issuer's Ed25519 keys, as the suite starts it). On each
// service the same protected route (GET /me, gRPC GetMe), the same process, the same access token
// reused for every request (so the services answer it from their verified-token cache); DPoP rounds
// send alice's DPoP-bound token with a fresh proof per request. Proofs are signed before each round
// (createDpopProof, one ES256 client key; each used once, well within the proof's 60 s window), so
// the services are measured, not this process signing. Bearer and DPoP rounds alternate, and the
// median round is reported, so that load from elsewhere on the machine hits both alike.
import type { KeyObject } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Metadata, credentials } from "@grpc/grpc-js";
import { loadResourceService, RESOURCE_METHODS, type ResourceClient } from "@org/proto";
import { createDpopProof, DpopReplayCache, verifyDpopProof, type DpopAlgorithm } from "@org/token";
import { startTopology, type Topology } from "@org/topology";
import { passwordGrant, requestToken } from "../test/issuer-client.js";
import { writeKeys } from "../test/keys-env.js";
import { clientKey, median, perSecond } from "./measure.js";

const ROUNDS = 5;
const ROUND_MS = 2_000;
const CONCURRENCY = 16;
const VERIFY_BATCH = 2_000;

/** Sends one request with these headers / metadata; resolves true on 200 / OK. */
type Send = (authorization: string, dpop: string | undefined) => Promise<boolean>;

interface Target {
  readonly name: string;
  readonly send: Send;
  /** What a proof for the route names. */
  readonly htm: string;
  readonly htu: string;
  close(): void;
}

function httpTarget(name: string, base: string): Target {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const url = new URL("/me", base);
  const send: Send = (authorization, dpop) =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = { authorization, ...(dpop === undefined ? {} : { dpop }) };
      const req = request(url, { agent, headers }, (res) => {
        res.resume();
        res.on("end", () => {
          resolve(res.statusCode === 200);
        });
      });
      req.on("error", reject);
      req.end();
    });
  return { name, send, htm: "GET", htu: url.href, close: () => { agent.destroy(); } };
}

function grpcTarget(address: string): Target {
  const { Client } = loadResourceService();
  const client: ResourceClient = new Client(address, credentials.createInsecure());
  const send: Send = (authorization, dpop) =>
    new Promise((resolve) => {
      const metadata = new Metadata();
      metadata.set("authorization", authorization);
      if (dpop !== undefined) metadata.set("dpop", dpop);
      client.GetMe({}, metadata, (error) => {
        resolve(error === null);
      });
    });
  return { name: "grpc", send, htm: "POST", htu: `http://${address}${RESOURCE_METHODS.GetMe}`, close: () => { client.close(); } };
}

/**
 * Closed loop, CONCURRENCY requests in flight, for ROUND_MS or until `next()` has no more
 * credentials. Throws on a refusal: a refused request is not throughput.
 */
async function round(target: Target, next: () => [string, string | undefined] | undefined): Promise<number> {
  let done = 0;
  const start = performance.now();
  const worker = async (): Promise<void> => {
    for (let c = next(); c !== undefined && performance.now() - start < ROUND_MS; c = next()) {
      if (!(await target.send(...c))) throw new Error(`${target.name}: a request was refused`);
      done++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return perSecond(done, performance.now() - start);
}

interface Tokens {
  readonly bearer: string;
  readonly dpop: string;
  /** The client key the DPoP token is bound to. */
  readonly key: KeyObject;
}

async function proofsFor(target: Target, tokens: Tokens, count: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(await createDpopProof({ privateKey: tokens.key, htm: target.htm, htu: target.htu, accessToken: tokens.dpop }));
  return out;
}

/** Alternating Bearer and DPoP rounds on one target, after one warm-up of each; medians. */
async function compare(target: Target, tokens: Tokens): Promise<{ bearer: number; dpop: number }> {
  const bearer: number[] = [];
  const dpop: number[] = [];
  const bearerCredentials = (): [string, undefined] => [`Bearer ${tokens.bearer}`, undefined];
  let budget = 4_000;
  for (let i = 0; i <= ROUNDS; i++) {
    const b = await round(target, bearerCredentials);
    // Enough proofs for a round at the Bearer rate and a half; if they run out, the round ends there.
    budget = Math.max(budget, Math.ceil((b * ROUND_MS * 1.5) / 1000));
    const proofs = await proofsFor(target, tokens, budget);
    const d = await round(target, () => {
      const proof = proofs.pop();
      return proof === undefined ? undefined : [`DPoP ${tokens.dpop}`, proof];
    });
    if (i > 0) {
      bearer.push(b);
      dpop.push(d);
    }
  }
  return { bearer: median(bearer), dpop: median(dpop) };
}

/** µs per verifyDpopProof (signature, claims, ath, replay record), median of ROUNDS fresh batches. */
async function verifyCost(alg: DpopAlgorithm): Promise<number> {
  const key = clientKey(alg);
  const htu = "http://127.0.0.1:4001/me";
  const accessToken = "a.b.c";
  const times: number[] = [];
  for (let r = 0; r <= ROUNDS; r++) {
    const proofs = await Promise.all(Array.from({ length: VERIFY_BATCH }, () => createDpopProof({ privateKey: key, htm: "GET", htu, accessToken })));
    const replay = new DpopReplayCache();
    const start = performance.now();
    for (const proof of proofs) verifyDpopProof(proof, { htm: "GET", htu, accessToken, replay });
    if (r > 0) times.push(((performance.now() - start) * 1000) / VERIFY_BATCH);
  }
  return median(times);
}

async function login(topology: Topology): Promise<Tokens> {
  const key = clientKey("ES256");
  const htu = `${topology.issuer}/token`;
  const bearer = await requestToken(topology.urls.issuer, passwordGrant("alice"));
  const dpop = await requestToken(topology.urls.issuer, passwordGrant("alice"), await createDpopProof({ privateKey: key, htm: "POST", htu }));
  return { bearer: bearer.access_token, dpop: dpop.access_token, key };
}

const load = (): string => loadavg().map((l) => l.toFixed(2)).join(" ");

async function main(): Promise<void> {
  console.log(`Node ${process.version}, ${String(cpus().length)} cores, load average ${load()} (1, 5, 15 min)`);
  console.log("\n| alg | µs per proof verification (median) |\n| --- | --- |");
  for (const alg of ["ES256", "EdDSA"] as const) console.log(`| ${alg} | ${(await verifyCost(alg)).toFixed(1)} |`);
  const dir = mkdtempSync(join(tmpdir(), "dpop-bench-"));
  const topology = await startTopology({ ports: "free", stdout: null, env: (await writeKeys(dir, "asymmetric")).env });
  const targets = [httpTarget("express", topology.urls.express), httpTarget("koa", topology.urls.koa), grpcTarget(topology.urls.grpc)];
  try {
    const tokens = await login(topology);
    console.log(`\nGET /me, GetMe: ${String(CONCURRENCY)} in flight, median of ${String(ROUNDS)} rounds of ${String(ROUND_MS / 1000)} s, after a warm-up`);
    console.log("| transport | Bearer req/s | DPoP req/s | DPoP / Bearer |\n| --- | --- | --- | --- |");
    for (const target of targets) {
      const { bearer, dpop } = await compare(target, tokens);
      console.log(`| ${target.name} | ${bearer.toFixed(0)} | ${dpop.toFixed(0)} | ${(dpop / bearer).toFixed(2)} |`);
    }
  } finally {
    for (const target of targets) target.close();
    await topology.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nload average at the end ${load()}`);
}

await main();
