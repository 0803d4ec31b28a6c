// `pnpm start` without ISSUER_KEYS_FILE: one development signing key, created once in an ignored
// folder of the checkout and reused, so restarting the issuer keeps its key (an ephemeral key per
// start would leave every resource service answering key_unknown until its refetch cooldown).
import { mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { writePrivateFile } from "@org/service-kit";
import { KeySet } from "@org/token";

/** Where it lives, from the repository root: git ignores the folder. */
export const DEV_KEYS_PATH = ".dev/issuer-keys.json";

/**
 * The path of the development keys file under `root`, creating it (mode 0600, written atomically)
 * when it does not exist or is not a usable keys file.
 *
 * @example
 * ```ts
 * const { path, created } = await developmentKeys(repoRoot); // ".../.dev/issuer-keys.json"
 * ```
 */
export async function developmentKeys(root: string): Promise<{ path: string; created: boolean }> {
  const path = join(root, DEV_KEYS_PATH);
  if (await usable(path)) return { path, created: false };
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const keys = await KeySet.generate();
  await writePrivateFile(path, `${JSON.stringify(keys.privateJwks(), null, 2)}\n`);
  return { path, created: true };
}

async function usable(path: string): Promise<boolean> {
  try {
    await KeySet.fromJwks(await readFile(path, "utf8"));
    return true;
  } catch {
    return false;
  }
}
