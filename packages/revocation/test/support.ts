// Shared helpers: a clock tests move by hand (the only thing faked), a logger that keeps its lines,
// polling for a condition, and a random key prefix so test files never share Redis keys.
import { randomUUID } from "node:crypto";
import type { RevocationLogger, RevocationStore, RevocationSubject } from "../src/index.js";

/** 2026-01-01T00:00:00Z in ms: every test starts at a fixed time. */
export const START_MS = Date.UTC(2026, 0, 1);

export interface FakeClock {
  now: () => number;
  advance: (ms: number) => void;
}

export function fakeClock(startMs = START_MS): FakeClock {
  let t = startMs;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

export interface LogLine {
  level: "info" | "warn" | "error";
  fields: Record<string, unknown>;
  message: string;
}

export function memoryLogger(): RevocationLogger & { lines: LogLine[]; text: () => string } {
  const lines: LogLine[] = [];
  const push = (level: LogLine["level"]) => (fields: Record<string, unknown>, message: string) => {
    lines.push({ level, fields, message });
  };
  return { lines, info: push("info"), warn: push("warn"), error: push("error"), text: () => JSON.stringify(lines) };
}

export function prefix(): string {
  return `test:${randomUUID().slice(0, 8)}:`;
}

/** Polls `condition` every 20 ms until it holds; fails after `timeoutMs` (generous: a loaded 2-core machine). */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A token's claims as the verifier hands them over, with overrides. */
export function subject(overrides: Partial<Record<keyof RevocationSubject, unknown>> = {}): RevocationSubject {
  return { sub: "alice", client_id: "demo-cli", jti: "jti-alice-1", sid: "sid-alice-0001", rev: 0, ...overrides } as RevocationSubject;
}

/** The checker's argument. */
export function token(overrides: Partial<Record<keyof RevocationSubject, unknown>> = {}, kid = "kid-1"): { claims: RevocationSubject; kid: string } {
  return { claims: subject(overrides), kid };
}

/** Waits until a store (which connects in the background) answers. */
export async function connected(store: RevocationStore): Promise<void> {
  await waitFor(async () => (await store.currentSeq().catch(() => -1)) >= 0, "the store to connect");
}
