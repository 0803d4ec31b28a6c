// Revocation at the issuer when REDIS_URL is set: the store that writes revocations (2xx only once
// Redis acknowledged them) and the issuer's own replica, which refuses refresh tokens of revoked
// grants, tells the `rev` to stamp into new tokens, and withdraws keys other issuers withdrew.
import { createRevocationReplica, createRevocationStore, type RevocationReplica, type RevocationStore } from "@org/revocation";
import { DEFAULT_CLOCK_TOLERANCE } from "@org/token";
import type { KeySet } from "@org/token";
import type { Logger, Readiness, ReadyState } from "@org/service-kit";
import { checkWithdrawal, withdrawKey } from "../keys/withdraw.js";

/** The issuer's side of revocation. */
export interface IssuerRevocation {
  readonly store: RevocationStore;
  readonly replica: RevocationReplica;
  /**
   * The `rev` to stamp into a token signed now: the highest revocation this process has seen,
   * its own writes included (no I/O). A revocation written after it covers the token; one
   * written before does not, so a login right after a logout is accepted.
   */
  stamp(): number;
  close(): Promise<void>;
}

/** What {@link issuerRevocation} needs. */
export interface IssuerRevocationOptions {
  /** Never logged: it may hold a password. */
  readonly redisUrl: string;
  /** Seconds: entries live this long plus the clock tolerance (a refresh token's lifetime). */
  readonly refreshTokenTtl: number;
  readonly logger: Logger;
  readonly clock?: () => number;
  /** Test hook: a shorter staleness limit than the default 30 s. */
  readonly maxStalenessMs?: number;
}

/**
 * The store and the replica, one Redis client per role, with the lifetimes of this issuer's tokens.
 *
 * @example
 * ```ts
 * const revocation = issuerRevocation({ redisUrl, refreshTokenTtl: 86_400, logger });
 * await revocation.replica.start();
 * ```
 */
export function issuerRevocation(options: IssuerRevocationOptions): IssuerRevocation {
  const { redisUrl: url, refreshTokenTtl, logger } = options;
  const clock = options.clock === undefined ? {} : { clock: options.clock };
  const store = createRevocationStore({ url, retentionSeconds: refreshTokenTtl + DEFAULT_CLOCK_TOLERANCE, logger, ...clock });
  const replica = createRevocationReplica({
    url,
    // The issuer checks refresh tokens: an entry matters as long as one can live.
    maxAccessLifetimeSeconds: refreshTokenTtl,
    logger,
    ...clock,
    ...(options.maxStalenessMs === undefined ? {} : { maxStalenessMs: options.maxStalenessMs }),
  });
  return {
    store,
    replica,
    stamp: () => Math.max(replica.currentSeq(), store.lastSeq()),
    close: async () => {
      await Promise.allSettled([replica.close(), store.close()]);
    },
  };
}

/**
 * Ties the issuer to its replica: readiness waits for the first full load (until then the issuer
 * cannot know which of its keys are withdrawn, so it does not sign), and every withdrawn key (from
 * this issuer, another replica, or a previous run: withdrawals are kept for good) leaves the key set.
 *
 * @example
 * ```ts
 * followRevocation(revocation, keys, readiness, logger);
 * ```
 */
export function followRevocation(revocation: IssuerRevocation, keys: KeySet, readiness: Readiness, logger: Logger): void {
  const { replica } = revocation;
  const state = (): ReadyState => {
    const status = replica.status();
    if (status.state === "loading") return { status: "not_ready", reason: "revocation state not loaded yet (withdrawn keys unknown)" };
    return { status: "ready" };
  };
  readiness.set("revocation", state());
  replica.onStatus(() => {
    readiness.set("revocation", state());
  });
  replica.onKeyWithdrawn((kid) => {
    const check = checkWithdrawal(keys, kid);
    if (check === "absent") return;
    if (check === "last") {
      logger.error({ kid }, "every signing key of ISSUER_KEYS_FILE is withdrawn: add a new key (keys CLI) and restart");
      readiness.set("signing", { status: "not_ready", reason: "every signing key is withdrawn" });
      return;
    }
    withdrawKey(keys, kid);
    logger.warn({ kid, signingKid: keys.active.kid }, "signing key withdrawn: no longer signing or published");
  });
}
