// The issuer's keys file: a JWKS with private members, the first key signs. Each key may carry rotation
// bookkeeping as extra members (NumericDate seconds); they are stripped before import and never published.
import { readFile } from "node:fs/promises";
import { fileErrorCode, writePrivateFile } from "@org/service-kit";

/** Rotation bookkeeping kept next to each key in the file. */
export interface KeyDates {
  /** Added to the file (and so published once the issuer restarts with it). */
  published_at?: number;
  /** Became the signing key. */
  promoted_at?: number;
  /** Stopped signing because another key was promoted. */
  demoted_at?: number;
}

export type StoredJwk = Record<string, unknown> & KeyDates & { kid: string };

export interface KeysFile {
  keys: StoredJwk[];
}

const DATE_MEMBERS = ["published_at", "promoted_at", "demoted_at"] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function storedJwk(value: unknown, index: number): StoredJwk {
  if (!isRecord(value) || typeof value.kid !== "string" || value.kid === "") {
    throw new TypeError(`key #${index} must be a JWK object with a kid`);
  }
  for (const member of DATE_MEMBERS) {
    const date = value[member];
    if (date !== undefined && (typeof date !== "number" || !Number.isSafeInteger(date))) {
      throw new TypeError(`key #${index} ${member} must be a NumericDate`);
    }
  }
  return value as StoredJwk;
}

/**
 * Parses keys-file JSON text. TypeError for anything that is not `{ keys: [jwk with kid, …] }`.
 *
 * @example
 * const file = parseKeysFile(await readFile(path, "utf8"));
 */
export function parseKeysFile(text: string): KeysFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new TypeError("not valid JSON");
  }
  if (!isRecord(value) || !Array.isArray(value.keys) || value.keys.length === 0) {
    throw new TypeError('must be a JWKS: { "keys": [ … ] } with at least one key');
  }
  const keys = value.keys.map(storedJwk);
  if (new Set(keys.map((k) => k.kid)).size !== keys.length) throw new TypeError("two keys share a kid");
  return { keys };
}

/**
 * The JWKS to hand to KeySet.fromJwks: same keys and order, bookkeeping members removed.
 *
 * @example
 * const keys = await KeySet.fromJwks(importable(file));
 */
export function importable(file: KeysFile): { keys: Record<string, unknown>[] } {
  return {
    keys: file.keys.map((jwk) => {
      const copy: Record<string, unknown> = { ...jwk };
      for (const member of DATE_MEMBERS) Reflect.deleteProperty(copy, member);
      return copy;
    }),
  };
}

/**
 * Reads and parses a keys file. TypeError with a short reason (never key material).
 *
 * @example
 * const file = await readKeysFile("/etc/issuer/keys.json");
 */
export async function readKeysFile(path: string): Promise<KeysFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new TypeError(`cannot be read (${fileErrorCode(err)})`, { cause: err });
  }
  return parseKeysFile(text);
}

/**
 * Writes a keys file atomically with mode 0600: a temporary file in the same directory, fsync, rename.
 * A crash leaves either the old file or the new one, never half a key.
 *
 * @example
 * await writeKeysFile(path, { keys });
 */
export async function writeKeysFile(path: string, file: KeysFile): Promise<void> {
  await writePrivateFile(path, `${JSON.stringify(file, null, 2)}\n`);
}
