import { performance } from "node:perf_hooks";
import { spawnService, type LineSink, type ServiceExit, type ServiceProcess } from "./child.js";
import { TopologyError, describeExit } from "./errors.js";
import { pollUntil, probe, probeDescription } from "./ready.js";
import { SERVICES, serviceEntry, type ServiceName } from "./services.js";

/** Settings shared by every child of a group. */
export interface GroupSettings {
  readonly env: Record<string, string>;
  readonly urls: Readonly<Record<ServiceName, string>>;
  readonly entries: Partial<Record<ServiceName, string>>;
  readonly out: LineSink;
  readonly format: ((line: string) => string) | undefined;
  /** Width the `[name]` label is padded to, so the log columns line up. */
  readonly labelWidth: number;
  readonly readyTimeoutMs: number;
  readonly stopTimeoutMs: number;
}

/**
 * The children of one topology: launches each and waits for its readiness probe, notices the
 * first one that exits on its own, and stops them all.
 */
export class ProcessGroup {
  readonly readyMs: Partial<Record<ServiceName, number>> = {};
  /** Resolves with the first child that exits without stop() having been called on it. */
  readonly exited: Promise<ServiceExit>;
  /** Rejects with a TopologyError as soon as a child exits on its own; never resolves. */
  readonly earlyExit: Promise<never>;
  readonly #children: ServiceProcess[] = [];
  readonly #aborter = new AbortController();
  readonly #settings: GroupSettings;
  readonly #listeners = new Set<(exit: ServiceExit) => void>();
  #reportExit: (exit: ServiceExit) => void = () => undefined;

  constructor(settings: GroupSettings) {
    this.#settings = settings;
    this.exited = new Promise((resolve) => (this.#reportExit = resolve));
    this.earlyExit = this.exited.then((exit) => {
      const detail = `${describeExit(exit.code, exit.signal)} before the topology was ready`;
      throw new TopologyError(exit.service, "exited", detail, exit.lastStderr);
    });
    // Once started, a late exit is reported through `exited`; this copy must not go unhandled.
    this.earlyExit.catch(() => undefined);
  }

  get pids(): Partial<Record<ServiceName, number>> {
    return Object.fromEntries(this.#children.map((child) => [child.name, child.pid]));
  }

  /**
   * Spawns `name` and resolves once its probe passes.
   *
   * @throws TopologyError("timeout") when not ready in time (unless the group is being stopped).
   */
  async launch(name: ServiceName, extra: Readonly<Record<string, string>> = {}): Promise<void> {
    const { urls, entries, out, format, labelWidth, readyTimeoutMs } = this.#settings;
    const env = { ...this.#settings.env, ...extra };
    const entry = entries[name] ?? serviceEntry(name);
    const label = `[${name}]`.padEnd(labelWidth) + " ";
    const child = spawnService({ name, entry, env, label, out, ...(format === undefined ? {} : { format }) });
    this.#children.push(child);
    void child.exited.then((exit) => {
      if (child.stopping) return;
      this.#reportExit(exit);
      for (const listener of this.#listeners) listener(exit);
    });
    const spawnedAt = performance.now();
    const check = (): Promise<boolean> => probe(SERVICES[name], urls[name]);
    if (await pollUntil(check, readyTimeoutMs, this.#aborter.signal)) {
      this.readyMs[name] = Math.round(performance.now() - spawnedAt);
      return;
    }
    if (this.#aborter.signal.aborted) return; // stopping anyway; the cause is reported elsewhere
    const detail = `was not ready within ${readyTimeoutMs} ms (${probeDescription(SERVICES[name], urls[name])})`;
    throw new TopologyError(name, "timeout", detail, child.lastStderr());
  }

  /** Stops the running child of one service; undefined when none is running. */
  async stopOne(name: ServiceName): Promise<ServiceExit | undefined> {
    const child = this.#children.find((c) => c.name === name && !c.done);
    return child === undefined ? undefined : child.stop(this.#settings.stopTimeoutMs);
  }

  /** Calls `listener` with every child that exits without stop() having been called on it. */
  onExit(listener: (exit: ServiceExit) => void): void {
    this.#listeners.add(listener);
  }

  /**
   * Ends polling and stops every child (SIGTERM, SIGKILL after the stop timeout). Idempotent.
   * Resolves with how the children that were still running ended.
   */
  async stop(): Promise<ServiceExit[]> {
    this.#aborter.abort();
    const running = this.#children.filter((child) => !child.done);
    return Promise.all(running.map((child) => child.stop(this.#settings.stopTimeoutMs)));
  }
}
