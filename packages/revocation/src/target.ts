/**
 * Which fields each scope names, and the one rule for a target value. Used by the store to refuse a
 * caller's mistake (TypeError) and by the replica to refuse a malformed stream entry.
 */
import type { RevocationScope, RevocationTarget } from "./types.js";

/**
 * Longest accepted sub, client_id, sid, jti or kid, in UTF-16 code units.
 *
 * @example
 * ```ts
 * if (sub.length > MAX_TARGET_LENGTH) throw new Error("cannot be revoked by user");
 * ```
 */
export const MAX_TARGET_LENGTH = 256;

/** A target field. */
export type TargetField = "sub" | "client_id" | "sid" | "jti" | "kid";

/** The fields each scope requires, and no others. */
export const SCOPE_FIELDS: Readonly<Record<RevocationScope, readonly TargetField[]>> = Object.freeze({
  global: [],
  client: ["client_id"],
  user: ["sub"],
  user_client: ["sub", "client_id"],
  grant: ["sid"],
  token: ["jti"],
  key: ["kid"],
});

// Control characters (C0, DEL, C1): "\u0000" separates sub and client_id in the state's keys,
// and no identifier of ours has a reason to carry one.
const CONTROL = /\p{Cc}/u;

/** A non-empty string of at most {@link MAX_TARGET_LENGTH} units without control characters. */
export function isTargetValue(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= MAX_TARGET_LENGTH && !CONTROL.test(value);
}

/** One of the seven scopes. */
export function isScope(value: unknown): value is RevocationScope {
  return typeof value === "string" && Object.hasOwn(SCOPE_FIELDS, value);
}

/** Throws TypeError unless `value` is a target value; `what` names it in the message. */
export function assertTargetValue(value: unknown, what: string): asserts value is string {
  if (!isTargetValue(value)) {
    throw new TypeError(`${what} must be a non-empty string of at most ${String(MAX_TARGET_LENGTH)} characters without control characters`);
  }
}

/**
 * Builds the target of `scope` from a field reader that returns a checked value (or throws).
 * One switch, so that the type of each scope's target is checked without casts.
 */
export function buildTarget(scope: RevocationScope, field: (name: TargetField) => string): RevocationTarget {
  switch (scope) {
    case "global":
      return { scope };
    case "client":
      return { scope, client_id: field("client_id") };
    case "user":
      return { scope, sub: field("sub") };
    case "user_client":
      return { scope, sub: field("sub"), client_id: field("client_id") };
    case "grant":
      return { scope, sid: field("sid") };
    case "token":
      return { scope, jti: field("jti") };
    case "key":
      return { scope, kid: field("kid") };
  }
}

/** The target of a store call and the `until` it asked for, if any. */
export interface ParsedRevocation {
  readonly target: RevocationTarget;
  readonly until: number | undefined;
}

/**
 * Narrows a caller's `revoke()` argument. Throws TypeError for an unknown scope, a missing or bad
 * target field, a field the scope does not take (`{ scope: "user", sub, client_id }` is a mistake,
 * not a user_client revocation), or a bad `until`.
 */
export function parseRevocation(input: unknown): ParsedRevocation {
  if (typeof input !== "object" || input === null) throw new TypeError("a revocation must be an object");
  const record = input as Record<string, unknown>;
  const scope = record.scope;
  if (!isScope(scope)) throw new TypeError(`scope must be one of ${Object.keys(SCOPE_FIELDS).join(", ")}`);
  const fields: readonly string[] = SCOPE_FIELDS[scope];
  for (const name of Object.keys(record)) {
    if (name !== "scope" && !fields.includes(name) && !(scope === "token" && name === "until")) {
      throw new TypeError(`a ${scope} revocation takes no ${name}`);
    }
  }
  const target = buildTarget(scope, (name) => {
    const value = record[name];
    assertTargetValue(value, name);
    return value;
  });
  const until = record.until;
  if (until !== undefined && (typeof until !== "number" || !Number.isSafeInteger(until) || until < 0)) {
    throw new TypeError("until must be a non-negative integer of milliseconds since the epoch");
  }
  return { target, until };
}
