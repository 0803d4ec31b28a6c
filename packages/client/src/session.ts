// The tokens, held in memory only; the estimate of when the access token expires; and the one
// renewal that every concurrent caller shares.
//
// Each access token gets a generation number. A server's "seconds left" hint or refusal names the
// generation it is about, so an answer to a request sent with an older token can never shorten
// or condemn the newer one (without that, answers in flight during a refresh would trigger
// refresh after refresh).
import { ClientError, isClientError } from "./errors.js";
import type { ClientEvent, RenewReason } from "./events.js";
import type { TokenAnswer } from "./token-answer.js";

/** How a session gets its next access token. */
export interface Renewal {
  /** The refresh_token grant. */
  readonly refresh: (refreshToken: string) => Promise<TokenAnswer>;
  /** Logging in again (client credentials), or undefined when the session cannot (password). */
  readonly relogin: (() => Promise<TokenAnswer>) | undefined;
}

/** The access token to send, and the generation it belongs to. */
export interface Lease {
  readonly accessToken: string;
  readonly generation: number;
}

interface Held {
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  readonly lifetimeMs: number;
  readonly generation: number;
  /** Client-clock milliseconds; only ever moves earlier. */
  expiresAt: number;
  /** A resource server answered invalid_token for it. */
  refused: boolean;
}

/**
 * After a temporary renewal failure with no Retry-After, milliseconds before the next try
 * (while the current token stays in use).
 *
 * @example
 * ```ts
 * RENEW_RETRY_DEFAULT_MS; // 1000
 * ```
 */
export const RENEW_RETRY_DEFAULT_MS = 1000;
/** A Token-Expires-In hint has at most this many digits (about 31 years). */
const HINT = /^\d{1,9}$/;

export interface StoreSettings {
  readonly clock: () => number;
  readonly refreshAheadMs: number;
  readonly emit: (event: ClientEvent) => void;
}

/** One client's tokens. */
export class TokenStore {
  readonly #s: StoreSettings;
  #held: Held | undefined;
  #renewal: Renewal | undefined;
  #renewing: Promise<Held> | undefined;
  /** Changes on every login and every forget, so a renewal that lands late is dropped. */
  #session = 0;
  #generation = 0;
  /** While the current token is valid, no renewal is tried before this (after a temporary failure). */
  #retryAt = 0;

  constructor(settings: StoreSettings) {
    this.#s = settings;
  }

  /** The tokens as they are now, for logout and revocation (no refresh). */
  get current(): { readonly accessToken: string; readonly refreshToken: string | undefined } | undefined {
    return this.#held;
  }

  /** The token held now if it has not expired or been refused, without renewing it. */
  valid(): Lease | undefined {
    const held = this.#held;
    return held !== undefined && !held.refused && held.expiresAt > this.#s.clock() ? lease(held) : undefined;
  }

  /** The generation of the token held now, or 0 when none is. */
  get generation(): number {
    return this.#held?.generation ?? 0;
  }

  /** A login starts: nothing is held while it runs. Returns the session it may fill. */
  begin(): number {
    this.forget();
    return this.#session;
  }

  /**
   * Fills the session `begin` returned with a login answer. A logout or another login that began
   * since wins: the answer is dropped and ClientError `login_required` thrown.
   */
  hold(session: number, answer: TokenAnswer, renewal: Renewal, grant: "password" | "client_credentials"): void {
    if (session !== this.#session) {
      throw new ClientError("login_required", { description: "a logout or another login began meanwhile" });
    }
    this.#renewal = renewal;
    this.#set(answer, undefined, grant, "login");
  }

  /** Drops every token; renewals in flight are dropped when they land. */
  forget(): void {
    this.#session += 1;
    this.#held = undefined;
    this.#renewal = undefined;
    this.#renewing = undefined;
    this.#retryAt = 0;
  }

  /**
   * A token that is still valid and not inside the refresh-ahead window, renewing first (once,
   * shared) when needed. A temporary renewal failure while the current token is still valid
   * keeps the current one. Throws ClientError: `login_required` without tokens, or the issuer's.
   */
  async fresh(): Promise<Lease> {
    const held = this.#held;
    if (held === undefined) throw new ClientError("login_required");
    const now = this.#s.clock();
    const left = held.expiresAt - now;
    const usable = !held.refused && left > 0;
    const renewable = held.refreshToken !== undefined || this.#renewal?.relogin !== undefined;
    if (usable && (left > this.#ahead(held) || !renewable || now < this.#retryAt)) return lease(held);
    try {
      return lease(await this.#renew(held, held.refused ? "refused" : usable ? "ahead" : "expired"));
    } catch (error) {
      if (usable && isClientError(error) && error.temporary && this.#held === held) return lease(held);
      throw error;
    }
  }

  /** A server said `value` seconds are left on the token of `generation` (`Token-Expires-In`, gRPC `token-expires-in`). */
  observe(generation: number, value: unknown): void {
    const held = this.#held;
    if (held?.generation !== generation || typeof value !== "string" || !HINT.test(value.trim())) return;
    // Earliest wins: with several resource servers, the one whose clock runs ahead decides.
    held.expiresAt = Math.min(held.expiresAt, this.#s.clock() + Number(value.trim()) * 1000);
  }

  /** A server refused the token of `generation` (401 invalid_token): the next use renews it. */
  refuse(generation: number): void {
    const held = this.#held;
    if (held?.generation === generation) held.refused = true;
  }

  /** The refresh-ahead window: refreshAhead, or 10% of the lifetime if that is shorter. */
  #ahead(held: Held): number {
    return Math.min(this.#s.refreshAheadMs, held.lifetimeMs / 10);
  }

  #renew(held: Held, reason: RenewReason): Promise<Held> {
    if (this.#renewing !== undefined) return this.#renewing;
    const renewal = this.#renewal;
    if (renewal === undefined) return Promise.reject(new ClientError("login_required"));
    const session = this.#session;
    const run = async (): Promise<Held> => {
      const { refreshToken } = held;
      const grant = refreshToken === undefined ? "client_credentials" : "refresh_token";
      try {
        let answer: TokenAnswer;
        if (refreshToken !== undefined) answer = await renewal.refresh(refreshToken);
        else if (renewal.relogin !== undefined) answer = await renewal.relogin();
        else throw new ClientError("login_required");
        if (this.#session !== session) throw new ClientError("login_required");
        this.#retryAt = 0;
        return this.#set(answer, refreshToken, grant, reason);
      } catch (error) {
        if (this.#session === session) this.#failed(error, reason, held);
        throw error;
      }
    };
    const renewing = run().finally(() => {
      if (this.#renewing === renewing) this.#renewing = undefined;
    });
    this.#renewing = renewing;
    return renewing;
  }

  #failed(error: unknown, reason: RenewReason, held: Held): void {
    if (!isClientError(error)) return;
    if (!error.temporary) {
      // The issuer's final word (invalid_grant, invalid_client): this session is over.
      this.forget();
      this.#s.emit({ type: "renew_failed", reason, error, keptCurrent: false });
      this.#s.emit({ type: "session_ended", reason: "refused" });
      return;
    }
    const now = this.#s.clock();
    const keptCurrent = !held.refused && held.expiresAt > now;
    if (keptCurrent) this.#retryAt = now + (error.retryAfter === undefined ? RENEW_RETRY_DEFAULT_MS : error.retryAfter * 1000);
    this.#s.emit({ type: "renew_failed", reason, error, keptCurrent });
  }

  #set(
    answer: TokenAnswer,
    previousRefresh: string | undefined,
    grant: "password" | "client_credentials" | "refresh_token",
    reason: "login" | RenewReason,
  ): Held {
    const lifetimeMs = answer.expiresIn * 1000;
    this.#generation += 1;
    const held: Held = {
      accessToken: answer.accessToken,
      // RFC 6749 §6: a new refresh token replaces the old one; without one, the old one stays valid.
      refreshToken: answer.refreshToken ?? previousRefresh,
      lifetimeMs,
      generation: this.#generation,
      expiresAt: this.#s.clock() + lifetimeMs,
      refused: false,
    };
    this.#held = held;
    this.#s.emit({ type: "token", grant, reason, expiresIn: answer.expiresIn });
    return held;
  }
}

function lease(held: Held): Lease {
  return { accessToken: held.accessToken, generation: held.generation };
}
