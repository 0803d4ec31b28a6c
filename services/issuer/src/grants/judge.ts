// The one place a presented password or client secret is compared: under the login throttle, counted
// from the moment the attempt starts and settled by its outcome; failures and lockouts are logged here.
import { OAuthError } from "../errors.js";
import type { SecretHash } from "../identities/hash.js";
import type { Lockout } from "../throttle.js";
import type { GrantContext, GrantRequest } from "./context.js";

/**
 * Whose secret is being checked; `known` is false for a name that is not in the identities file.
 *
 * @example
 * const claimant: Claimant = { kind: "client", name: "reporting-job", known: true };
 */
export interface Claimant {
  readonly kind: "user" | "client";
  readonly name: string;
  readonly known: boolean;
}

/** Names come from the client: a name longer than any the identities file allows is cut for the log. */
const LOGGED_NAME_LENGTH = 128;

/**
 * One warn line per failure, and one per lockout it engaged: what an operator needs to see guessing or a
 * locked-out user. Never the secret (it is not passed here at all).
 */
function logFailure(ctx: GrantContext, request: GrantRequest, claimant: Claimant, lockouts: readonly Lockout[]): void {
  const who = { kind: claimant.kind, account: claimant.name.slice(0, LOGGED_NAME_LENGTH), known: claimant.known, address: request.address };
  ctx.logger.warn(who, "login failed");
  for (const { key, retryAfter } of lockouts) ctx.logger.warn({ ...who, lockout: key, retryAfter }, "login locked out");
}

/**
 * Retry-After answer for a throttled login; the same for accounts, clients and addresses.
 *
 * @example
 * throw throttled(300); // 429 too_many_requests, Retry-After: 300
 */
export function throttled(seconds: number): OAuthError {
  return new OAuthError("too_many_requests", "too many failed attempts; retry later", {
    headers: { "Retry-After": String(seconds) },
  });
}

/**
 * Compares `secret` with `stored` (the claimant's hash, or the dummy for an unknown name) once the
 * throttle admits the attempt. True only for a known claimant with the right secret. Throws the 429 of
 * {@link throttled} when the account or the address is full, before any scrypt work.
 *
 * @example
 * const ok = await judgeSecret(ctx, request, { kind: "user", name: "alice", known: true }, password, user.password);
 */
export async function judgeSecret(ctx: GrantContext, request: GrantRequest, claimant: Claimant, secret: string, stored: SecretHash): Promise<boolean> {
  const attempt = ctx.throttle.begin(`${claimant.kind}:${claimant.name}`, request.address);
  if (typeof attempt === "number") throw throttled(attempt);
  let ok: boolean;
  try {
    ok = await ctx.checkSecret(secret, stored);
  } catch (error) {
    attempt.abandoned();
    throw error;
  }
  if (ok && claimant.known) {
    attempt.succeeded();
    return true;
  }
  logFailure(ctx, request, claimant, attempt.failed());
  return false;
}
