/**
 * `createRevocationStore`: the issuer's writer. Each call is one bounded Redis round trip (a Lua
 * script for every write) and resolves only once Redis answered; while Redis is unreachable every
 * call rejects with RevocationUnavailableError within the command timeout.
 */
import { RevocationUnavailableError } from "./errors.js";
import { clockOption, describeError, integerOption, loggerOption, sourceOption } from "./options.js";
import { DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS, RedisLink, type ConnectionRole, type RedisConnection } from "./redis/connection.js";
import { encodeEntry } from "./redis/entry.js";
import { DEFAULT_PREFIX, redisKeys } from "./redis/keys.js";
import { counterValue, stringMembers } from "./redis/replies.js";
import { REVOKE, ROTATE, runScript, START_GRANT } from "./redis/scripts.js";
import { assertTargetValue, parseRevocation } from "./target.js";
import type { Revocation, RevocationLogger, RotationResult } from "./types.js";

/**
 * Default {@link RevocationStoreOptions.rotationGraceMs}.
 *
 * @example
 * ```ts
 * createRevocationStore({ url, retentionSeconds, rotationGraceMs: DEFAULT_ROTATION_GRACE_MS });
 * ```
 */
export const DEFAULT_ROTATION_GRACE_MS = 2_000;

/**
 * The contract's ceiling on the rotation grace window; a larger `rotationGraceMs` is a TypeError.
 *
 * @example
 * ```ts
 * const grace = Math.min(configuredGraceMs, MAX_ROTATION_GRACE_MS);
 * ```
 */
export const MAX_ROTATION_GRACE_MS = 5_000;

const MAX_TTL_SECONDS = 366 * 86_400;
const ROTATION_RESULTS: readonly unknown[] = ["rotated", "retry", "reused", "unknown"] satisfies RotationResult[];

function isRotationResult(value: unknown): value is RotationResult {
  return ROTATION_RESULTS.includes(value);
}

/**
 * Options of {@link createRevocationStore}: `url` or `client`, plus the retention.
 *
 * @example
 * ```ts
 * const options: RevocationStoreOptions = { url: process.env.REDIS_URL, retentionSeconds: 86_400 + 5 };
 * ```
 */
export interface RevocationStoreOptions {
  /** `redis://…`; or give `client`. Never logged (it may hold a password). */
  readonly url?: string;
  /** A factory of node-redis clients (role "commands"), called for each new connection. */
  readonly client?: (role: ConnectionRole) => RedisConnection;
  /** Key prefix; default "revocation:". */
  readonly prefix?: string;
  /**
   * How long stream entries are kept, in seconds: the refresh-token lifetime plus the clock
   * tolerance, since the issuer needs grant and token revocations while a refresh token lives.
   */
  readonly retentionSeconds: number;
  /** Bound on each call, from sending to answer; default 3 000 (the issuer must answer within 5 s). */
  readonly commandTimeoutMs?: number;
  /** Default 2 000. */
  readonly connectTimeoutMs?: number;
  /** Window in which the previous refresh token is a benign retry; default 2 000, at most 5 000. */
  readonly rotationGraceMs?: number;
  /** Milliseconds since the epoch; default Date.now. */
  readonly clock?: () => number;
  /** Default: warnings and errors to stderr. */
  readonly logger?: RevocationLogger;
}

/**
 * The issuer's writer, from {@link createRevocationStore}. Every method rejects with
 * RevocationUnavailableError when Redis cannot be used, TypeError for a caller's mistake.
 *
 * @example
 * ```ts
 * const { seq } = await store.revoke({ scope: "user", sub: "alice" });
 * ```
 */
export interface RevocationStore {
  /** Writes one revocation (INCR + XADD, + SADD for a key) atomically; resolves with its seq. */
  revoke(revocation: Revocation): Promise<{ seq: number }>;
  /** The counter now: a `rev` that is exact across issuer processes (one GET). */
  currentSeq(): Promise<number>;
  /**
   * The highest revocation number this store wrote or read, without I/O. The issuer stamps
   * `rev = Math.max(replica.currentSeq(), store.lastSeq())`, so a login right after a logout it
   * wrote is never covered by that logout, even before its own replica applied it.
   */
  lastSeq(): number;
  /** Every withdrawn kid (kept for good). */
  withdrawnKeys(): Promise<string[]>;
  /** Creates the rotation state of a new grant; false when the grant already had one (left unchanged). */
  startGrant(sid: string, jti: string, ttlSeconds: number): Promise<boolean>;
  /** One refresh-token rotation step; on "reused" the caller must revoke the grant. */
  rotate(sid: string, presentedJti: string, newJti: string, ttlSeconds: number): Promise<RotationResult>;
  /** Closes the connection; calls reject afterwards. */
  close(): Promise<void>;
}

/**
 * The revocation writer. Throws TypeError for bad options; connects in the background.
 *
 * @example
 * ```ts
 * const store = createRevocationStore({ url: "redis://127.0.0.1:6379", retentionSeconds: 86_405 });
 * await store.revoke({ scope: "grant", sid });
 * if ((await store.rotate(sid, presented.jti, next.jti, 86_400)) === "reused") await store.revoke({ scope: "grant", sid });
 * ```
 */
export function createRevocationStore(options: RevocationStoreOptions): RevocationStore {
  const source = sourceOption(options);
  const keys = redisKeys(options.prefix ?? DEFAULT_PREFIX);
  const retentionMs = integerOption(options.retentionSeconds, "retentionSeconds", { min: 1, max: MAX_TTL_SECONDS }) * 1000;
  const timeoutMs = integerOption(options.commandTimeoutMs, "commandTimeoutMs", { min: 1, max: 60_000, fallback: DEFAULT_COMMAND_TIMEOUT_MS });
  const connectTimeoutMs = integerOption(options.connectTimeoutMs, "connectTimeoutMs", { min: 1, max: 60_000, fallback: DEFAULT_CONNECT_TIMEOUT_MS });
  const graceMs = integerOption(options.rotationGraceMs, "rotationGraceMs", { min: 0, max: MAX_ROTATION_GRACE_MS, fallback: DEFAULT_ROTATION_GRACE_MS });
  const clock = clockOption(options.clock);
  const logger = loggerOption(options.logger);

  let healthy = true;
  const client = new RedisLink(source, "commands", {
    connectTimeoutMs,
    onError: (e) => {
      // One line per outage, not one per reconnection attempt.
      if (healthy) logger.warn({ err: describeError(e) }, "revocation store lost Redis");
      healthy = false;
    },
    onReady: () => {
      if (!healthy) logger.info({}, "revocation store reconnected to Redis");
      healthy = true;
    },
  });
  let closed = false;
  let lastSeq = 0;
  const seen = (seq: number): number => {
    if (seq > lastSeq) lastSeq = seq;
    return seq;
  };
  const usable = (): void => {
    if (closed) throw new RevocationUnavailableError("the revocation store is closed");
  };

  return {
    revoke: async (revocation) => {
      const { target, until } = parseRevocation(revocation);
      usable();
      const at = clock();
      const end = at + retentionMs;
      // A token revocation matters until the token expires; nothing outlives the retention.
      const effectiveUntil = target.scope === "token" && until !== undefined ? Math.min(until, end) : end;
      const kid = target.scope === "key" ? target.kid : "";
      const args = [String(retentionMs), kid, ...encodeEntry(target, at, effectiveUntil)];
      const seq = seen(counterValue(await runScript(client, REVOKE, [keys.seq, keys.log, keys.keys], args, timeoutMs), "revoke script"));
      logger.info({ scope: target.scope, seq }, "revocation written");
      return { seq };
    },
    currentSeq: async () => {
      usable();
      return seen(counterValue(await client.send(["GET", keys.seq], timeoutMs)));
    },
    lastSeq: () => lastSeq,
    withdrawnKeys: async () => {
      usable();
      return stringMembers(await client.send(["SMEMBERS", keys.keys], timeoutMs));
    },
    startGrant: async (sid, jti, ttlSeconds) => {
      assertTargetValue(sid, "sid");
      assertTargetValue(jti, "jti");
      const ttlMs = integerOption(ttlSeconds, "ttlSeconds", { min: 1, max: MAX_TTL_SECONDS }) * 1000;
      usable();
      const created = await runScript(client, START_GRANT, [keys.grant(sid)], [jti, String(ttlMs)], timeoutMs);
      return counterValue(created, "start grant script") === 1;
    },
    rotate: async (sid, presentedJti, newJti, ttlSeconds) => {
      assertTargetValue(sid, "sid");
      assertTargetValue(presentedJti, "presentedJti");
      assertTargetValue(newJti, "newJti");
      if (presentedJti === newJti) throw new TypeError("newJti must differ from presentedJti");
      const ttlMs = integerOption(ttlSeconds, "ttlSeconds", { min: 1, max: MAX_TTL_SECONDS }) * 1000;
      usable();
      const args = [presentedJti, newJti, String(clock()), String(graceMs), String(ttlMs)];
      const result = await runScript(client, ROTATE, [keys.grant(sid)], args, timeoutMs);
      if (!isRotationResult(result)) throw new RevocationUnavailableError("unexpected rotate script reply from Redis");
      if (result === "reused") logger.warn({ scope: "grant" }, "refresh token reuse detected");
      return result;
    },
    close: () => {
      if (!closed) {
        closed = true;
        client.destroy();
      }
      return Promise.resolve();
    },
  };
}
