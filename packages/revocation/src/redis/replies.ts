/**
 * Narrowing of the replies the replica reads. A reply of the wrong shape is a protocol problem:
 * it throws, and the replica retries with a full resync. RESP2 (arrays) and RESP3 (maps, sets)
 * shapes are both accepted, so a client factory's RESP choice does not matter.
 */
import { RevocationUnavailableError } from "../errors.js";

/** One stream entry as returned: its id and its still-unchecked fields. */
export interface RawStreamEntry {
  readonly id: string;
  readonly fields: unknown;
}

const STREAM_ID = /^[0-9]{1,20}-[0-9]{1,20}$/;

function unexpected(what: string): RevocationUnavailableError {
  return new RevocationUnavailableError(`unexpected ${what} reply from Redis`);
}

/**
 * XRANGE's reply: `[[id, [field, value, …]], …]`.
 *
 * @example
 * ```ts
 * streamEntries([["1-0", ["seq", "1"]]]); // [{ id: "1-0", fields: ["seq", "1"] }]
 * ```
 */
export function streamEntries(reply: unknown, what = "XRANGE"): RawStreamEntry[] {
  if (!Array.isArray(reply)) throw unexpected(what);
  return reply.map((item: unknown) => {
    if (!Array.isArray(item) || item.length !== 2) throw unexpected(what);
    const [id, fields] = item as [unknown, unknown];
    if (typeof id !== "string" || !STREAM_ID.test(id)) throw unexpected(what);
    return { id, fields };
  });
}

/**
 * XREAD's reply for one stream: nil on timeout, `[[key, entries]]` in RESP2, `{ key: entries }`
 * (object or Map) in RESP3.
 *
 * @example
 * ```ts
 * xreadEntries(null, "revocation:log"); // []
 * ```
 */
export function xreadEntries(reply: unknown, key: string): RawStreamEntry[] {
  if (reply === null) return [];
  let entries: unknown;
  if (Array.isArray(reply)) {
    const first: unknown = reply[0];
    if (reply.length !== 1 || !Array.isArray(first) || first.length !== 2 || first[0] !== key) throw unexpected("XREAD");
    entries = first[1];
  } else if (reply instanceof Map) {
    entries = reply.get(key);
  } else if (typeof reply === "object") {
    entries = (reply as Record<string, unknown>)[key];
  }
  return streamEntries(entries, "XREAD");
}

/**
 * SMEMBERS's reply: an array (RESP2) or a Set (RESP3) of strings.
 *
 * @example
 * ```ts
 * stringMembers(["kid-1"]); // ["kid-1"]
 * ```
 */
export function stringMembers(reply: unknown): string[] {
  const items: unknown[] = reply instanceof Set ? [...(reply as Set<unknown>)] : Array.isArray(reply) ? reply : [];
  if (!(reply instanceof Set) && !Array.isArray(reply)) throw unexpected("SMEMBERS");
  return items.map((item) => {
    if (typeof item !== "string") throw unexpected("SMEMBERS");
    return item;
  });
}

/**
 * A counter's value: nil (never incremented) is 0; a number or a decimal string otherwise.
 *
 * @example
 * ```ts
 * counterValue(null); // 0
 * counterValue("42"); // 42
 * ```
 */
export function counterValue(reply: unknown, what = "GET"): number {
  if (reply === null) return 0;
  const n = typeof reply === "number" ? reply : typeof reply === "string" && /^[0-9]{1,16}$/.test(reply) ? Number(reply) : NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw unexpected(what);
  return n;
}

/**
 * TIME's reply, `[seconds, microseconds]`, as milliseconds since the epoch.
 *
 * @example
 * ```ts
 * serverTimeMs(["1767225600", "250000"]); // 1767225600250
 * ```
 */
export function serverTimeMs(reply: unknown): number {
  if (!Array.isArray(reply) || reply.length !== 2) throw unexpected("TIME");
  const [seconds, micros] = (reply as unknown[]).map((part) => (typeof part === "string" && /^[0-9]{1,16}$/.test(part) ? Number(part) : NaN));
  if (seconds === undefined || micros === undefined || !Number.isSafeInteger(seconds) || !Number.isSafeInteger(micros)) throw unexpected("TIME");
  return seconds * 1000 + Math.floor(micros / 1000);
}
