/**
 * The replica's background loop: a full load (counter, withdrawn kids, the stream's entries that
 * can still matter, in chunks), then XREAD BLOCK from the last id on the reader connection until
 * something fails or a connection comes back, then a full load again. Applying is idempotent, so a full load over a
 * state that already holds entries only adds what was missed: nothing a replica knew is dropped
 * before it expires, even if Redis lost it.
 */
import { isTargetValue } from "../target.js";
import { BLOCK_MS, backoffMs, type RedisLink } from "../redis/connection.js";
import { decodeEntry } from "../redis/entry.js";
import type { RedisKeys } from "../redis/keys.js";
import { counterValue, serverTimeMs, streamEntries, stringMembers, xreadEntries, type RawStreamEntry } from "../redis/replies.js";
import { describeError } from "../options.js";
import type { RevocationState } from "../state/state.js";
import type { RevocationLogger } from "../types.js";
import type { Health } from "./health.js";

/** Entries per XRANGE page and per XREAD reply. */
export const CHUNK = 1000;

/** What the loop works with. */
export interface SyncParts {
  readonly commands: RedisLink;
  readonly reader: RedisLink;
  readonly keys: RedisKeys;
  readonly state: RevocationState;
  readonly health: Health;
  readonly clock: () => number;
  readonly logger: RevocationLogger;
  readonly commandTimeoutMs: number;
  /**
   * How far back in the stream a full load reads, by the server's clock (stream ids are its
   * milliseconds): entries older than this are expired for this replica.
   */
  readonly windowMs: number;
}

/** The loop; `run()` returns once `stop()` was called. */
export class SyncLoop {
  readonly #parts: SyncParts;
  #lastId = "0-0";
  #stopped = false;
  #resync = false;
  #wake: (() => void) | undefined;
  #overflowLogged = false;
  readonly #firstLoad: Promise<void>;
  #resolveFirstLoad: () => void = () => undefined;
  #rejectFirstLoad: (e: Error) => void = () => undefined;

  constructor(parts: SyncParts) {
    this.#parts = parts;
    this.#firstLoad = new Promise<void>((resolve, reject) => {
      this.#resolveFirstLoad = resolve;
      this.#rejectFirstLoad = reject;
    });
    // start() awaits it; a replica closed before its first load must not leave an unhandled rejection.
    this.#firstLoad.catch(() => undefined);
  }

  /** Settles after the first full load (rejects when stopped before it). */
  get firstLoad(): Promise<void> {
    return this.#firstLoad;
  }

  /** A connection came back: what it missed is unknown, so the next step is a full load. */
  reconnected(): void {
    this.#resync = true;
    this.wake();
  }

  /** Cuts a backoff pause short (a connection is ready again). */
  wake(): void {
    this.#wake?.();
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  stop(): void {
    this.#stopped = true;
    this.#rejectFirstLoad(new Error("the revocation replica was closed before its first full load"));
    this.wake();
  }

  async run(): Promise<void> {
    for (let attempt = 0; !this.#stopped; ) {
      try {
        await this.#fullLoad();
        attempt = 0;
        await this.#follow();
      } catch (e) {
        if (this.stopped) break;
        this.#parts.health.lost(describeError(e));
        await this.#pause(backoffMs(attempt++));
      }
    }
  }

  async #fullLoad(): Promise<void> {
    const { commands, keys, state, health, clock, logger, commandTimeoutMs } = this.#parts;
    this.#resync = false;
    const known = state.currentSeq();
    const refused = state.refused;
    const counter = counterValue(await commands.send(["GET", keys.seq], commandTimeoutMs));
    health.contact(clock());
    for (const kid of stringMembers(await commands.send(["SMEMBERS", keys.keys], commandTimeoutMs))) {
      if (isTargetValue(kid)) state.withdrawKey(kid);
    }
    // Stream ids are the server's milliseconds: skipping ids older than the window skips only
    // entries this replica would drop at once (a resource service needs minutes of a day's stream).
    const since = Math.max(0, serverTimeMs(await commands.send(["TIME"], commandTimeoutMs)) - this.#parts.windowMs);
    let lastId = `${String(since)}-0`;
    for (let start = lastId; ; start = `(${lastId}`) {
      const page = streamEntries(await commands.send(["XRANGE", keys.log, start, "+", "COUNT", String(CHUNK)], commandTimeoutMs));
      health.contact(clock());
      lastId = this.#apply(page) ?? lastId;
      if (this.#stopped) return;
      if (page.length < CHUNK) break;
    }
    if (counter < known) {
      logger.error({ counter, known }, "the revocation counter went backwards: Redis lost data; revocations written before the loss may be gone");
    }
    state.observeSeq(counter);
    if (state.refused === refused) {
      state.clearOverflow();
      this.#overflowLogged = false;
    }
    this.#lastId = lastId;
    logger.info({ seq: state.currentSeq(), entries: state.size }, "revocation state loaded");
    health.synced(clock());
    this.#resolveFirstLoad();
  }

  async #follow(): Promise<void> {
    const { reader, keys, state, health, clock, commandTimeoutMs } = this.#parts;
    while (!this.#stopped && !this.#resync) {
      const args = ["XREAD", "COUNT", String(CHUNK), "BLOCK", String(BLOCK_MS), "STREAMS", keys.log, this.#lastId];
      const reply = await reader.send(args, BLOCK_MS + commandTimeoutMs);
      health.contact(clock());
      this.#lastId = this.#apply(xreadEntries(reply, keys.log)) ?? this.#lastId;
      // Room again after expiry: a full load brings back what the cap refused.
      if (state.overflowed && state.size < state.maxEntries) return;
      health.publish();
    }
  }

  /** Applies a page of entries; returns the last id, or undefined for an empty page. */
  #apply(page: readonly RawStreamEntry[]): string | undefined {
    const { state, logger, clock } = this.#parts;
    const now = clock();
    let malformed = 0;
    let firstMalformed: { id: string; reason: string } | undefined;
    let last: string | undefined;
    for (const raw of page) {
      last = raw.id;
      const decoded = decodeEntry(raw.fields);
      if (!decoded.ok) {
        malformed++;
        firstMalformed ??= { id: raw.id, reason: decoded.reason };
        continue;
      }
      if (!state.apply(decoded.entry, now) && !this.#overflowLogged) {
        this.#overflowLogged = true;
        logger.error({ maxEntries: state.maxEntries }, "revocation entry cap reached: failing closed until entries expire");
      }
    }
    state.prune(now);
    if (firstMalformed !== undefined) logger.error({ malformed, first: firstMalformed }, "skipped malformed revocation stream entries");
    return last;
  }

  #pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }
}
