// Emergency key withdrawal in the issuer's key set: the key stops signing and is no longer
// published; when it was the signing key, the next key of the keys file that can sign takes over.
import type { KeySet } from "@org/token";

/** What a withdrawal would do, or did. */
export type WithdrawalCheck =
  /** The key is in the set and another key can sign after it. */
  | "withdrawable"
  /** Not in the set (never was, or already gone). */
  | "absent"
  /** It is the only key that can sign: withdrawing it would leave the issuer unable to issue. */
  | "last";

/**
 * Whether `kid` can be withdrawn from `keys`.
 *
 * @example
 * ```ts
 * checkWithdrawal(keys, kid); // "withdrawable" | "absent" | "last"
 * ```
 */
export function checkWithdrawal(keys: KeySet, kid: string): WithdrawalCheck {
  const key = keys.get(kid);
  if (key === undefined || key.kid !== kid) return "absent";
  const signers = keys.keys.filter((k) => k.privateKey !== undefined && k.kid !== kid);
  return signers.length === 0 ? "last" : "withdrawable";
}

/**
 * Removes `kid` from the set, promoting the next signing-capable key (keys-file order) first when
 * it was the active one. Returns false, changing nothing, unless {@link checkWithdrawal} says
 * "withdrawable".
 *
 * @example
 * ```ts
 * if (withdrawKey(keys, kid)) logger.warn({ kid, signingKid: keys.active.kid }, "key withdrawn");
 * ```
 */
export function withdrawKey(keys: KeySet, kid: string): boolean {
  if (checkWithdrawal(keys, kid) !== "withdrawable") return false;
  if (keys.active.kid === kid) {
    const next = keys.keys.find((k) => k.privateKey !== undefined && k.kid !== kid);
    if (next === undefined) return false;
    keys.activate(next.kid);
  }
  keys.retire(kid);
  return true;
}
