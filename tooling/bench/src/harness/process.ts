// Memory and CPU of another process, read from /proc (Linux): the services run as processes of
// their own, and their figures must not include the measuring process.
import { readFileSync } from "node:fs";

/**
 * Resident set size of process `pid` in bytes (VmRSS), or NaN when it cannot be read.
 *
 * @example
 * ```ts
 * rssOf(child.pid); // 61_000_000
 * ```
 */
export function rssOf(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${String(pid)}/status`, "utf8"));
    return match?.[1] === undefined ? Number.NaN : Number(match[1]) * 1024;
  } catch {
    return Number.NaN;
  }
}

// USER_HZ: the unit of utime and stime in /proc/<pid>/stat; 100 on every Linux this runs on.
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system) process `pid` has used, in microseconds; NaN when unreadable. The
 * resolution is one clock tick (10 ms): divide only a long run's difference by its operations.
 *
 * @example
 * ```ts
 * const before = cpuMicrosOf(redis.pid);
 * ```
 */
export function cpuMicrosOf(pid: number): number {
  try {
    const text = readFileSync(`/proc/${String(pid)}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1e6) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}
