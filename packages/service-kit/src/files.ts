// Files that hold secrets (private keys), written so that a crash never leaves half of one and no one
// else can read it.
import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Writes `text` to `path` atomically with mode 0600: a temporary file in the same directory
 * (created exclusively), fsync, rename. A crash leaves either the old file or the new one.
 *
 * @example
 * ```ts
 * await writePrivateFile("/secure/issuer-keys.json", `${JSON.stringify(jwks, null, 2)}\n`);
 * ```
 */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(temp, "wx", 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
