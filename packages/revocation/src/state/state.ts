/**
 * The in-memory revocation state and its one check. Every lookup is a Map or Set probe, so a check
 * costs the same at a thousand entries as at a million; expiry is swept at most once a second.
 */
import { TokenError } from "@org/token";
import { revOf, sidOf } from "../claims.js";
import type { RevocationEntry, RevocationSubject } from "../types.js";
import { ExpiryBuckets } from "./expiry.js";

/**
 * Default {@link RevocationStateOptions.maxEntries}: about 430 MB of state at ~215 bytes an entry.
 *
 * @example
 * ```ts
 * createRevocationReplica({ url, maxAccessLifetimeSeconds: 300, maxEntries: DEFAULT_MAX_ENTRIES / 4 });
 * ```
 */
export const DEFAULT_MAX_ENTRIES = 2_000_000;

const SWEEP_EVERY_MS = 1000;
/** Separates sub and client_id in a user_client key; targets never contain control characters. */
const SEPARATOR = "\u0000";

// Table numbers, as filed in the expiry buckets.
const GLOBAL = 0;
const CLIENT = 1;
const USER = 2;
const USER_CLIENT = 3;
const GRANT = 4;
const TOKEN = 5;

/** The strongest revocation known for one target: the highest seq, kept until the latest expiry. */
interface Slot {
  seq: number;
  expiresAt: number;
}

/**
 * Options of {@link RevocationState}.
 *
 * @example
 * ```ts
 * const options: RevocationStateOptions = { lifetimeMs: 300_000, toleranceMs: 5_000 };
 * ```
 */
export interface RevocationStateOptions {
  /**
   * The longest lifetime of a token this state must refuse, in ms: an entry is forgotten at
   * `min(until, at + lifetimeMs) + toleranceMs`. A resource service passes its longest access
   * token lifetime; the issuer its refresh-token lifetime. Default: `until` alone.
   */
  readonly lifetimeMs?: number;
  /** Clock tolerance added to every expiry, in ms; default 5 000. */
  readonly toleranceMs?: number;
  /** Entries beyond which the state refuses new ones and fails closed; default 2 000 000. Key withdrawals are exempt. */
  readonly maxEntries?: number;
  /** Milliseconds since the epoch; default Date.now. */
  readonly clock?: () => number;
  /** Called once for each kid this state learns is withdrawn. */
  readonly onKeyWithdrawn?: (kid: string) => void;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || Number.isNaN(value) || value < 0) throw new TypeError(`${name} must be a non-negative number`);
  return value;
}

/**
 * Revocations in memory: one number for global, Maps keyed by client_id, sub,
 * `sub + "\u0000" + client_id`, sid and jti, and a Set of withdrawn kids.
 *
 * @example
 * ```ts
 * const state = new RevocationState({ lifetimeMs: 300_000 });
 * state.apply({ scope: "user", sub: "alice", seq: 7, at: Date.now(), until: Date.now() + 86_400_000 });
 * state.isRevoked({ sub: "alice", client_id: "demo-cli", jti: "j1", rev: 6 }, "kid-1"); // true
 * state.isRevoked({ sub: "alice", client_id: "demo-cli", jti: "j2", rev: 7 }, "kid-1"); // false: signed after
 * ```
 */
export class RevocationState {
  #global: Slot | undefined;
  readonly #clients = new Map<string, Slot>();
  readonly #users = new Map<string, Slot>();
  readonly #userClients = new Map<string, Slot>();
  readonly #grants = new Map<string, Slot>();
  readonly #tokens = new Map<string, Slot>();
  readonly #keys = new Set<string>();
  readonly #expiry = new ExpiryBuckets();
  readonly #lifetimeMs: number;
  readonly #toleranceMs: number;
  readonly #maxEntries: number;
  readonly #clock: () => number;
  readonly #onKeyWithdrawn: ((kid: string) => void) | undefined;
  #seq = 0;
  #refused = 0;
  #overflowed = false;
  #nextSweepAt = 0;

  constructor(options: RevocationStateOptions = {}) {
    this.#lifetimeMs = positive(options.lifetimeMs, Infinity, "lifetimeMs");
    this.#toleranceMs = positive(options.toleranceMs, 5_000, "toleranceMs");
    const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) throw new TypeError("maxEntries must be a positive integer");
    this.#maxEntries = maxEntries;
    this.#clock = options.clock ?? Date.now;
    this.#onKeyWithdrawn = options.onKeyWithdrawn;
  }

  /** Entries held (key withdrawals included), whatever their scope. */
  get size(): number {
    return (
      (this.#global === undefined ? 0 : 1) + this.#clients.size + this.#users.size + this.#userClients.size +
      this.#grants.size + this.#tokens.size + this.#keys.size
    );
  }

  /** True once an entry was refused for the cap, until {@link clearOverflow}. Checks throw meanwhile. */
  get overflowed(): boolean {
    return this.#overflowed;
  }

  /** Entries refused for the cap since this state was made. */
  get refused(): number {
    return this.#refused;
  }

  /** Items waiting in the expiry buckets: at most one per entry held. */
  get pendingExpiries(): number {
    return this.#expiry.pending;
  }

  /** The entry cap. */
  get maxEntries(): number {
    return this.#maxEntries;
  }

  /** The highest revocation sequence number applied or observed. */
  currentSeq(): number {
    return this.#seq;
  }

  /** Raises {@link currentSeq} to `seq` (the counter's value read at a full load); never lowers it. */
  observeSeq(seq: number): void {
    if (seq > this.#seq) this.#seq = seq;
  }

  /** Ends the overflow after a full reload that refused nothing. */
  clearOverflow(): void {
    this.#overflowed = false;
  }

  /** True when `kid` was withdrawn. */
  isKeyWithdrawn(kid: string): boolean {
    return this.#keys.has(kid);
  }

  /** Every withdrawn kid. */
  withdrawnKeys(): string[] {
    return [...this.#keys];
  }

  /** Records a withdrawn kid (kept for good); true when it was new. */
  withdrawKey(kid: string): boolean {
    if (this.#keys.has(kid)) return false;
    this.#keys.add(kid);
    this.#onKeyWithdrawn?.(kid);
    return true;
  }

  /**
   * Applies one entry. Idempotent and order-insensitive: a target keeps the highest seq and the
   * latest expiry it was given. An entry already expired only raises {@link currentSeq}. Returns
   * false when the cap refused it (the state then fails closed).
   */
  apply(entry: RevocationEntry, now: number = this.#clock()): boolean {
    this.observeSeq(entry.seq);
    if (now >= this.#nextSweepAt) this.#sweep(now);
    if (entry.scope === "key") {
      this.withdrawKey(entry.kid);
      return true;
    }
    const expiresAt = Math.min(entry.until, entry.at + this.#lifetimeMs) + this.#toleranceMs;
    if (expiresAt <= now) return true;
    const [table, key] = locate(entry);
    const slot = table === GLOBAL ? this.#global : this.#table(table).get(key);
    if (slot !== undefined) {
      if (entry.seq > slot.seq) slot.seq = entry.seq;
      // No new expiry item: the sweep re-files an extended slot, so each target has one item.
      if (expiresAt > slot.expiresAt) slot.expiresAt = expiresAt;
      return true;
    }
    if (this.size >= this.#maxEntries) {
      this.#overflowed = true;
      this.#refused++;
      return false;
    }
    const fresh: Slot = { seq: entry.seq, expiresAt };
    if (table === GLOBAL) this.#global = fresh;
    else this.#table(table).set(key, fresh);
    this.#expiry.add(expiresAt, table, key);
    return true;
  }

  /** Forgets what expired by `now`; does nothing when the last sweep was under a second ago. */
  prune(now: number = this.#clock()): void {
    if (now >= this.#nextSweepAt) this.#sweep(now);
  }

  /**
   * The one check: true when a key, token, grant, global, client, user or user_client revocation
   * covers the token. Throws TokenError("revocation_unavailable") while the cap is overflowed.
   */
  isRevoked(subject: RevocationSubject, kid: string, now: number = this.#clock()): boolean {
    if (this.#overflowed) throw new TokenError("revocation_unavailable");
    if (now >= this.#nextSweepAt) this.#sweep(now);
    // An empty table is skipped: most states hold few scopes, and a probe is the whole cost.
    if (this.#keys.size !== 0 && this.#keys.has(kid)) return true;
    if (this.#tokens.size !== 0 && this.#tokens.has(subject.jti)) return true;
    if (this.#grants.size !== 0) {
      const sid = sidOf(subject.sid);
      if (sid !== undefined && this.#grants.has(sid)) return true;
    }
    const rev = revOf(subject.rev);
    if (below(this.#global, rev)) return true;
    if (this.#users.size !== 0 && below(this.#users.get(subject.sub), rev)) return true;
    if (this.#clients.size !== 0 && below(this.#clients.get(subject.client_id), rev)) return true;
    return this.#userClients.size !== 0 && below(this.#userClients.get(subject.sub + SEPARATOR + subject.client_id), rev);
  }

  #table(table: number): Map<string, Slot> {
    switch (table) {
      case CLIENT:
        return this.#clients;
      case USER:
        return this.#users;
      case USER_CLIENT:
        return this.#userClients;
      case GRANT:
        return this.#grants;
      case TOKEN:
        return this.#tokens;
      default:
        throw new RangeError(`no table ${String(table)}`);
    }
  }

  #sweep(now: number): void {
    this.#nextSweepAt = now + SWEEP_EVERY_MS;
    this.#expiry.sweep(now, (table, key) => {
      const slot = table === GLOBAL ? this.#global : this.#table(table).get(key);
      if (slot === undefined) return;
      if (slot.expiresAt > now) {
        // Extended by a later entry since it was filed: file it again for its new time.
        this.#expiry.add(slot.expiresAt, table, key);
      } else if (table === GLOBAL) {
        this.#global = undefined;
      } else {
        this.#table(table).delete(key);
      }
    });
  }
}

function below(slot: Slot | undefined, rev: number): boolean {
  return slot !== undefined && rev < slot.seq;
}

function locate(entry: Exclude<RevocationEntry, { scope: "key" }>): [number, string] {
  switch (entry.scope) {
    case "global":
      return [GLOBAL, ""];
    case "client":
      return [CLIENT, entry.client_id];
    case "user":
      return [USER, entry.sub];
    case "user_client":
      return [USER_CLIENT, entry.sub + SEPARATOR + entry.client_id];
    case "grant":
      return [GRANT, entry.sid];
    case "token":
      return [TOKEN, entry.jti];
  }
}
