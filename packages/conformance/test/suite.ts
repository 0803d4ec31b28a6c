// One real topology per run: issuer keys (asymmetric or one shared secret) written to a temp dir,
// services on free ports, real tokens from the issuer, a driver per transport.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { proofKey, type ProofKey } from "@org/testkit";
import { KeySet, exportPrivateJwk } from "@org/token";
import { startTopology, type LineSink, type Topology } from "@org/topology";
import type { Services } from "./cases.js";
import type { Driver } from "./model.js";
import { issueTokens, type TokenBook } from "./tokens.js";
import { TRANSPORTS } from "./transports.js";

/**
 * How the issuer signs: `asymmetric` (an Ed25519 key set; the resource services fetch its JWKS) or
 * `shared-secret` (one HS256 `oct` key; the resource services get the same secret in JWKS_FILE).
 */
export type SigningMode = "asymmetric" | "shared-secret";

export interface SuiteOptions {
  readonly mode: SigningMode;
  /** Also start the three resource services with REQUIRE_DPOP=true (the `dpop-required` rows). */
  readonly dpopRequired: boolean;
}

/** What the tests run against. */
export interface Suite {
  readonly topology: Topology;
  readonly tokens: TokenBook;
  /** The key `dpopAlice` is bound to. */
  readonly dpopKey: ProofKey;
  /** Drivers by services and transport name (no `dpop-required` entry unless asked for). */
  readonly drivers: ReadonlyMap<Services, ReadonlyMap<string, Driver>>;
  /** Service log lines so far (prefixed by service), to show when something fails. */
  logs(): string;
  close(): Promise<void>;
}

/** Starts everything; on failure, stops what was started and rethrows with the service logs. */
export async function startSuite(options: SuiteOptions): Promise<Suite> {
  const dir = mkdtempSync(join(tmpdir(), "conformance-"));
  let log = "";
  const stdout = { write: (chunk: string) => (log += chunk) };
  const started: Topology[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(started.map((t) => t.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const { keys, env } = await writeKeys(dir, options.mode);
    const topology = await startTopology({ ports: "free", stdout, env });
    started.push(topology);
    const dpopKey = proofKey("ES256");
    // The REQUIRE_DPOP set starts while the tokens are issued (the two wait on different processes);
    // allSettled, so that a failed login does not stop everything while that set is still starting.
    const [strictStarted, issued] = await Promise.allSettled([
      options.dpopRequired ? startStrict(topology, env, stdout).then((t) => (started.push(t), t)) : Promise.resolve(undefined),
      issueTokens(topology.urls.issuer, topology.issuer, keys, dpopKey),
    ]);
    if (strictStarted.status === "rejected") throw strictStarted.reason;
    if (issued.status === "rejected") throw issued.reason;
    const tokens = issued.value;
    const connect = (t: Topology, requireDpop: boolean): Map<string, Driver> =>
      new Map(TRANSPORTS.map((transport) => [transport.name, transport.connect(t, requireDpop)]));
    const drivers = new Map<Services, Map<string, Driver>>([["default", connect(topology, false)]]);
    if (strictStarted.value !== undefined) drivers.set("dpop-required", connect(strictStarted.value, true));
    const ready = [...drivers.values()].flatMap((byName) => TRANSPORTS.map((t) => keysLoaded(byName.get(t.name), tokens.get("alice", t.audience))));
    await Promise.all(ready);
    const close = async (): Promise<void> => {
      for (const byName of drivers.values()) for (const driver of byName.values()) driver.close();
      await stopAll();
    };
    return { topology, tokens, dpopKey, drivers, logs: () => log, close };
  } catch (error) {
    await stopAll();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`the suite did not start: ${reason}\nservice logs:\n${log}`, { cause: error });
  }
}

/**
 * The issuer's keys file (mode 0600) and the environment that points the services at it. In
 * shared-secret mode the resource services read the same secret from a JWKS file (the members
 * `keys export-secret` writes) and never ask the issuer, whose public JWKS is then empty.
 */
async function writeKeys(dir: string, mode: SigningMode): Promise<{ keys: KeySet; env: Env }> {
  const keys = await KeySet.generate(mode === "asymmetric" ? "EdDSA" : "HS256");
  const keysFile = join(dir, "issuer-keys.json");
  writeFileSync(keysFile, JSON.stringify(keys.privateJwks()), { mode: 0o600 });
  const env = suiteEnv(keysFile);
  if (mode === "asymmetric") return { keys, env };
  const secretFile = join(dir, "resource-jwks.json");
  const { kty, k, kid, alg } = exportPrivateJwk(keys.active);
  writeFileSync(secretFile, JSON.stringify({ keys: [{ kty, k, kid, alg, use: "sig" }] }), { mode: 0o600 });
  return { keys, env: { ...env, JWKS_FILE: secretFile } };
}

/** The second set: resource services only, on ports of their own, with REQUIRE_DPOP=true and the first one's issuer. */
function startStrict(topology: Topology, env: Env, stdout: LineSink): Promise<Topology> {
  const strictEnv = { ...env, REQUIRE_DPOP: "true", ISSUER_URL: topology.urls.issuer, TOKEN_ISSUER: topology.issuer };
  return startTopology({ ports: "free", stdout, env: strictEnv, services: ["express", "koa", "grpc"] });
}

/**
 * A resource service answers /healthz before its first JWKS fetch has finished (it then answers
 * 503 / UNAVAILABLE, "keys unavailable"). Wait until a good token gets any other answer (a
 * REQUIRE_DPOP service refuses it: that is an answer too), so the cases test verification, not
 * that start-up window; after 10 s the cases run regardless.
 */
async function keysLoaded(driver: Driver | undefined, token: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (driver !== undefined && Date.now() < deadline) {
    const { result } = await driver.send({ operation: "me", authorization: [`Bearer ${token}`] });
    if (result.kind !== "other") return;
    await sleep(50);
  }
}

type Env = Record<string, string | undefined>;

/**
 * The caller's environment minus what would make the run depend on it: the issuer URL and
 * `iss` follow the free ports, keys come from the issuer, revocation stays off.
 */
function suiteEnv(keysFile: string): Env {
  const env: Env = { ...process.env, ISSUER_KEYS_FILE: keysFile };
  for (const name of ["HOST", "ISSUER_URL", "TOKEN_ISSUER", "JWKS", "JWKS_FILE", "REDIS_URL", "TOKEN_COOKIE", "REQUIRE_DPOP", "PUBLIC_BASE_URL"]) {
    env[name] = undefined;
  }
  return env;
}
