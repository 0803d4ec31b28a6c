// One real topology per run: issuer keys (asymmetric or one shared secret) written to a temp dir,
// services on free ports, real tokens from the issuer, a driver per transport.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { proofKey, type ProofKey } from "@org/testkit";
import { startTopology, type LineSink, type Topology } from "@org/topology";
import type { Services } from "./cases.js";
import { writeKeys, type Env, type SigningMode } from "./keys-env.js";
import type { Driver } from "./model.js";
import { issueTokens, type TokenBook } from "./tokens.js";
import { TRANSPORTS } from "./transports.js";

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
