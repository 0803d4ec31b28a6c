// The servers the services section measures, each a process of its own: the project's services
// from their built dist/main.js (LOG_LEVEL=info, as in production), and the jose reference servers.
import { RESOURCE_METHODS } from "@org/proto";
import { serviceEntry, freePorts, grpcServing, httpHealthy } from "@org/topology";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { openSync, closeSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { Load } from "../../load/types.js";

/** Connections (HTTP) or calls in flight (gRPC). */
export const CONCURRENCY = 32;

/** Rounds of a load and their length. */
export interface LoadSettings {
  readonly rounds: number;
  readonly roundMs: number;
  readonly warmupMs: number;
}

/** The transports measured, by their topology names. */
export type Transport = "express" | "koa" | "grpc";

/** What runs: one of our services (revocation off or on), or the jose reference. */
export type Variant = "off" | "on" | "jose";

/** A started server. */
export interface RunningServer {
  readonly transport: Transport;
  readonly variant: Variant;
  readonly pid: number;
  /** `http://127.0.0.1:<port>` or, for gRPC, `127.0.0.1:<port>`. */
  readonly address: string;
  stop(): Promise<void>;
}

/** What every server is started with. */
export interface ServerSettings {
  readonly issuer: string;
  /** The public JWKS, as JSON text. */
  readonly jwks: string;
  readonly redisUrl: string;
}

const PORT_VARIABLE: Readonly<Record<Transport, string>> = { express: "EXPRESS_PORT", koa: "KOA_PORT", grpc: "GRPC_PORT" };
const AUDIENCE: Readonly<Record<Transport, string>> = { express: "urn:demo:express", koa: "urn:demo:koa", grpc: "urn:demo:grpc" };
const READY_TIMEOUT_MS = 60_000;
const REFERENCE = fileURLToPath(new URL("../../reference/main.js", import.meta.url));

function environment(transport: Transport, variant: Variant, port: number, metricsPort: number, s: ServerSettings): NodeJS.ProcessEnv {
  const base = { PATH: process.env.PATH ?? "", NODE_ENV: "production" };
  if (variant === "jose") return { ...base, PORT: String(port), TOKEN_ISSUER: s.issuer, AUDIENCE: AUDIENCE[transport], JWKS: s.jwks };
  return {
    ...base,
    HOST: "127.0.0.1",
    [PORT_VARIABLE[transport]]: String(port),
    TOKEN_ISSUER: s.issuer,
    JWKS: s.jwks,
    LOG_LEVEL: "info",
    ...(transport === "grpc" ? { METRICS_PORT: String(metricsPort) } : {}),
    ...(variant === "on" ? { REDIS_URL: s.redisUrl } : {}),
  };
}

async function ready(transport: Transport, variant: Variant, address: string): Promise<boolean> {
  if (transport === "grpc") return grpcServing(address, "", 1_000);
  return httpHealthy(address, 1_000, variant === "jose" ? "/healthz" : "/readyz");
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts one server and resolves once it is ready (`/readyz`, gRPC health SERVING). Its log goes to
 * /dev/null: the service still formats and writes every line, as in production, but nothing here
 * reads it (a reader would take CPU from the 2 cores). stderr is kept for a start-up failure.
 *
 * @example
 * ```ts
 * const server = await startServer("koa", "on", settings);
 * ```
 */
export async function startServer(transport: Transport, variant: Variant, settings: ServerSettings): Promise<RunningServer> {
  const [port = 0, metricsPort = 0] = await freePorts(2);
  const entry = variant === "jose" ? REFERENCE : serviceEntry(transport);
  const args = variant === "jose" ? [entry, transport] : [entry];
  const devNull = openSync("/dev/null", "w");
  let stderr = "";
  const child = spawn(process.execPath, args, { env: environment(transport, variant, port, metricsPort, settings), stdio: ["ignore", devNull, "pipe"] });
  closeSync(devNull);
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-2000);
  });
  const address = transport === "grpc" ? `127.0.0.1:${String(port)}` : `http://127.0.0.1:${String(port)}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await ready(transport, variant, address))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`${transport} (${variant}) did not become ready: ${stderr.trim()}`);
    }
    await sleep(50);
  }
  return { transport, variant, pid: child.pid ?? -1, address, stop: () => stopChild(child) };
}

/**
 * The label of a server in tables and charts.
 *
 * @example
 * ```ts
 * serverLabel("koa", "on"); // "koa-resource, revocation on"
 * ```
 */
export function serverLabel(transport: Transport, variant: Variant): string {
  if (variant === "jose") return `${transport} + plain jose`;
  return `${transport}-resource, revocation ${variant}`;
}

/** The two routes measured on every server. */
export type Route = "protected" | "unprotected";

/**
 * The load of one route of `server`: GET /me (gRPC GetMe) with the token, or GET /healthz (gRPC
 * Health/Check) without, at {@link CONCURRENCY}.
 *
 * @example
 * ```ts
 * await generator.run(routeLoad(server, "protected", token, 3000));
 * ```
 */
export function routeLoad(server: Pick<RunningServer, "transport" | "address">, route: Route, token: string, durationMs: number): Load {
  const authorization = `Bearer ${token}`;
  if (server.transport === "grpc") {
    return route === "protected"
      ? { kind: "grpc", address: server.address, method: RESOURCE_METHODS.GetMe, authorization, inFlight: CONCURRENCY, durationMs }
      : { kind: "grpc", address: server.address, method: "/grpc.health.v1.Health/Check", inFlight: CONCURRENCY, durationMs };
  }
  return route === "protected"
    ? { kind: "http", url: `${server.address}/me`, headers: { authorization }, connections: CONCURRENCY, durationMs }
    : { kind: "http", url: `${server.address}/healthz`, headers: {}, connections: CONCURRENCY, durationMs };
}
