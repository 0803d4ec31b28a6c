import { performance } from "node:perf_hooks";
import type { LineSink, ServiceExit } from "./child.js";
import { topologyEnv } from "./env.js";
import { ProcessGroup } from "./group.js";
import { resolvePorts, type Env, type Ports, type PortsOption } from "./ports.js";
import { SERVICE_NAMES, type ServiceName } from "./services.js";

/** Options of {@link startTopology}. */
export interface TopologyOptions {
  /** Environment for every child (contract variables); default `process.env`. */
  readonly env?: Env;
  /** `"free"`: fresh loopback ports; an object: explicit ports; default: env or contract ports. */
  readonly ports?: PortsOption;
  /** Which services to start, default all four; the issuer, if listed, always starts first. */
  readonly services?: readonly ServiceName[];
  /** Replace a service's entry script (tests start stand-ins this way). */
  readonly entries?: Partial<Record<ServiceName, string>>;
  /** Where the prefixed log lines go; default `process.stdout`; `null` discards them. */
  readonly stdout?: LineSink;
  /** Turns each service line before it is written (the launcher makes JSON readable on a terminal). */
  readonly formatLine?: (line: string) => string;
  /** Per service, from its spawn; default 20 000 ms. */
  readonly readyTimeoutMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL; default 5 000 ms. */
  readonly stopTimeoutMs?: number;
  /** Aborting it during the start stops what was started and rejects with the abort reason. */
  readonly signal?: AbortSignal;
}

/** A running topology. */
export interface Topology {
  readonly ports: Ports;
  /** `http://host:port` (issuer, express, koa), `host:port` (grpc). */
  readonly urls: Readonly<Record<ServiceName, string>>;
  /** The `iss` the issuer writes and the resource services demand (TOKEN_ISSUER). */
  readonly issuer: string;
  /** Milliseconds from each service's spawn until its readiness probe passed. */
  readonly readyMs: Readonly<Partial<Record<ServiceName, number>>>;
  /** Milliseconds from the call until every service was ready. */
  readonly totalReadyMs: number;
  /** The process id of each service; after relaunch(), the new one. */
  readonly pids: Readonly<Partial<Record<ServiceName, number>>>;
  /** Resolves with the first service that exits on its own (not through stop()). */
  readonly exited: Promise<ServiceExit>;
  /** Calls `listener` with every service that exits on its own (not through stop()). */
  onExit(listener: (exit: ServiceExit) => void): void;
  /**
   * Stops one service (SIGTERM, SIGKILL after the stop timeout) while the others keep running;
   * resolves with how it ended. Its exit is not reported through `exited` or `onExit`.
   */
  stopService(name: ServiceName): Promise<ServiceExit | undefined>;
  /** Starts a service again (after it stopped or crashed) with the same environment; resolves once ready. */
  relaunch(name: ServiceName, env?: Readonly<Record<string, string>>): Promise<void>;
  /**
   * SIGTERM to the services still running, SIGKILL after the stop timeout; resolves, once every
   * process is gone, with how each of them ended.
   */
  stop(): Promise<ServiceExit[]>;
}

/**
 * Starts the issuer, waits until it is ready, then the three resource services in parallel,
 * each as `node <service>/dist/main.js`, and waits until each answers its readiness probe
 * (HTTP `GET /readyz` 200; gRPC `grpc.health.v1.Health/Check` SERVING). Every log line of a
 * child is copied to `stdout` prefixed with its name.
 *
 * @throws TopologyError when a service exits before it is ready or is not ready in time
 *   (the others are stopped first); ConfigError for a bad port variable.
 * @example
 * ```ts
 * const topology = await startTopology({ ports: "free", stdout: null });
 * await fetch(`${topology.urls.express}/healthz`);
 * await topology.stop();
 * ```
 */
export async function startTopology(options: TopologyOptions = {}): Promise<Topology> {
  const startedAt = performance.now();
  const base = options.env ?? process.env;
  const ports = await resolvePorts(options.ports, base);
  const { env, urls, issuer } = topologyEnv(base, ports);
  const names = SERVICE_NAMES.filter((name) => options.services?.includes(name) ?? true);
  const group = new ProcessGroup({
    env,
    urls,
    entries: options.entries ?? {},
    out: options.stdout === undefined ? process.stdout : options.stdout,
    format: options.formatLine,
    labelWidth: Math.max(...names.map((name) => name.length)) + 2,
    readyTimeoutMs: options.readyTimeoutMs ?? 20_000,
    stopTimeoutMs: options.stopTimeoutMs ?? 5_000,
  });
  const interrupt = abortion(options.signal);
  try {
    await Promise.race([launchInOrder(group, names), group.earlyExit, interrupt.promise]);
  } catch (error) {
    await group.stop();
    throw error;
  } finally {
    interrupt.dispose();
  }
  const totalReadyMs = Math.round(performance.now() - startedAt);
  return {
    ports,
    urls,
    issuer,
    readyMs: group.readyMs,
    totalReadyMs,
    get pids() {
      return group.pids;
    },
    exited: group.exited,
    onExit: (listener) => {
      group.onExit(listener);
    },
    stopService: (name) => group.stopOne(name),
    relaunch: (name, extra) => group.launch(name, extra),
    stop: () => group.stop(),
  };
}

/** The issuer first (the others fetch its JWKS at start), then the rest in parallel. */
async function launchInOrder(group: ProcessGroup, names: readonly ServiceName[]): Promise<void> {
  if (names.includes("issuer")) await group.launch("issuer");
  await Promise.all(names.filter((name) => name !== "issuer").map((name) => group.launch(name)));
}

function abortion(signal: AbortSignal | undefined): { promise: Promise<never>; dispose(): void } {
  if (signal === undefined) return { promise: new Promise<never>(() => undefined), dispose: () => undefined };
  let onAbort = (): void => undefined;
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => {
      reject(signal.reason instanceof Error ? signal.reason : new Error("topology start aborted"));
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  return {
    promise,
    dispose: () => {
      signal.removeEventListener("abort", onAbort);
    },
  };
}
