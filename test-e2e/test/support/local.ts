// A topology of the scenarios' own: a keys file made with the issuer's keys CLI in a temporary
// directory (never the repository's .dev/ file), optionally a redis-server, the four services on
// free loopback ports; and one close() that stops all of it, also after a failed start.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startRedis, type RunningRedis } from "@org/testkit";
import { startTopology, type Topology } from "@org/topology";
import { childEnv, type Target } from "./env.js";
import { keysCli } from "./keys-cli.js";
import { serviceLog, type ServiceLog } from "./service-log.js";

/** Options of {@link startLocal}. */
export interface LocalOptions {
  /** Settings for every service (ACCESS_TOKEN_TTL, JWKS_REFRESH_SECONDS, …). */
  readonly env?: Readonly<Record<string, string>>;
  /** `"off"`: revocation off; `"on"`: a redis-server; `"aof"`: one whose data survives a restart. Default "on". */
  readonly redis?: "off" | "on" | "aof";
}

/** What {@link startLocal} started. */
export interface LocalTopology {
  readonly target: Target;
  readonly topology: Topology;
  readonly redis: RunningRedis | undefined;
  /** The issuer's ISSUER_KEYS_FILE (mode 0600, in a temporary directory). */
  readonly keysFile: string;
  /** The services' last log lines. */
  readonly log: ServiceLog;
  /** Stops the services and Redis and removes the temporary directory. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts Redis (unless off), writes a keys file with `keys init`, and starts the topology on free
 * ports with them; on any failure stops what was started and rethrows with the services' log.
 *
 * @example
 * ```ts
 * const local = await startLocal({ env: { ACCESS_TOKEN_TTL: "5" } });
 * afterAll(() => local.close());
 * ```
 */
export async function startLocal(options: LocalOptions = {}): Promise<LocalTopology> {
  const redisMode = options.redis ?? "on";
  const dir = await mkdtemp(join(tmpdir(), "test-e2e-"));
  const log = serviceLog();
  let redis: RunningRedis | undefined;
  let topology: Topology | undefined;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    try {
      await topology?.stop();
    } finally {
      await redis?.stop();
      await rm(dir, { recursive: true, force: true });
    }
  };
  try {
    const keysFile = join(dir, "issuer-keys.json");
    await keysCli("init", keysFile);
    if (redisMode !== "off") redis = await startRedis({ aof: redisMode === "aof" });
    const env = childEnv({
      ISSUER_KEYS_FILE: keysFile,
      LOG_LEVEL: "warn",
      ...(redis === undefined ? {} : { REDIS_URL: redis.url }),
      ...options.env,
    });
    topology = await startTopology({ ports: "free", stdout: log, env });
    const target: Target = {
      issuerUrl: topology.urls.issuer,
      issuer: topology.issuer,
      express: topology.urls.express,
      koa: topology.urls.koa,
      grpc: topology.urls.grpc,
    };
    return { target, topology, redis, keysFile, log, close };
  } catch (error) {
    await close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`the local topology did not start: ${reason}\nservice log:\n${log.tail()}`, { cause: error });
  }
}
