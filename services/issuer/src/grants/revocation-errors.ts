// What a failed Redis call becomes at the token endpoint and the revocation routes: 503
// temporarily_unavailable (RFC 6749 §5.2), never a hang (the store's commands are bounded) and never
// a 2xx for something that was not persisted.
import { isRevocationUnavailable } from "@org/revocation";
import { OAuthError } from "../errors.js";

/** Seconds a client is asked to wait while Redis is unreachable. */
export const REVOCATION_RETRY_AFTER_SECONDS = 5;

/**
 * The 503 answer for revocation state that cannot be read or written.
 *
 * @example
 * ```ts
 * throw revocationUnavailable();
 * ```
 */
export function revocationUnavailable(cause?: unknown): OAuthError {
  return new OAuthError("temporarily_unavailable", "revocation state is unreachable; retry later", {
    headers: { "Retry-After": String(REVOCATION_RETRY_AFTER_SECONDS) },
    cause,
  });
}

/**
 * Awaits a store call, turning "Redis is unreachable" into {@link revocationUnavailable}.
 *
 * @example
 * ```ts
 * await persisted(revocation.store.revoke({ scope: "user", sub }));
 * ```
 */
export async function persisted<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (isRevocationUnavailable(error)) throw revocationUnavailable(error);
    throw error;
  }
}
