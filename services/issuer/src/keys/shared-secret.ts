// Shared-secret mode (ISSUER_KEYS_FILE with one HS256 secret): creating such a file, and exporting the
// secret as the JWKS the resource services read from JWKS_FILE / JWKS.
import { randomBytes } from "node:crypto";
import { access } from "node:fs/promises";
import { exportPrivateJwk, generateKey } from "@org/token";
import { readKeysFile, writeKeysFile, type StoredJwk } from "./file.js";
import { RotationError, type StepOptions } from "./rotation.js";

async function refuseExisting(path: string): Promise<void> {
  if (await access(path).then(() => true, () => false)) throw new RotationError("the file exists already; it is not overwritten");
}

/**
 * Creates a keys file holding one random 256-bit HS256 secret (mode 0600). Its kid is random: the RFC 7638
 * thumbprint of an oct key is a hash of the secret itself, and the kid travels in every token header.
 * Refuses to overwrite an existing file.
 *
 * @example
 * const kid = await initSharedSecret("/secure/issuer-secret.json");
 */
export async function initSharedSecret(path: string, options: StepOptions = {}): Promise<string> {
  await refuseExisting(path);
  const kid = randomBytes(16).toString("base64url");
  const jwk = exportPrivateJwk(await generateKey("HS256", { kid }));
  const key: StoredJwk = { ...jwk, kid, use: "sig", promoted_at: options.now ?? Math.floor(Date.now() / 1000) };
  await writeKeysFile(path, { keys: [key] });
  return kid;
}

/**
 * Writes the secret of a shared-secret keys file as a JWKS for the resource services (`JWKS_FILE`, or the
 * text in `JWKS`): the JWK members only, no bookkeeping, mode 0600, never over an existing file.
 * RotationError when the keys file is not in shared-secret mode.
 *
 * @example
 * await exportSharedSecret("/secure/issuer-secret.json", "/secure/resource-jwks.json");
 */
export async function exportSharedSecret(keysFile: string, out: string): Promise<void> {
  const file = await readKeysFile(keysFile);
  const [key, ...others] = file.keys;
  if (key === undefined || others.length > 0 || key.kty !== "oct") {
    throw new RotationError("not a shared-secret keys file (exactly one HS256 secret)");
  }
  await refuseExisting(out);
  const { kty, k, kid, alg } = key;
  await writeKeysFile(out, { keys: [{ kty, k, kid, alg: alg ?? "HS256", use: "sig" }] });
}
