// The verified-token cache: bounded LRU keyed by a SHA-256 of the whole token, so no part an
// attacker can vary independently of the signature selects an entry.
import * as crypto from "node:crypto";
import type { VerifiedToken } from "./types.js";

interface Entry {
  readonly value: VerifiedToken;
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
  get(key: string, nowMs: number): VerifiedToken | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    if (nowMs >= entry.expiresAt || nowMs < entry.validFrom) return undefined;
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: VerifiedToken, expiresAt: number, validFrom: number): void {
    if (this.#entries.size >= this.#max) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, expiresAt, validFrom });
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }
}
