// Checks every driver makes the same way, whatever carries them.
import { expect } from "vitest";

/** No response may echo a token (or any credential) it was sent. */
export function assertNoSecrets(text: string, secrets: readonly string[]): void {
  for (const secret of secrets) expect(text.includes(secret), "the response echoes a credential").toBe(false);
}

/**
 * The remaining-lifetime header / metadata: whole seconds until `exp`, in (0, ttl].
 *
 * @param ttl the sent token's exp - iat
 */
export function assertRemainingLifetime(seconds: number | undefined, ttl: number | undefined): void {
  expect(seconds, "token-expires-in is missing").toBeTypeOf("number");
  expect(Number.isInteger(seconds), `token-expires-in is not whole seconds: ${String(seconds)}`).toBe(true);
  expect(seconds).toBeGreaterThan(0);
  expect(seconds).toBeLessThanOrEqual(ttl ?? Number.POSITIVE_INFINITY);
}

/** Hides anything shaped like a compact JWS, so failure messages never print a token. */
export function redact(text: string): string {
  return text.replace(/[\w-]{8,}\.[\w-]{8,}\.[\w-]*/g, "[token]");
}
