// scrypt secret hashes in one self-describing line: scrypt$<N>$<r>$<p>$<salt b64url>$<hash b64url>.
// Parameters travel with each hash so the cost can be raised later without invalidating old lines.
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/** scrypt cost parameters (RFC 7914). */
export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/**
 * Production cost: one check takes about 30 ms on the 2-core demo machine (see README, `pnpm bench`)
 * and 16 MiB of memory. N = 2^15 measured about 150 ms here, too slow for a login endpoint.
 */
export const DEFAULT_PARAMS: ScryptParams = { N: 2 ** 14, r: 8, p: 1 };

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
// Upper bounds stop a hand-edited file from turning every login into a memory or CPU bomb.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;
const MAX_MEMORY = 256 * 1024 * 1024;

/** A parsed hash line. */
export interface SecretHash {
  readonly params: ScryptParams;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

function validParams({ N, r, p }: ScryptParams): boolean {
  const isPowerOfTwo = Number.isInteger(N) && N >= 2 && N <= MAX_N && (N & (N - 1)) === 0;
  const inRange = Number.isInteger(r) && r >= 1 && r <= MAX_R && Number.isInteger(p) && p >= 1 && p <= MAX_P;
  return isPowerOfTwo && inRange && 128 * N * r <= MAX_MEMORY;
}

function derive(secret: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const { N, r, p } = params;
  // OpenSSL refuses when 128 * r * (N + 2 + p) exceeds maxmem (Node's default is 32 MiB): allow what the
  // params need; validParams already capped that at MAX_MEMORY.
  const maxmem = 128 * r * (N + 2 + p) + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize("NFC"), salt, KEY_LENGTH, { N, r, p, maxmem }, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

/**
 * Parses a hash line; returns undefined when it is not a well-formed scrypt line within the cost bounds.
 *
 * @example
 * parseSecretHash("scrypt$16384$8$1$c2FsdA$aGFzaA")?.params.N; // 16384 (if salt/hash lengths were right)
 */
export function parseSecretHash(line: string): SecretHash | undefined {
  const parts = line.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return undefined;
  const [, n, r, p, salt, hash] = parts;
  const decimal = /^[1-9][0-9]{0,7}$/;
  const b64url = /^[A-Za-z0-9_-]+$/;
  if (n === undefined || r === undefined || p === undefined || salt === undefined || hash === undefined) return undefined;
  if (!decimal.test(n) || !decimal.test(r) || !decimal.test(p) || !b64url.test(salt) || !b64url.test(hash)) return undefined;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (!validParams(params)) return undefined;
  const saltBytes = Buffer.from(salt, "base64url");
  const hashBytes = Buffer.from(hash, "base64url");
  if (saltBytes.length < SALT_LENGTH || hashBytes.length !== KEY_LENGTH) return undefined;
  return { params, salt: saltBytes, hash: hashBytes };
}

/**
 * Hashes a secret with a fresh random salt.
 *
 * @example
 * const line = await hashSecret("alice-demo-password"); // "scrypt$16384$8$1$…$…"
 */
export async function hashSecret(secret: string, params: ScryptParams = DEFAULT_PARAMS): Promise<string> {
  if (!validParams(params)) throw new TypeError("scrypt parameters out of range");
  const salt = randomBytes(SALT_LENGTH);
  const hash = await derive(secret, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

/**
 * Checks a secret against a parsed hash in constant time (for equal-length inputs, which scrypt guarantees).
 *
 * @example
 * const ok = await verifySecret("alice-demo-password", parsed);
 */
export async function verifySecret(secret: string, stored: SecretHash): Promise<boolean> {
  const candidate = await derive(secret, stored.salt, stored.params);
  return timingSafeEqual(candidate, stored.hash);
}

/**
 * Builds a hash of a random secret with the given cost: checked against when a user or client is unknown,
 * so that an unknown name costs the same scrypt run as a wrong password (no enumeration by timing).
 *
 * @example
 * const dummy = await dummyHash(DEFAULT_PARAMS);
 * await verifySecret(submitted, dummy); // always false
 */
export async function dummyHash(params: ScryptParams): Promise<SecretHash> {
  const line = await hashSecret(randomBytes(24).toString("base64url"), params);
  const parsed = parseSecretHash(line);
  if (parsed === undefined) throw new TypeError("scrypt parameters out of range");
  return parsed;
}
