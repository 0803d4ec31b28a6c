// The signing keys at startup: ISSUER_KEYS_FILE, or one ephemeral Ed25519 key.
import { stat } from "node:fs/promises";
import { KeySet } from "@org/token";
import type { Logger } from "@org/service-kit";
import { importable, readKeysFile, type KeysFile } from "./file.js";

/**
 * A keys file that cannot be used; the message names no key material.
 *
 * @example
 * await loadKeySet("missing.json", logger); // rejects with KeysFileError("cannot be read")
 */
export class KeysFileError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "KeysFileError";
  }
}

/** Shared-secret mode is one HS256 secret alone: a second secret or an asymmetric key beside it is a mistake. */
function assertOneSecretAlone(file: KeysFile): void {
  const secrets = file.keys.filter((k) => k.kty === "oct").length;
  if (secrets > 1) throw new KeysFileError("holds more than one HS256 secret; the shared-secret mode uses exactly one key");
  if (secrets === 1 && file.keys.length > 1) {
    throw new KeysFileError("mixes an HS256 secret with asymmetric keys; a shared-secret file holds the one secret alone");
  }
}

async function fromFile(path: string, logger: Logger): Promise<KeySet> {
  let file: KeysFile;
  let keys: KeySet;
  try {
    file = await readKeysFile(path);
  } catch (error) {
    throw new KeysFileError(error instanceof Error ? error.message : "unusable", { cause: error });
  }
  assertOneSecretAlone(file);
  try {
    keys = await KeySet.fromJwks(importable(file));
  } catch (error) {
    throw new KeysFileError(error instanceof Error ? error.message : "unusable", { cause: error });
  }
  if (keys.active.privateKey === undefined) throw new KeysFileError("the first key has no private part");
  if (keys.active.alg === "HS256") {
    logger.warn(
      { kid: keys.active.kid },
      "SHARED-SECRET MODE: ISSUER_KEYS_FILE holds one HS256 secret. Whoever holds it, every resource service " +
        "verifying with it included, can mint tokens; the public JWKS is empty.",
    );
  }
  const mode = (await stat(path)).mode & 0o077;
  if (mode !== 0) logger.warn({ keysFile: path }, "ISSUER_KEYS_FILE is readable by group or others; chmod 600 it");
  return keys;
}

/**
 * Loads the key set: from the keys file when given (first key signs, all published), otherwise one
 * ephemeral Ed25519 key, logged as a warning: tokens die with the process and every instance differs.
 * A file with one HS256 secret alone is the shared-secret mode (warned; nothing is published).
 * Throws {@link KeysFileError} for a bad file, also for an HS256 secret beside other keys.
 *
 * @example
 * const keys = await loadKeySet(config.keysFile, logger);
 */
export async function loadKeySet(path: string | undefined, logger: Logger): Promise<KeySet> {
  if (path !== undefined) return fromFile(path, logger);
  const keys = await KeySet.generate("EdDSA");
  logger.warn(
    { kid: keys.active.kid },
    "NO ISSUER_KEYS_FILE: signing with an ephemeral Ed25519 key. Tokens stop verifying when this process " +
      "restarts and differ per instance. Create a keys file with `pnpm --filter @org/issuer keys init <file>`.",
  );
  return keys;
}
