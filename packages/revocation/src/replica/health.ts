/**
 * How much a replica's memory can be trusted, from when it last heard from Redis: the status
 * readiness probes report, the one test the checker makes per request, and the log line for each
 * change (one loud warning when it starts failing open).
 */
import type { RevocationLogger } from "../types.js";

/**
 * `loading`: no full load yet (checks throw). `fresh`: following the stream. `stale`: out of
 * touch, still within `maxStalenessMs` (checks answer from memory). `unavailable`: past the limit,
 * over the entry cap, or closed (checks throw). `degraded`: past the limit with `failOpen`
 * (checks answer from memory).
 *
 * @example
 * ```ts
 * const ready = (["fresh", "stale", "degraded"] as ReplicaState[]).includes(replica.status().state);
 * ```
 */
export type ReplicaState = "loading" | "fresh" | "stale" | "unavailable" | "degraded";

/**
 * A replica's status. `staleForMs`: time since the last proven contact with Redis (since start
 * while loading).
 *
 * @example
 * ```ts
 * const { state, reason, staleForMs }: ReplicaStatus = replica.status();
 * ```
 */
export interface ReplicaStatus {
  readonly state: ReplicaState;
  readonly reason?: string;
  readonly staleForMs: number;
}

/** Settings of {@link Health}. */
export interface HealthOptions {
  readonly clock: () => number;
  readonly maxStalenessMs: number;
  readonly failOpen: boolean;
  /** Contact older than this is not fresh, even on a connection that seems up. */
  readonly freshForMs: number;
  readonly logger: RevocationLogger;
  /** The entry cap when the state overflowed, else undefined. */
  readonly overflowedCap: () => number | undefined;
}

/** The replica's trust in its memory. Mutated by the sync loop, read by checks and probes. */
export class Health {
  readonly #options: HealthOptions;
  readonly #listeners = new Set<(status: ReplicaStatus) => void>();
  readonly #startedAt: number;
  #loaded = false;
  #live = false;
  #closed = false;
  #lastContact = -Infinity;
  #problem: string | undefined;
  #published: ReplicaStatus | undefined;

  constructor(options: HealthOptions) {
    this.#options = options;
    this.#startedAt = options.clock();
  }

  /** Redis answered at `now`. */
  contact(now: number): void {
    this.#lastContact = now;
  }

  /** A full load finished at `now`: the replica follows the stream again. */
  synced(now: number): void {
    this.#loaded = true;
    this.#live = true;
    this.#problem = undefined;
    this.#lastContact = now;
    this.publish();
  }

  /** The sync loop failed; it retries with a full load. */
  lost(problem: string): void {
    // A loaded replica announces this as "stale"; one that never loaded says it once per streak.
    if (!this.#loaded && this.#problem === undefined) {
      this.#options.logger.warn({ state: "loading", reason: problem }, "revocation replica cannot load its state yet; checks fail closed");
    }
    this.#live = false;
    this.#problem = problem;
    this.publish();
  }

  closed(): void {
    this.#closed = true;
    this.#live = false;
    this.publish();
  }

  /** The per-request test: may a check answer from memory at `now`? (The cap is the state's own test.) */
  usable(now: number): boolean {
    return this.#loaded && !this.#closed && (this.#options.failOpen || now - this.#lastContact <= this.#options.maxStalenessMs);
  }

  status(now: number = this.#options.clock()): ReplicaStatus {
    const { maxStalenessMs, failOpen, freshForMs } = this.#options;
    const cap = this.#options.overflowedCap();
    if (this.#closed) return { state: "unavailable", reason: "closed", staleForMs: this.#age(now) };
    if (!this.#loaded) {
      const reason = this.#problem === undefined ? "first full load not done" : `first full load not done: ${this.#problem}`;
      return { state: "loading", reason, staleForMs: Math.max(0, now - this.#startedAt) };
    }
    const staleForMs = this.#age(now);
    if (cap !== undefined) return { state: "unavailable", reason: `entry cap of ${String(cap)} reached`, staleForMs };
    if (this.#live && staleForMs <= freshForMs) return { state: "fresh", staleForMs };
    const why = this.#problem ?? "no answer from Redis";
    if (staleForMs <= maxStalenessMs) return { state: "stale", reason: why, staleForMs };
    const limit = `over the ${String(maxStalenessMs)} ms staleness limit`;
    if (failOpen) return { state: "degraded", reason: `${why}; ${limit}; failing open`, staleForMs };
    return { state: "unavailable", reason: `${why}; ${limit}`, staleForMs };
  }

  onStatus(listener: (status: ReplicaStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Logs and announces a change of state or reason; called by the loop and once a second. */
  publish(): void {
    const status = this.status();
    const previous = this.#published;
    if (previous?.state === status.state && previous.reason === status.reason) return;
    this.#published = status;
    this.#log(status, previous);
    for (const listener of this.#listeners) {
      try {
        listener(status);
      } catch (e) {
        this.#options.logger.error({ err: e instanceof Error ? e.message : String(e) }, "revocation status listener threw");
      }
    }
  }

  #age(now: number): number {
    return Number.isFinite(this.#lastContact) ? Math.max(0, now - this.#lastContact) : 0;
  }

  #log(status: ReplicaStatus, previous: ReplicaStatus | undefined): void {
    if (previous?.state === status.state) return;
    const { logger, maxStalenessMs } = this.#options;
    const fields = { state: status.state, reason: status.reason, staleForMs: status.staleForMs };
    switch (status.state) {
      case "fresh":
        logger.info(fields, "revocation state is fresh");
        break;
      case "stale":
        logger.warn(fields, `revocation state is stale: answering from memory for up to ${String(maxStalenessMs)} ms`);
        break;
      case "degraded":
        logger.warn(fields, "REVOCATION FAILING OPEN: state is stale past the limit; tokens revoked since are still accepted");
        break;
      case "unavailable":
        if (this.#closed) logger.info(fields, "revocation replica closed");
        else logger.error(fields, "revocation state unavailable: every check fails closed");
        break;
      case "loading":
        break;
    }
  }
}
