import type { RevocationChecker, VerifiedToken } from "../verify/types.js";

/**
 * In-memory revocation for tests and single-process setups: by token (`jti`, until its
 * `exp`), by subject or by client (every token issued at or before a time, in seconds).
 *
 * @example
 * ```ts
 * const revocation = new MemoryRevocation();
 * const verifier = createVerifier({ issuer, audience, keys, revocation });
 * revocation.revokeSubject("alice", Math.floor(Date.now() / 1000));
 * ```
 */
export class MemoryRevocation implements RevocationChecker {
  readonly #tokens = new Map<string, number>();
  readonly #subjects = new Map<string, number>();
  readonly #clients = new Map<string, number>();
  readonly #clock: () => number;

  /** `clock` in ms (default Date.now) only serves to forget revoked tokens after their exp. */
  constructor(options: { clock?: () => number } = {}) {
    this.#clock = options.clock ?? Date.now;
  }

  /** Rejects the token with this `jti` until `exp` (seconds). */
  revokeToken(jti: string, exp: number): void {
    this.#purge();
    this.#tokens.set(jti, Math.max(exp, this.#tokens.get(jti) ?? -Infinity));
  }

  /** Rejects every token of `sub` with `iat <= before` (seconds). */
  revokeSubject(sub: string, before: number): void {
    this.#subjects.set(sub, Math.max(before, this.#subjects.get(sub) ?? -Infinity));
  }

  /** Rejects every token of `clientId` with `iat <= before` (seconds). */
  revokeClient(clientId: string, before: number): void {
    this.#clients.set(clientId, Math.max(before, this.#clients.get(clientId) ?? -Infinity));
  }

  isRevoked({ claims }: Pick<VerifiedToken, "claims" | "kid">): boolean {
    if (this.#tokens.has(claims.jti)) return true;
    const sub = this.#subjects.get(claims.sub);
    if (sub !== undefined && claims.iat <= sub) return true;
    const client = this.#clients.get(claims.client_id);
    return client !== undefined && claims.iat <= client;
  }

  #purge(): void {
    const now = this.#clock() / 1000;
    for (const [jti, exp] of this.#tokens) if (exp <= now) this.#tokens.delete(jti);
  }
}
