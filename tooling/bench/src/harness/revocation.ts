// Revocation helpers the sections share: a quiet logger, waiting for a store's connection, filling
// a store, and the identifiers of the entries (of the sizes real ones have).
import type { Revocation, RevocationLogger, RevocationStore } from "@org/revocation";
import { setTimeout as sleep } from "node:timers/promises";

/** A logger for benchmark replicas and stores: errors only, to stderr. */
export const QUIET_LOGGER: RevocationLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: (fields: Record<string, unknown>, message: string) => {
    console.error(message, fields);
  },
};

/**
 * An identifier of `length` characters: `kind` then `i` in base 36, zero-padded (22 characters is a
 * 128-bit base64url jti, 16 a 96-bit sid).
 *
 * @example
 * ```ts
 * id("user-", 7, 12); // "user-0000007"
 * ```
 */
export function id(kind: string, i: number, length: number): string {
  return `${kind}${i.toString(36).padStart(length - kind.length, "0")}`;
}

/**
 * Resolves once `store` answers (its connection is made lazily).
 *
 * @example
 * ```ts
 * await connected(store);
 * ```
 */
export async function connected(store: RevocationStore, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await store.currentSeq();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(20);
    }
  }
}

/**
 * Writes `count` revocations, `inFlight` at a time; resolves with the writes per second.
 *
 * @example
 * ```ts
 * await fill(store, 1000, (i) => ({ scope: "user", sub: id("user-", i, 12) }));
 * ```
 */
export async function fill(store: RevocationStore, count: number, make: (i: number) => Revocation, inFlight = 64): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count) await store.revoke(make(next++));
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return (count * 1000) / (performance.now() - started);
}
