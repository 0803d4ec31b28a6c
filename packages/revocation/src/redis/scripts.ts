/**
 * The Lua scripts: each write of this package is one script, so Redis applies it whole or not at
 * all, and answers only once it is applied (and, with `appendfsync always`, on disk). Sent by
 * EVALSHA, with EVAL when the server does not know the script yet (first use, after a restart).
 */
import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";
import { RevocationUnavailableError } from "../errors.js";
import { errorReply, type RedisLink } from "./connection.js";

/** A script's source and its SHA-1, the name EVALSHA knows it by. */
export interface Script {
  readonly source: string;
  readonly sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash("sha1").update(source).digest("hex") };
}

/**
 * KEYS: seq, log, keys. ARGV: retention ms, kid to keep for good ('' unless a key withdrawal),
 * then the entry's field/value pairs. INCR + XADD (+ SADD) as one step; trims by the server's
 * clock, so trimming never depends on the writer's. Returns the seq.
 */
export const REVOKE = script(`
local seq = redis.call('INCR', KEYS[1])
local now = redis.call('TIME')
local minid = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - tonumber(ARGV[1])
if minid < 0 then minid = 0 end
local fields = { 'seq', tostring(seq) }
for i = 3, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('XADD', KEYS[2], 'MINID', '~', string.format('%.0f', minid), '*', unpack(fields))
if ARGV[2] ~= '' then redis.call('SADD', KEYS[3], ARGV[2]) end
return seq
`);

/**
 * KEYS: the grant's rotation hash. ARGV: current jti, ttl ms. Creates the state only when there
 * is none (a grant starts once). Returns 1 when created, 0 when it existed.
 */
export const START_GRANT = script(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'current', ARGV[1], 'previous', '', 'rotated_at', '0')
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`);

/**
 * KEYS: the grant's rotation hash. ARGV: presented jti, new jti, now ms, grace ms, ttl ms.
 * Returns rotated | retry | reused | unknown (see RotationResult). A retry moves current to the
 * new jti but keeps previous and rotated_at, so retries cannot stretch the grace window.
 */
export const ROTATE = script(`
local state = redis.call('HMGET', KEYS[1], 'current', 'previous', 'rotated_at')
if not state[1] then return 'unknown' end
local presented, new, now, grace, ttl = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
if presented == state[1] then
  redis.call('HSET', KEYS[1], 'current', new, 'previous', presented, 'rotated_at', ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ttl)
  return 'rotated'
end
if state[2] and state[2] ~= '' and presented == state[2] and now - tonumber(state[3]) <= grace then
  redis.call('HSET', KEYS[1], 'current', new)
  redis.call('PEXPIRE', KEYS[1], ttl)
  return 'retry'
end
return 'reused'
`);

/**
 * Runs `s` by EVALSHA, falling back to EVAL on NOSCRIPT; both attempts together take at most
 * `timeoutMs`. Rejects with RevocationUnavailableError.
 */
export async function runScript(
  link: RedisLink,
  s: Script,
  keys: readonly string[],
  args: readonly string[],
  timeoutMs: number,
): Promise<unknown> {
  const tail = [String(keys.length), ...keys, ...args];
  const started = performance.now();
  try {
    return await link.send(["EVALSHA", s.sha, ...tail], timeoutMs);
  } catch (e) {
    if (errorReply(e)?.startsWith("NOSCRIPT") !== true) throw e;
    const left = Math.floor(timeoutMs - (performance.now() - started));
    if (left <= 0) throw new RevocationUnavailableError(`Redis did not answer within ${String(timeoutMs)} ms`);
    return link.send(["EVAL", s.source, ...tail], left);
  }
}
