// RFC 9110 §10.2.3 Retry-After: delay-seconds or an HTTP-date.
import { parseHttpDate } from "./http-date.js";

/**
 * Seconds to wait according to a `Retry-After` value, rounded up; 0 for a date in the past;
 * undefined when the header is absent or malformed. Very large delays stay large (callers cap
 * them) rather than overflowing.
 *
 * @example
 * ```ts
 * const now = Date.UTC(1994, 10, 6, 8, 49, 37);
 * retryAfterSeconds("3", now);                             // 3
 * retryAfterSeconds("Sun, 06 Nov 1994 08:49:40 GMT", now); // 3
 * retryAfterSeconds("Sun, 06 Nov 1994 08:00:00 GMT", now); // 0 (in the past)
 * retryAfterSeconds("soon", now);                          // undefined
 * ```
 */
export function retryAfterSeconds(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    // More digits than a safe integer holds is still "a very long time".
    return text.length > 15 ? Number.MAX_SAFE_INTEGER : Number(text);
  }
  const at = parseHttpDate(text, now);
  if (at === undefined) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
