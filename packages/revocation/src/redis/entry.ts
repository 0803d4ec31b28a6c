/**
 * A revocation as a stream entry: flat field/value strings `seq scope <target fields> at until`
 * (no `until` for a key withdrawal, which never expires). Decoding narrows what Redis returns,
 * field by field; a malformed entry is reported, never half-applied.
 */
import { buildTarget, isScope, isTargetValue, SCOPE_FIELDS, type TargetField } from "../target.js";
import type { RevocationEntry, RevocationTarget } from "../types.js";

/** Field/value pairs an entry may carry; more is not one of ours. */
const MAX_FIELDS = 16;
const INTEGER = /^(0|[1-9][0-9]{0,15})$/;

/**
 * The field/value pairs of a new entry, without `seq` (the script adds it first).
 *
 * @example
 * ```ts
 * encodeEntry({ scope: "user", sub: "alice" }, 1767225600000, 1767312005000);
 * // ["scope", "user", "sub", "alice", "at", "1767225600000", "until", "1767312005000"]
 * ```
 */
export function encodeEntry(target: RevocationTarget, at: number, until: number): string[] {
  const pairs = ["scope", target.scope];
  const record: Readonly<Record<string, string>> = target;
  for (const field of SCOPE_FIELDS[target.scope]) {
    const value = record[field];
    if (value !== undefined) pairs.push(field, value);
  }
  pairs.push("at", String(at));
  if (target.scope !== "key") pairs.push("until", String(until));
  return pairs;
}

/** A decoded entry, or why it could not be. */
export type DecodedEntry = { readonly ok: true; readonly entry: RevocationEntry } | { readonly ok: false; readonly reason: string };

function integer(value: string | undefined): number | undefined {
  if (value === undefined || !INTEGER.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

const malformed = (reason: string): DecodedEntry => ({ ok: false, reason });

/**
 * Narrows the fields of one stream entry. Unknown extra fields are ignored (room for additions);
 * a missing or malformed known field makes the entry malformed. One pass, no intermediate
 * collections: a full load decodes every entry of the stream.
 *
 * @example
 * ```ts
 * decodeEntry(["seq", "7", "scope", "user", "sub", "alice", "at", "1", "until", "2"]);
 * // { ok: true, entry: { scope: "user", sub: "alice", seq: 7, at: 1, until: 2 } }
 * ```
 */
export function decodeEntry(fields: unknown): DecodedEntry {
  if (!Array.isArray(fields) || fields.length % 2 !== 0 || fields.length > MAX_FIELDS * 2) {
    return malformed("fields are not a short list of pairs");
  }
  let seqText: string | undefined;
  let scopeText: string | undefined;
  let atText: string | undefined;
  let untilText: string | undefined;
  const values: Partial<Record<TargetField, string>> = {};
  for (let i = 0; i < fields.length; i += 2) {
    const name: unknown = fields[i];
    const value: unknown = fields[i + 1];
    if (typeof name !== "string" || typeof value !== "string") return malformed("a field is not a string");
    switch (name) {
      case "seq":
        seqText = value;
        break;
      case "scope":
        scopeText = value;
        break;
      case "at":
        atText = value;
        break;
      case "until":
        untilText = value;
        break;
      case "sub":
      case "client_id":
      case "sid":
      case "jti":
      case "kid":
        values[name] = value;
        break;
    }
  }
  const seq = integer(seqText);
  if (seq === undefined || seq < 1) return malformed("bad seq");
  if (!isScope(scopeText)) return malformed("unknown scope");
  const scope = scopeText;
  for (const field of SCOPE_FIELDS[scope]) {
    if (!isTargetValue(values[field])) return malformed(`bad ${field}`);
  }
  const at = integer(atText);
  if (at === undefined) return malformed("bad at");
  const until = scope === "key" ? Infinity : integer(untilText);
  if (until === undefined) return malformed("bad until");
  const target = buildTarget(scope, (field) => values[field] ?? "");
  return { ok: true, entry: Object.assign(target, { seq, at, until }) };
}
