// One real topology for the whole run: issuer keys written to a temp dir, services on free
// ports, real tokens from the issuer, a driver per transport.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { KeySet } from "@org/token";
import { startTopology, type Topology } from "@org/topology";
import type { Driver } from "./model.js";
import { issueTokens, type TokenBook } from "./tokens.js";
import { TRANSPORTS } from "./transports.js";

/** What the tests run against. */
export interface Suite {
  readonly topology: Topology;
  readonly tokens: TokenBook;
  readonly drivers: ReadonlyMap<string, Driver>;
  /** Service log lines so far (prefixed by service), to show when something fails. */
  logs(): string;
  close(): Promise<void>;
}

/** Starts everything; on failure, stops what was started and rethrows with the service logs. */
export async function startSuite(): Promise<Suite> {
  const dir = mkdtempSync(join(tmpdir(), "conformance-"));
  const keys = await KeySet.generate();
  const keysFile = join(dir, "issuer-keys.json");
  writeFileSync(keysFile, JSON.stringify(keys.privateJwks()), { mode: 0o600 });
  let log = "";
  const stdout = { write: (chunk: string) => (log += chunk) };
  const removeDir = (): void => {
    rmSync(dir, { recursive: true, force: true });
  };
  let topology: Topology;
  try {
    topology = await startTopology({ ports: "free", stdout, env: suiteEnv(keysFile) });
  } catch (error) {
    removeDir();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`the topology did not start: ${reason}\nservice logs:\n${log}`, { cause: error });
  }
  try {
    const tokens = await issueTokens(topology.urls.issuer, topology.issuer, keys);
    const drivers = new Map(TRANSPORTS.map((transport) => [transport.name, transport.connect(topology)]));
    await Promise.all(TRANSPORTS.map((t) => keysLoaded(drivers.get(t.name), tokens.get("alice", t.audience))));
    const close = async (): Promise<void> => {
      for (const driver of drivers.values()) driver.close();
      await topology.stop();
      removeDir();
    };
    return { topology, tokens, drivers, logs: () => log, close };
  } catch (error) {
    await topology.stop();
    removeDir();
    throw error;
  }
}

/**
 * A resource service answers /healthz before its first JWKS fetch has finished (it then answers
 * 503 / UNAVAILABLE, "keys unavailable"). Wait until a good token gets any other answer, so the
 * cases test verification, not that start-up window; after 10 s the cases run regardless.
 */
async function keysLoaded(driver: Driver | undefined, token: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (driver !== undefined && Date.now() < deadline) {
    const { result } = await driver.send({ operation: "me", authorization: [`Bearer ${token}`] });
    if (result.kind !== "other") return;
    await sleep(50);
  }
}

/**
 * The caller's environment minus what would make the run depend on it: the issuer URL and
 * `iss` follow the free ports, keys come from the issuer, revocation stays off.
 */
function suiteEnv(keysFile: string): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, ISSUER_KEYS_FILE: keysFile };
  for (const name of ["HOST", "ISSUER_URL", "TOKEN_ISSUER", "JWKS", "JWKS_FILE", "REDIS_URL", "TOKEN_COOKIE"]) {
    env[name] = undefined;
  }
  return env;
}
