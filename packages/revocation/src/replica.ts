/**
 * `createRevocationReplica`: a resource service's (or the issuer's) copy of every revocation, kept
 * in memory and followed from the Redis stream in the background. Its checker reads memory only:
 * no Redis command is ever sent on a request's path.
 */
import { DEFAULT_CLOCK_TOLERANCE, TokenError } from "@org/token";
import { booleanOption, clockOption, integerOption, loggerOption, sourceOption } from "./options.js";
import { BLOCK_MS, DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS, RedisLink, type ConnectionRole, type RedisConnection } from "./redis/connection.js";
import { DEFAULT_PREFIX, redisKeys } from "./redis/keys.js";
import { Health, type ReplicaStatus } from "./replica/health.js";
import { SyncLoop } from "./replica/sync.js";
import { DEFAULT_MAX_ENTRIES, RevocationState } from "./state/state.js";
import type { RevocationChecker, RevocationLogger } from "./types.js";

/**
 * Default {@link RevocationReplicaOptions.maxStalenessMs}: the contract's REVOCATION_MAX_STALENESS default.
 *
 * @example
 * ```ts
 * createRevocationReplica({ url, maxAccessLifetimeSeconds: 300, maxStalenessMs: DEFAULT_MAX_STALENESS_MS / 2 });
 * ```
 */
export const DEFAULT_MAX_STALENESS_MS = 30_000;

const DAY_SECONDS = 86_400;
const STATUS_EVERY_MS = 1_000;

/**
 * Options of {@link createRevocationReplica}: `url` or `client`, plus the token lifetime.
 *
 * @example
 * ```ts
 * const options: RevocationReplicaOptions = { url: process.env.REDIS_URL, maxAccessLifetimeSeconds: 300 };
 * ```
 */
export interface RevocationReplicaOptions {
  /** `redis://…`; or give `client`. Never logged (it may hold a password). */
  readonly url?: string;
  /** A factory of node-redis clients, called for each new connection of a role (see redisClientOptions). */
  readonly client?: (role: ConnectionRole) => RedisConnection;
  /** Key prefix; default "revocation:". */
  readonly prefix?: string;
  /** How long checks keep answering from memory without contact with Redis; default 30 000. */
  readonly maxStalenessMs?: number;
  /** Past that limit, answer from memory anyway (status "degraded") instead of failing closed; default false. */
  readonly failOpen?: boolean;
  /**
   * The longest lifetime of a token this replica must refuse, in seconds: the access-token lifetime
   * at a resource service, the refresh-token lifetime at the issuer. An entry is forgotten at
   * `min(until, at + this) + clockTolerance`.
   */
  readonly maxAccessLifetimeSeconds: number;
  /** Seconds; default @org/token's DEFAULT_CLOCK_TOLERANCE (5). */
  readonly clockToleranceSeconds?: number;
  /** Entry cap; beyond it the replica fails closed and logs why. Default 2 000 000. */
  readonly maxEntries?: number;
  /** Bound on each command of a full load (and, plus 1 s of BLOCK, on each XREAD); default 3 000. */
  readonly commandTimeoutMs?: number;
  /** Default 2 000. */
  readonly connectTimeoutMs?: number;
  /** Milliseconds since the epoch; default Date.now. */
  readonly clock?: () => number;
  /** Default: warnings and errors to stderr. */
  readonly logger?: RevocationLogger;
}

/**
 * A running replica, from {@link createRevocationReplica}.
 *
 * @example
 * ```ts
 * const replica = createRevocationReplica({ url, maxAccessLifetimeSeconds: 300 });
 * await replica.start();
 * const verifier = createVerifier({ issuer, audience, keys, revocation: replica.checker });
 * ```
 */
export interface RevocationReplica {
  /** Starts following Redis; resolves after the first full load (retrying in the background while Redis is down). */
  start(): Promise<void>;
  /** For the verifier: memory only. Throws TokenError("revocation_unavailable") while loading, unavailable or over the cap. */
  readonly checker: RevocationChecker;
  status(): ReplicaStatus;
  /** Called on every change of state or reason; returns an unsubscribe function. */
  onStatus(listener: (status: ReplicaStatus) => void): () => void;
  /** Called once per kid this replica learns is withdrawn (the first load included); returns an unsubscribe function. */
  onKeyWithdrawn(listener: (kid: string) => void): () => void;
  isKeyWithdrawn(kid: string): boolean;
  /** The highest revocation number applied: the issuer stamps it as `rev`. */
  currentSeq(): number;
  /** Entries held in memory now (for metrics). */
  size(): number;
  /** Stops the loop and closes both connections; checks throw afterwards. */
  close(): Promise<void>;
}

function settings(options: RevocationReplicaOptions) {
  return {
    source: sourceOption(options),
    keys: redisKeys(options.prefix ?? DEFAULT_PREFIX),
    maxStalenessMs: integerOption(options.maxStalenessMs, "maxStalenessMs", { min: 0, max: DAY_SECONDS * 1000, fallback: DEFAULT_MAX_STALENESS_MS }),
    failOpen: booleanOption(options.failOpen, "failOpen", false),
    lifetimeSeconds: integerOption(options.maxAccessLifetimeSeconds, "maxAccessLifetimeSeconds", { min: 1, max: 366 * DAY_SECONDS }),
    toleranceSeconds: integerOption(options.clockToleranceSeconds, "clockToleranceSeconds", { min: 0, max: 3600, fallback: DEFAULT_CLOCK_TOLERANCE }),
    maxEntries: integerOption(options.maxEntries, "maxEntries", { min: 1, max: 100_000_000, fallback: DEFAULT_MAX_ENTRIES }),
    commandTimeoutMs: integerOption(options.commandTimeoutMs, "commandTimeoutMs", { min: 1, max: 60_000, fallback: DEFAULT_COMMAND_TIMEOUT_MS }),
    connectTimeoutMs: integerOption(options.connectTimeoutMs, "connectTimeoutMs", { min: 1, max: 60_000, fallback: DEFAULT_CONNECT_TIMEOUT_MS }),
    clock: clockOption(options.clock),
    logger: loggerOption(options.logger),
  };
}

/**
 * A replica of the revocation state. Throws TypeError for bad options. Nothing connects before
 * `start()`.
 *
 * @example
 * ```ts
 * const replica = createRevocationReplica({ url: "redis://127.0.0.1:6379", maxAccessLifetimeSeconds: 300, logger });
 * replica.onKeyWithdrawn(() => { verifier.flush(); });
 * replica.onStatus((s) => { logger.info(s, "revocation status"); });
 * await replica.start();
 * ```
 */
export function createRevocationReplica(options: RevocationReplicaOptions): RevocationReplica {
  const s = settings(options);
  const keyListeners = new Set<(kid: string) => void>();
  const state = new RevocationState({
    lifetimeMs: s.lifetimeSeconds * 1000,
    toleranceMs: s.toleranceSeconds * 1000,
    maxEntries: s.maxEntries,
    clock: s.clock,
    onKeyWithdrawn: (kid) => {
      s.logger.warn({ scope: "key" }, "a signing key was withdrawn");
      for (const listener of keyListeners) {
        try {
          listener(kid);
        } catch (e) {
          s.logger.error({ err: e instanceof Error ? e.message : String(e) }, "key withdrawal listener threw");
        }
      }
    },
  });
  const health = new Health({
    clock: s.clock,
    maxStalenessMs: s.maxStalenessMs,
    failOpen: s.failOpen,
    freshForMs: BLOCK_MS + s.commandTimeoutMs,
    logger: s.logger,
    overflowedCap: () => (state.overflowed ? state.maxEntries : undefined),
  });
  let running: { loop: SyncLoop; done: Promise<void>; links: RedisLink[]; timer: NodeJS.Timeout } | undefined;
  let closed = false;

  const begin = (): SyncLoop => {
    const connect = (role: ConnectionRole): RedisLink =>
      new RedisLink(s.source, role, {
        connectTimeoutMs: s.connectTimeoutMs,
        onError: () => undefined, // the loop's failing command reports the outage, once
        onReady: (again) => {
          if (again) loop.reconnected();
          else loop.wake();
        },
      });
    const commands = connect("commands");
    const reader = connect("reader");
    // Clocks of the writer, the server and this replica may each be off by the tolerance.
    const windowMs = (s.lifetimeSeconds + 3 * s.toleranceSeconds) * 1000;
    const loop = new SyncLoop({ commands, reader, keys: s.keys, state, health, clock: s.clock, logger: s.logger, commandTimeoutMs: s.commandTimeoutMs, windowMs });
    const timer = setInterval(() => {
      health.publish();
    }, STATUS_EVERY_MS);
    timer.unref();
    running = { loop, done: loop.run(), links: [commands, reader], timer };
    return loop;
  };

  return {
    start: () => {
      if (closed) return Promise.reject(new Error("the revocation replica is closed"));
      return (running?.loop ?? begin()).firstLoad;
    },
    checker: {
      isRevoked: (token) => {
        const now = s.clock();
        if (!health.usable(now)) throw new TokenError("revocation_unavailable");
        return state.isRevoked(token.claims, token.kid, now);
      },
    },
    status: () => health.status(),
    size: () => state.size,
    onStatus: (listener) => health.onStatus(listener),
    onKeyWithdrawn: (listener) => {
      keyListeners.add(listener);
      return () => {
        keyListeners.delete(listener);
      };
    },
    isKeyWithdrawn: (kid) => state.isKeyWithdrawn(kid),
    currentSeq: () => state.currentSeq(),
    close: async () => {
      if (closed) return;
      closed = true;
      health.closed();
      if (running === undefined) return;
      clearInterval(running.timer);
      running.loop.stop();
      for (const link of running.links) link.destroy();
      await running.done;
    },
  };
}
