// The three safe rotation steps on a keys file: publish a next key, promote it, retire the old one.
// Each step refuses (unless forced) when done sooner than resource services can cope with.
import { access } from "node:fs/promises";
import { exportPrivateJwk, generateKey, type Algorithm } from "@org/token";
import { readKeysFile, writeKeysFile, type KeysFile, type StoredJwk } from "./file.js";

/** Algorithms a published key may use (HS256 secrets cannot be published). */
export const KEY_ALGORITHMS: readonly Algorithm[] = ["EdDSA", "ES256", "RS256"];

/**
 * Seconds a new key should be published before it signs: resource services cache the JWKS for up to
 * 10 minutes (remoteKeys maxAgeMs 600 s; the JWKS itself says max-age=300). They do refetch on an unknown
 * kid, but waiting means no request ever depends on that refetch.
 */
export const DEFAULT_PUBLISH_WAIT = 600;
/** Longest token lifetime by default: REFRESH_TOKEN_TTL (86400 s). */
export const DEFAULT_MAX_LIFETIME = 86_400;

export interface StepOptions {
  /** Seconds since the epoch; default now. */
  readonly now?: number;
  /** Do it even though the waiting time has not passed. */
  readonly force?: boolean;
}

/**
 * A rotation step that would break tokens or verifiers; says why and how long to wait.
 *
 * @example
 * await retireKey(file, activeKid).catch((e) => e instanceof RotationError); // true
 */
export class RotationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RotationError";
  }
}

const nowSeconds = (options: StepOptions): number => options.now ?? Math.floor(Date.now() / 1000);

async function newKey(alg: Algorithm, now: number): Promise<StoredJwk> {
  if (!KEY_ALGORITHMS.includes(alg)) throw new RotationError(`--alg must be one of ${KEY_ALGORITHMS.join(", ")}`);
  const jwk = exportPrivateJwk(await generateKey(alg));
  return { ...jwk, use: "sig", published_at: now };
}

function find(file: KeysFile, kid: string): StoredJwk {
  const key = file.keys.find((k) => k.kid === kid);
  if (key === undefined) throw new RotationError("no key with that kid in the file");
  return key;
}

/**
 * Creates a keys file with one signing key. Refuses to overwrite an existing file.
 *
 * @example
 * const kid = await initKeys("keys.json", { alg: "EdDSA" });
 */
export async function initKeys(path: string, options: StepOptions & { alg?: Algorithm } = {}): Promise<string> {
  const exists = await access(path).then(() => true, () => false);
  if (exists) throw new RotationError("the file exists already; rotate it with add-next/promote/retire");
  const now = nowSeconds(options);
  const key = await newKey(options.alg ?? "EdDSA", now);
  key.promoted_at = now;
  await writeKeysFile(path, { keys: [key] });
  return key.kid;
}

/**
 * Step 1: adds a new key after the others: published on the next restart, not signing.
 *
 * @example
 * const nextKid = await addNextKey("keys.json");
 */
export async function addNextKey(path: string, options: StepOptions & { alg?: Algorithm } = {}): Promise<string> {
  const file = await readKeysFile(path);
  if (file.keys.some((k) => k.kty === "oct")) {
    throw new RotationError(
      "a shared-secret file holds one HS256 secret alone; to replace it, create a new file and give it to the issuer and every resource service together",
    );
  }
  const active = file.keys[0];
  const key = await newKey(options.alg ?? (active?.alg as Algorithm | undefined) ?? "EdDSA", nowSeconds(options));
  file.keys.push(key);
  await writeKeysFile(path, file);
  return key.kid;
}

/**
 * Step 2: makes a published key the signing key (first in the file); the old one stays published.
 * Refuses when the key was published less than `publishWait` seconds ago, unless forced.
 *
 * @example
 * await promoteKey("keys.json", nextKid);
 */
export async function promoteKey(path: string, kid: string, options: StepOptions & { publishWait?: number } = {}): Promise<void> {
  const file = await readKeysFile(path);
  const key = find(file, kid);
  const now = nowSeconds(options);
  const wait = options.publishWait ?? DEFAULT_PUBLISH_WAIT;
  const published = key.published_at;
  if (options.force !== true && (published === undefined || now - published < wait)) {
    throw new RotationError(`the key must be published for ${wait} s before it signs (JWKS caches); use --force to skip`);
  }
  const previous = file.keys[0];
  if (previous === undefined || previous.kid === kid) throw new RotationError("the key signs already");
  previous.demoted_at = now;
  key.promoted_at = now;
  Reflect.deleteProperty(key, "demoted_at");
  file.keys = [key, ...file.keys.filter((k) => k.kid !== kid)];
  await writeKeysFile(path, file);
}

/**
 * Step 3: removes a key that no longer signs. Tokens it signed stop verifying, so it refuses (unless forced)
 * until `maxLifetime` seconds (the longest token lifetime: REFRESH_TOKEN_TTL) have passed since it stopped
 * signing, or when that time is unknown. The active key is never retired.
 *
 * @example
 * await retireKey("keys.json", oldKid, { maxLifetime: 86400 });
 */
export async function retireKey(path: string, kid: string, options: StepOptions & { maxLifetime?: number } = {}): Promise<void> {
  const file = await readKeysFile(path);
  const key = find(file, kid);
  if (file.keys[0]?.kid === kid) throw new RotationError("the active key cannot be retired; promote another key first");
  const maxLifetime = options.maxLifetime ?? DEFAULT_MAX_LIFETIME;
  const neverSigned = key.promoted_at === undefined && key.published_at !== undefined;
  const demoted = key.demoted_at;
  const tooSoon = demoted === undefined ? !neverSigned : nowSeconds(options) - demoted < maxLifetime;
  if (tooSoon && options.force !== true) {
    throw new RotationError(`tokens signed by this key may live ${maxLifetime} s after it stopped signing; wait or use --force`);
  }
  file.keys = file.keys.filter((k) => k.kid !== kid);
  await writeKeysFile(path, file);
}

/** One line of `keys list`. */
export interface KeyInfo {
  readonly kid: string;
  readonly alg: string;
  readonly state: "signing" | "published";
  readonly published_at?: number;
  readonly promoted_at?: number;
  readonly demoted_at?: number;
}

/**
 * Describes the keys of a file without any key material.
 *
 * @example
 * for (const k of await listKeys("keys.json")) console.log(k.kid, k.state);
 */
export async function listKeys(path: string): Promise<KeyInfo[]> {
  const file = await readKeysFile(path);
  return file.keys.map((k, i) => ({
    kid: k.kid,
    alg: typeof k.alg === "string" ? k.alg : "?",
    state: i === 0 ? "signing" : "published",
    ...(k.published_at === undefined ? {} : { published_at: k.published_at }),
    ...(k.promoted_at === undefined ? {} : { promoted_at: k.promoted_at }),
    ...(k.demoted_at === undefined ? {} : { demoted_at: k.demoted_at }),
  }));
}
