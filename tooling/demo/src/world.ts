// What the demo runs on: a redis-server of its own when one is on PATH (revocation on), a signing
// key file of its own (one key that signs, one published ahead of use, as the rotation runbook
// has it), and the four services as local processes on free loopback ports, so it never collides
// with `pnpm start`. Everything it starts it stops, and the temporary folder goes with it.
import { execFile } from "node:child_process";
import { constants } from "node:fs";
import { access, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startRedis, type RunningRedis } from "@org/testkit/redis";
import { startTopology, type Topology } from "@org/topology";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const KEYS_CLI = join(ROOT, "services/issuer/dist/cli/keys.js");
const run = promisify(execFile);
const PASSED_THROUGH = ["PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "TZ", "NODE_EXTRA_CA_CERTS"];

/** The running demo topology. */
export interface World {
  readonly topology: Topology;
  /** The demo's own Redis, or why revocation is off. */
  readonly redis: RunningRedis | { readonly skipped: string };
  /** The issuer's keys file (private keys: it never leaves the temporary folder). */
  readonly keysFile: string;
  /** kid of the key that signs first, and of the one published ahead. */
  readonly kids: { readonly active: string; readonly next: string };
  /** Stops the services and Redis, removes the temporary folder. Idempotent. */
  stop(): Promise<void>;
}

/** Where `redis-server` is on PATH, or undefined. */
export async function findOnPath(command: string, path: string | undefined): Promise<string | undefined> {
  for (const dir of (path ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, command);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

async function createKeys(dir: string): Promise<{ file: string; active: string; next: string }> {
  const file = join(dir, "issuer-keys.json");
  await run(process.execPath, [KEYS_CLI, "init", file]);
  await run(process.execPath, [KEYS_CLI, "add-next", file]);
  // `keys list`: one JSON line per key, signing key first, no key material.
  const { stdout } = await run(process.execPath, [KEYS_CLI, "list", file]);
  const [active, next] = stdout
    .trim()
    .split("\n")
    .map((line) => (JSON.parse(line) as { kid: string }).kid);
  if (active === undefined || next === undefined) throw new Error(`the keys CLI did not write two keys to ${file}`);
  return { file, active, next };
}

/**
 * Starts everything the story needs. On failure, stops what it had started before rethrowing.
 *
 * @example
 * ```ts
 * const world = await startWorld(process.env);
 * try { ... } finally { await world.stop(); }
 * ```
 */
export async function startWorld(env: Readonly<Record<string, string | undefined>>): Promise<World> {
  const dir = await mkdtemp(join(tmpdir(), "stateless-auth-demo-"));
  let redis: World["redis"] = { skipped: "redis-server is not on PATH (apt-get install redis-server turns it on)" };
  let topology: Topology | undefined;
  const stopAll = async (): Promise<void> => {
    await topology?.stop();
    if ("stop" in redis) await redis.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    if ((await findOnPath("redis-server", env.PATH)) !== undefined) redis = await startRedis({ aof: true, dir });
    const keys = await createKeys(dir);
    // Only what a process needs from the caller's environment: the services' own settings
    // (TOKEN_ISSUER, JWKS_FILE, …) from a shell that runs `pnpm start` must not change the story.
    const serviceEnv: Record<string, string> = { ISSUER_KEYS_FILE: keys.file, LOG_LEVEL: "warn" };
    for (const name of PASSED_THROUGH) {
      const value = env[name];
      if (value !== undefined) serviceEnv[name] = value;
    }
    if ("url" in redis) serviceEnv.REDIS_URL = redis.url;
    topology = await startTopology({ ports: "free", env: serviceEnv, stdout: null });
    const started = topology;
    let stopped: Promise<void> | undefined;
    return {
      topology: started,
      redis,
      keysFile: keys.file,
      kids: { active: keys.active, next: keys.next },
      stop: () => (stopped ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
