// Heap readings that mean something: full collections until the heap stops shrinking.
import { setTimeout as sleep } from "node:timers/promises";

const exposed = (globalThis as { gc?: () => void }).gc;

/**
 * The heap in use once full collections stop freeing more than 64 KiB. Needs `node --expose-gc`
 * (the suite runs every section that way); throws otherwise, as figures without it are noise.
 *
 * @example
 * ```ts
 * const before = await settledHeap();
 * ```
 */
export async function settledHeap(): Promise<number> {
  if (exposed === undefined) throw new Error("heap figures need node --expose-gc (pnpm bench runs with it)");
  const collect = exposed;
  let last = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 10; i++) {
    await sleep(20);
    collect();
    const used = process.memoryUsage().heapUsed;
    if (used >= last - 64 * 1024) return used;
    last = used;
  }
  return last;
}
