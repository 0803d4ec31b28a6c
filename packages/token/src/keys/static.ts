// Key resolvers that need no network: a JWKS object or text, a file, Keys or a live KeySet.
import { KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { TokenError } from "../errors.js";
import type { KeyResolver } from "../verify/types.js";
import { importJwksSync, KeySet } from "./keyset.js";
import { assertKeyFits } from "./material.js";
import { isAlgorithm, type Jwks, type Key } from "./types.js";

function isKey(value: unknown): value is Key {
  return typeof value === "object" && value !== null && "kid" in value && "alg" in value && "publicKey" in value;
}

/** Hand-built Key records get the same fitness check as generated ones (TypeError). */
function checked(key: Key): Key {
  if (typeof key.kid !== "string" || key.kid.length === 0 || !isAlgorithm(key.alg) || !(key.publicKey instanceof KeyObject)) {
    throw new TypeError("not a usable Key");
  }
  assertKeyFits(key.publicKey, key.alg);
  if (key.alg !== "HS256" && key.publicKey.type !== "public") throw new TypeError("publicKey must be a public key");
  return key;
}

/** Index of keys by kid; no kid only resolves in a one-key set. */
export function indexKeys(keys: readonly Key[]): (kid: string | undefined) => Key | undefined {
  const byKid = new Map<string, Key>();
  for (const key of keys) {
    if (byKid.has(key.kid)) throw new TypeError("duplicate kid in the key set");
    byKid.set(key.kid, key);
  }
  const only = keys.length === 1 ? keys[0] : undefined;
  return (kid) => (kid === undefined ? only : byKid.get(kid));
}

function resolver(find: (kid: string | undefined) => Key | undefined): KeyResolver {
  return {
    resolve(kid) {
      const key = find(kid);
      if (key === undefined) throw new TokenError("key_unknown");
      return key;
    },
  };
}

/**
 * A resolver over fixed keys: a public (or private) JWKS object or JSON text, one Key, an
 * array of Keys, or a KeySet (followed live, so rotation and retirement apply at once).
 * A token without `kid` resolves only when there is exactly one key.
 * Throws `TypeError` for unusable input; `resolve` throws TokenError `key_unknown`.
 *
 * @example
 * ```ts
 * const keys = staticKeys(process.env.JWKS ?? "{\"keys\":[]}");
 * const verifier = createVerifier({ issuer, audience, keys });
 * ```
 */
export function staticKeys(source: Jwks | string | Key | KeySet | readonly Key[]): KeyResolver {
  if (source instanceof KeySet) {
    return resolver((kid) => source.get(kid));
  }
  if (isKey(source)) return resolver(indexKeys([checked(source)]));
  if (Array.isArray(source)) {
    if (!source.every(isKey)) throw new TypeError("staticKeys needs Keys, a KeySet or a JWKS");
    return resolver(indexKeys(source.map(checked)));
  }
  return resolver(indexKeys(importJwksSync(source)));
}

/**
 * A resolver over a JWKS file, read once at creation. Throws `TypeError` naming the path
 * when the file is missing or is not a usable JWKS (its content is never echoed).
 *
 * @example
 * ```ts
 * const keys = jwksFile("/etc/issuer/jwks.json");
 * ```
 */
export function jwksFile(path: string): KeyResolver {
  if (typeof path !== "string" || path.length === 0) throw new TypeError("jwksFile needs a path");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw new TypeError(`cannot read the JWKS file ${path}`, { cause });
  }
  try {
    return staticKeys(text);
  } catch (cause) {
    throw new TypeError(`the JWKS file ${path} is not a usable JWKS: ${(cause as Error).message}`, { cause });
  }
}
