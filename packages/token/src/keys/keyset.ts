import { rejected } from "../lib/reject.js";
import { exportPrivateJwk, exportPublicJwk } from "./export.js";
import { generateKey } from "./generate.js";
import { importJwkSync } from "./import.js";
import type { Algorithm, Jwks, Key } from "./types.js";

function parseJwksInput(jwks: unknown): unknown[] {
  let value = jwks;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value) as unknown;
    } catch (cause) {
      throw new TypeError("the JWKS is not valid JSON", { cause });
    }
  }
  if (typeof value !== "object" || value === null || !("keys" in value) || !Array.isArray(value.keys)) {
    throw new TypeError('a JWKS must be an object with a "keys" array');
  }
  return value.keys as unknown[];
}

/** Imports every JWK of a JWKS (object or JSON text); TypeError on any bad member. */
export function importJwksSync(jwks: unknown): Key[] {
  return parseJwksInput(jwks).map((jwk, i) => {
    try {
      return importJwkSync(jwk);
    } catch (cause) {
      throw new TypeError(`JWKS key #${i} is not usable: ${(cause as Error).message}`, { cause });
    }
  });
}

/**
 * A rotation-capable key set: exactly one active signing key, other keys published for
 * verification (upcoming keys ahead of use, previous keys until their tokens expired).
 * Rotation: `add(next)` and publish; later `activate(next.kid)`; after the longest token
 * lifetime, `retire(previous.kid)`.
 *
 * @example
 * ```ts
 * const set = await KeySet.generate();            // one EdDSA key, active
 * const next = await generateKey();
 * set.add(next);                                   // published, not signing
 * set.activate(next.kid);                          // signs from now on
 * set.retire(previousKid);                         // once its tokens expired
 * res.json(set.publicJwks());
 * ```
 */
export class KeySet {
  #keys = new Map<string, Key>();
  #active: Key;

  /** `keys[0]` (or the key with `activeKid`) becomes the active signing key. TypeError on duplicates. */
  constructor(keys: readonly Key[], activeKid?: string) {
    if (keys.length === 0) throw new TypeError("a KeySet needs at least one key");
    for (const key of keys) this.#insert(key);
    const first = keys[0];
    const active = activeKid === undefined ? first : this.#keys.get(activeKid);
    if (active === undefined) throw new TypeError("activeKid is not in the set");
    if (active.privateKey === undefined) throw new TypeError("the active key must have a private part");
    this.#active = active;
  }

  /** A set with one freshly generated active key (EdDSA by default). */
  static async generate(alg?: Algorithm): Promise<KeySet> {
    return new KeySet([await generateKey(alg)]);
  }

  /** A set from a JWKS with private members (object or JSON text); the first key signs. */
  static fromJwks(jwks: unknown): Promise<KeySet> {
    try {
      return Promise.resolve(new KeySet(importJwksSync(jwks)));
    } catch (e) {
      return rejected(e);
    }
  }

  /** The key that signs new tokens. */
  get active(): Key {
    return this.#active;
  }

  /** Every published key, active included. */
  get keys(): readonly Key[] {
    return [...this.#keys.values()];
  }

  /** The key with this kid; with no kid, the only key of a one-key set. */
  get(kid: string | undefined): Key | undefined {
    if (kid === undefined) return this.#keys.size === 1 ? this.#active : undefined;
    return this.#keys.get(kid);
  }

  /** Publishes a key for verification without signing with it yet. TypeError on a duplicate kid. */
  add(key: Key): void {
    this.#insert(key);
  }

  /** Makes a published key the signing key; the previous one stays published. */
  activate(kid: string): void {
    const key = this.#keys.get(kid);
    if (key === undefined) throw new TypeError("no key with that kid");
    if (key.privateKey === undefined) throw new TypeError("the key has no private part");
    this.#active = key;
  }

  /** Unpublishes a key; tokens it signed stop verifying. TypeError for the active key. */
  retire(kid: string): void {
    if (kid === this.#active.kid) throw new TypeError("the active key cannot be retired");
    if (!this.#keys.delete(kid)) throw new TypeError("no key with that kid");
  }

  /** Public JWKS of every published asymmetric key (HS256 secrets are never published). */
  publicJwks(): Jwks {
    const keys = [...this.#keys.values()].filter((k) => k.alg !== "HS256").map(exportPublicJwk);
    return { keys };
  }

  /** Private JWKS for the issuer's keys file, active key first (suits {@link KeySet.fromJwks}). */
  privateJwks(): { keys: object[] } {
    // Published verification-only keys are kept in their public form so the file round-trips.
    const rest = [...this.#keys.values()].filter((k) => k !== this.#active);
    return {
      keys: [this.#active, ...rest].map((k) => (k.privateKey === undefined ? exportPublicJwk(k) : exportPrivateJwk(k))),
    };
  }

  #insert(key: Key): void {
    if (this.#keys.has(key.kid)) throw new TypeError("duplicate kid in the key set");
    this.#keys.set(key.kid, key);
  }
}
