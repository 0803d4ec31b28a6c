// The verified-token cache: bounded LRU keyed by a SHA-256 of the whole token, so no part an
// attacker can vary independently of the signature selects an entry.
import * as crypto from "node:crypto";
import type { Key } from "../keys/types.js";
import type { VerifiedToken } from "./types.js";

/** One cached verification. */
export interface Entry {
  readonly value: VerifiedToken;
  /** The key that verified it: a hit is only served while the resolver still gives this key. */
  readonly key: Key;
  /** ms; the entry is never served at or after the token's exp. */
  readonly expiresAt: number;
  /** ms; before this (nbf/iat minus tolerance) the entry is not served either. */
  readonly validFrom: number;
}

// crypto.hash is a one-shot digest (Node >= 20.12), markedly cheaper than createHash().
const digest: (token: string) => string = typeof crypto.hash === "function"
  ? (token) => crypto.hash("sha256", token, "base64url")
  : (token) => crypto.createHash("sha256").update(token).digest("base64url");

/** Bounded LRU of verified tokens. */
export class VerifiedCache {
  readonly #entries = new Map<string, Entry>();
  readonly #max: number;

  constructor(maxEntries: number) {
    this.#max = maxEntries;
  }

  /** The cache key of a token. */
  key(token: string): string {
    return digest(token);
  }

  /** A live entry, refreshed as most recently used; expired or not-yet-valid entries are dropped. */
  get(key: string, nowMs: number): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    if (nowMs >= entry.expiresAt || nowMs < entry.validFrom) return undefined;
    this.#entries.set(key, entry);
    return entry;
  }

  /** Drops one entry (its key is no longer current). */
  delete(key: string): void {
    this.#entries.delete(key);
  }

  set(key: string, entry: Entry): void {
    if (this.#entries.size >= this.#max) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, entry);
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }
}
