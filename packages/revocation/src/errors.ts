/**
 * The store's one failure: Redis did not answer (unreachable, offline, too slow, or an error
 * reply). The write may or may not have happened; every write of this package is safe to retry.
 * Input mistakes are TypeErrors instead.
 */

/**
 * Redis could not be used within the command timeout. The issuer answers 503
 * `temporarily_unavailable`; `cause` holds the client's error for logs.
 *
 * @example
 * ```ts
 * try {
 *   await store.revoke({ scope: "user", sub });
 * } catch (e) {
 *   if (e instanceof RevocationUnavailableError) return res.status(503).set("retry-after", "5").json(…);
 *   throw e;
 * }
 * ```
 */
export class RevocationUnavailableError extends Error {
  readonly code = "revocation_unavailable";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "RevocationUnavailableError";
  }
}

/**
 * Type guard for {@link RevocationUnavailableError}.
 *
 * @example
 * ```ts
 * promise.catch((e: unknown) => { if (isRevocationUnavailable(e)) metrics.redisDown++; });
 * ```
 */
export function isRevocationUnavailable(e: unknown): e is RevocationUnavailableError {
  return e instanceof RevocationUnavailableError;
}
