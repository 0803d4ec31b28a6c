// A real topology with revocation on: a redis-server with AOF (so a restart keeps what was written),
// the issuer with two signing keys (one may be withdrawn), the three resource services, and a probe
// that asks each transport what it makes of a token, in its own terms and then in neutral ones.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Metadata, credentials, status, type ServiceError } from "@grpc/grpc-js";
import { loadResourceService, type ResourceClient } from "@org/proto";
import { startRedis, type RunningRedis } from "@org/testkit";
import { KeySet } from "@org/token";
import { startTopology, type Topology } from "@org/topology";

/** What a transport made of a token. */
export type Seen = "accepted" | "revoked" | "unavailable" | `other: ${string}`;

/** The three transports, as the suite probes them. */
export const TRANSPORTS = ["express", "koa", "grpc"] as const;
export type TransportName = (typeof TRANSPORTS)[number];

const REVOKED = "The access token has been revoked";

export interface World {
  readonly topology: Topology;
  readonly redis: RunningRedis;
  readonly keys: KeySet;
  /** What one transport makes of `token` on GET /me (GetMe). */
  seen(transport: TransportName, token: string): Promise<Seen>;
  /** What every transport makes of it. */
  seenEverywhere(token: string): Promise<Record<TransportName, Seen>>;
  /** GET /readyz of an HTTP service, or gRPC health's answer. */
  ready(transport: TransportName): Promise<number | string>;
  close(): Promise<void>;
}

export const STALENESS_SECONDS = 2;

/** Starts Redis, writes a two-key keys file, starts the topology on free ports with REDIS_URL set. */
export async function startWorld(): Promise<World> {
  const redis = await startRedis({ aof: true });
  const dir = mkdtempSync(join(tmpdir(), "conformance-revocation-"));
  const [first, second] = [await KeySet.generate(), await KeySet.generate()];
  const keys = new KeySet([first.active, second.active]);
  const keysFile = join(dir, "issuer-keys.json");
  writeFileSync(keysFile, JSON.stringify(keys.privateJwks()), { mode: 0o600 });
  const env: Record<string, string | undefined> = { ...process.env, ISSUER_KEYS_FILE: keysFile, REDIS_URL: redis.url, REVOCATION_MAX_STALENESS: String(STALENESS_SECONDS), LOG_LEVEL: "warn" };
  for (const name of ["HOST", "ISSUER_URL", "TOKEN_ISSUER", "JWKS", "JWKS_FILE", "TOKEN_COOKIE", "REVOCATION_FAIL_OPEN"]) env[name] = undefined;
  let topology: Topology;
  try {
    topology = await startTopology({ ports: "free", stdout: null, env });
  } catch (error) {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const { Client } = loadResourceService();
  const grpc: ResourceClient = new Client(topology.urls.grpc, credentials.createInsecure());
  const seen = async (transport: TransportName, token: string): Promise<Seen> => {
    if (transport === "grpc") return grpcSeen(grpc, token);
    const res = await fetch(`${topology.urls[transport]}/me`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { error_description?: string };
    if (res.status === 200) return "accepted";
    if (res.status === 401 && body.error_description === REVOKED) return "revoked";
    if (res.status === 503 && res.headers.get("retry-after") !== null) return "unavailable";
    return `other: ${String(res.status)} ${String(body.error_description)}`;
  };
  return {
    topology,
    redis,
    keys,
    seen,
    seenEverywhere: async (token) => {
      const [express, koa, grpcSeen] = await Promise.all(TRANSPORTS.map((t) => seen(t, token)));
      return { express: express ?? "other: none", koa: koa ?? "other: none", grpc: grpcSeen ?? "other: none" };
    },
    ready: async (transport) => {
      if (transport !== "grpc") return (await fetch(`${topology.urls[transport]}/readyz`)).status;
      const { grpcServing } = await import("@org/topology");
      return (await grpcServing(topology.urls.grpc, "", 2_000)) ? "SERVING" : "NOT_SERVING";
    },
    close: async () => {
      grpc.close();
      await topology.stop();
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function grpcSeen(client: ResourceClient, token: string): Promise<Seen> {
  const metadata = new Metadata();
  metadata.set("authorization", `Bearer ${token}`);
  return new Promise((resolve) => {
    client.GetMe({}, metadata, { deadline: Date.now() + 5_000 }, (error: ServiceError | null) => {
      if (error === null) resolve("accepted");
      else if (error.code === status.UNAUTHENTICATED && error.details === REVOKED) resolve("revoked");
      else if (error.code === status.UNAVAILABLE) resolve("unavailable");
      else resolve(`other: ${status[error.code]} ${error.details}`);
    });
  });
}

/** Every transport sees the same. */
export function everywhere(value: Seen): Record<TransportName, Seen> {
  return { express: value, koa: value, grpc: value };
}
