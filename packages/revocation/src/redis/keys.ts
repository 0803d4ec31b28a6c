/**
 * The Redis keys of one deployment, all under one prefix. In a Redis Cluster, give the prefix a
 * hash tag (`{revocation}:`) so the counter, the stream and the key set share a slot, as the
 * revoke script touching all three requires.
 */

/**
 * Default key prefix.
 *
 * @example
 * ```ts
 * createRevocationStore({ url, retentionSeconds, prefix: `{${DEFAULT_PREFIX}}` }); // a Cluster hash tag
 * ```
 */
export const DEFAULT_PREFIX = "revocation:";

const PREFIX = /^[\x21-\x7e]{0,64}$/;

/**
 * The key names under one prefix.
 *
 * @example
 * ```ts
 * const { seq, log, keys }: RedisKeys = redisKeys();
 * ```
 */
export interface RedisKeys {
  /** INCR counter: one number per revocation. */
  readonly seq: string;
  /** Stream: one entry per revocation, trimmed by time. */
  readonly log: string;
  /** Set of withdrawn kids, never trimmed. */
  readonly keys: string;
  /** Hash of a grant's refresh-token rotation state. */
  grant(sid: string): string;
}

/**
 * The keys under `prefix` (visible ASCII, at most 64 characters; TypeError otherwise).
 *
 * @example
 * ```ts
 * redisKeys("revocation:").log; // "revocation:log"
 * ```
 */
export function redisKeys(prefix: string = DEFAULT_PREFIX): RedisKeys {
  if (typeof prefix !== "string" || !PREFIX.test(prefix)) throw new TypeError("prefix must be at most 64 visible ASCII characters");
  return {
    seq: `${prefix}seq`,
    log: `${prefix}log`,
    keys: `${prefix}keys`,
    grant: (sid) => `${prefix}rt:${sid}`,
  };
}
