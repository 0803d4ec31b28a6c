// The issuer as a process of its own (its built dist/main.js, shipped identities with production-cost
// scrypt hashes, LOG_LEVEL=info), started and stopped here.
import { freePorts, httpHealthy, serviceEntry } from "@org/topology";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { closeSync, openSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

/** The issuer's login capacity (services/issuer/README.md, "Login capacity"), set explicitly for a run. */
export interface LoginCapacity {
  /** LOGIN_CONCURRENCY: scrypt comparisons at once. */
  readonly concurrency: number;
  /** LOGIN_QUEUE: comparisons waiting for a turn. */
  readonly queue: number;
  /** MAX_INFLIGHT_PER_ADDRESS: /token requests one address may have in flight. */
  readonly inflightPerAddress: number;
}

/** A running issuer. */
export interface RunningIssuer {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;

/**
 * Starts the issuer on a free loopback port, trusting one proxy hop (X-Forwarded-For names the
 * client address, so the bench can give each login an address of its own and the throttle judges
 * every attempt afresh), with the given login capacity, and resolves once `/readyz` answers 200.
 *
 * @example
 * ```ts
 * const issuer = await startIssuer({ concurrency: 2, queue: 8, inflightPerAddress: 4 });
 * await issuer.stop();
 * ```
 */
export async function startIssuer(capacity: LoginCapacity): Promise<RunningIssuer> {
  const [port = 0] = await freePorts(1);
  const env = {
    PATH: process.env.PATH ?? "", NODE_ENV: "production", HOST: "127.0.0.1", ISSUER_PORT: String(port), LOG_LEVEL: "info", TRUST_PROXY: "1",
    LOGIN_CONCURRENCY: String(capacity.concurrency), LOGIN_QUEUE: String(capacity.queue), MAX_INFLIGHT_PER_ADDRESS: String(capacity.inflightPerAddress),
  };
  const devNull = openSync("/dev/null", "w");
  const child: ChildProcess = spawn(process.execPath, [serviceEntry("issuer")], { env, stdio: ["ignore", devNull, "pipe"] });
  closeSync(devNull);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-2000);
  });
  const url = `http://127.0.0.1:${String(port)}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    await exited;
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await httpHealthy(url, 1_000, "/readyz"))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the issuer did not become ready: ${stderr.trim()}`);
    }
    await sleep(50);
  }
  return { url, pid: child.pid ?? -1, stop };
}
