// `pnpm --filter @org/token bench:dpop`: microseconds per verification of a DPoP proof, per algorithm,
// next to the verification of the access token it comes with. A proof cannot be cached: each one is
// single-use (its jti is recorded), so every DPoP request pays for its proof in full, while the
// access token is verified once and then served from the verified-token cache.
//
// Proofs are made before timing (createDpopProof, one client key, distinct jti), each round verifies
// a fresh batch of them, and the median round is reported; rounds are interleaved across cases so
// that a burst of load from elsewhere hits every case alike.
import { createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import {
  checkDpopBinding,
  createDpopProof,
  createSigner,
  createVerifier,
  DEFAULT_DPOP_REPLAY_ENTRIES,
  DpopReplayCache,
  generateKey,
  jwkThumbprint,
  staticKeys,
  verifyDpopProof,
  type DpopAlgorithm,
} from "../src/index.js";
import { replayId } from "../src/dpop/tokens.js";

const ROUNDS = 7;
const BATCH = 2000;
const ISSUER = "https://issuer.example.com";
const AUDIENCE = "urn:demo:express";
const HTU = "https://api.example.com/orders";
const NOW_MS = Date.UTC(2026, 0, 1);
const clock = (): number => NOW_MS;

interface Case {
  readonly name: string;
  /** Runs operation `i` (0 .. BATCH * (ROUNDS + 1) - 1); each i is used once. */
  readonly run: (i: number) => void;
}

const TOTAL = BATCH * (ROUNDS + 1);

function clientKey(alg: DpopAlgorithm): KeyObject {
  return (alg === "EdDSA" ? generateKeyPairSync("ed25519") : generateKeyPairSync("ec", { namedCurve: "P-256" })).privateKey;
}

function thumbprintOf(key: KeyObject): string {
  const { kty, crv, x, y } = createPublicKey(key).export({ format: "jwk" });
  return jwkThumbprint(y === undefined ? { kty, crv, x } : { kty, crv, x, y });
}

/** TOTAL proofs for GET HTU with the ath of `token`, each with a new jti; by `key`, or each by a new key. */
async function proofs(alg: DpopAlgorithm, token: string, key: KeyObject | null): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < TOTAL; i++) {
    out.push(await createDpopProof({ privateKey: key ?? clientKey(alg), htm: "GET", htu: HTU, accessToken: token, clock }));
  }
  return out;
}

interface Setup {
  readonly cases: Case[];
  readonly tokenBytes: number;
  readonly proofBytes: Record<DpopAlgorithm, number>;
}

async function casesFor(): Promise<Setup> {
  const issuerKey = await generateKey("EdDSA");
  const signer = createSigner({ keys: issuerKey, issuer: ISSUER, clock });
  const input = { sub: "alice", client_id: "demo-cli", aud: [AUDIENCE, "urn:demo:koa", "urn:demo:grpc"], scope: "profile orders:read orders:write" };
  const uncached = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(issuerKey), clock, cache: false });
  const cached = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(issuerKey), clock });
  const cases: Case[] = [];
  const proofBytes = { EdDSA: 0, ES256: 0 };
  let tokenBytes = 0;
  for (const alg of ["EdDSA", "ES256"] as const) {
    // The client's key, and an access token bound to it, as the issuer would sign it.
    const key = clientKey(alg);
    const { token } = await signer.accessToken({ ...input, cnf: { jkt: thumbprintOf(key) } });
    tokenBytes = token.length;
    if (cases.length === 0) {
      cases.push(
        { name: "access token (EdDSA, bound), uncached", run: () => uncached.verifySync(token) },
        { name: "access token (EdDSA, bound), cached", run: () => cached.verifySync(token) },
      );
    }
    const [same, fresh, request] = [await proofs(alg, token, key), await proofs(alg, token, null), await proofs(alg, token, key)];
    proofBytes[alg] = same[0]?.length ?? 0;
    const options = { htm: "GET", htu: HTU, accessToken: token, replay: new DpopReplayCache({ maxEntries: 4 * TOTAL }), clock };
    cases.push(
      { name: `${alg} proof, the client's one key`, run: (i) => verifyDpopProof(same[i], options) },
      { name: `${alg} proof, a new key per proof (key import)`, run: (i) => verifyDpopProof(fresh[i], options) },
      {
        name: `${alg} DPoP request: cached token + proof + binding`,
        run: (i) => {
          checkDpopBinding(cached.verifySync(token).claims, verifyDpopProof(request[i], options));
        },
      },
    );
  }
  return { cases, tokenBytes, proofBytes };
}

/** Heap bytes per replay-cache entry, measured over a full default-size cache (needs --expose-gc). */
function replayBytesPerEntry(): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return undefined;
  gc();
  const before = process.memoryUsage().heapUsed;
  const cache = new DpopReplayCache();
  for (let i = 0; i < cache.maxEntries; i++) {
    rememberLikeAProof(cache, i);
  }
  gc();
  return (process.memoryUsage().heapUsed - before) / cache.size;
}

// What verifyDpopProof records for a proof: the hash of its key's thumbprint and its jti.
function rememberLikeAProof(cache: DpopReplayCache, i: number): void {
  cache.remember(replayId("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I", `jti-${String(i)}`), NOW_MS + 60_000 + (i % 65) * 1000, NOW_MS);
}

function timeRound(c: Case, round: number): number {
  const start = performance.now();
  for (let i = round * BATCH; i < (round + 1) * BATCH; i++) c.run(i);
  return ((performance.now() - start) * 1000) / BATCH;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const cpu = cpus();
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(" ");
console.log(`node ${process.version}, ${cpu[0]?.model ?? "unknown CPU"}, ${String(cpu.length)} cores, load average ${load()} (1/5/15 min)`);
const started = performance.now();
const { cases, tokenBytes, proofBytes } = await casesFor();
console.log(`access token ${String(tokenBytes)} bytes; proofs with ath: EdDSA ${String(proofBytes.EdDSA)} bytes, ES256 ${String(proofBytes.ES256)} bytes`);
console.log(`median of ${String(ROUNDS)} rounds x ${String(BATCH)} operations per case, after one warm-up round\n`);
for (const c of cases) timeRound(c, ROUNDS); // the last batch warms up
const times = new Map<Case, number[]>(cases.map((c) => [c, []]));
for (let round = 0; round < ROUNDS; round++) for (const c of cases) times.get(c)?.push(timeRound(c, round));
const base = median(times.get(cases[0] ?? ({} as Case)) ?? []);
console.log("| case | µs per operation (median) | rounds spread | vs access token uncached |");
console.log("| --- | ---: | ---: | ---: |");
for (const c of cases) {
  const t = times.get(c) ?? [];
  const m = median(t);
  const spread = m === 0 ? "" : `±${String(Math.round(((Math.max(...t) - Math.min(...t)) / 2 / m) * 100))}%`;
  console.log(`| ${c.name} | ${m.toFixed(1)} | ${spread} | ${(m / base).toFixed(2)}x |`);
}
const perEntry = replayBytesPerEntry();
console.log(perEntry === undefined
  ? "\nreplay cache memory: run with node --expose-gc to measure it"
  : `\nreplay cache: ${perEntry.toFixed(0)} heap bytes per entry, ${((perEntry * DEFAULT_DPOP_REPLAY_ENTRIES) / 1e6).toFixed(1)} MB at the default ${String(DEFAULT_DPOP_REPLAY_ENTRIES)} entries`);
console.log(`\nload average after: ${load()}; took ${((performance.now() - started) / 1000).toFixed(0)} s`);
