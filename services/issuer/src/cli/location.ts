// Where the keys CLI writes: a relative path means relative to where the user ran the command, and a
// private key file never lands in a repository tree by accident, where one `git add .` commits it.
import { realpath, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, parse, resolve } from "node:path";

/**
 * What marks a repository tree: a pnpm workspace root (this repository's kind) or a git work tree
 * (`.git` is a directory, or a file in a linked worktree or a submodule).
 */
const MARKERS = ["pnpm-workspace.yaml", ".git"] as const;

/**
 * `path` as an absolute path, a relative one taken from `base` (the directory the user ran the
 * command in).
 *
 * @example
 * resolveFrom("/home/me", "keys.json"); // "/home/me/keys.json"
 * resolveFrom("/home/me", "/secure/keys.json"); // "/secure/keys.json"
 */
export function resolveFrom(base: string, path: string): string {
  if (path === "") throw new TypeError("the file path is empty");
  return isAbsolute(path) ? path : resolve(base, path);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** The directory as the file system sees it (symbolic links followed); as given when it does not exist. */
async function realDirectory(dir: string): Promise<string> {
  return realpath(dir).catch(() => dir);
}

/**
 * The repository tree a file at `file` (absolute) would be in: the closest ancestor directory that
 * holds a `pnpm-workspace.yaml` or a `.git`, and which of them; undefined outside any.
 *
 * @example
 * await repositoryAround("/work/repo/services/issuer/keys.json"); // { root: "/work/repo", marker: ".git" }
 * await repositoryAround("/secure/keys.json"); // undefined
 */
export async function repositoryAround(file: string): Promise<{ root: string; marker: string } | undefined> {
  let dir = await realDirectory(dirname(file));
  const top = parse(dir).root;
  for (;;) {
    for (const marker of MARKERS) {
      if (await exists(join(dir, marker))) return { root: dir, marker };
    }
    if (dir === top) return undefined;
    dir = dirname(dir);
  }
}

/**
 * A key file the CLI would write inside a repository tree. Its message is the one line the CLI
 * prints: which file, which repository, why, and the way out.
 *
 * @example
 * throw new InsideRepositoryError("/repo/keys.json", { root: "/repo", marker: ".git" });
 */
export class InsideRepositoryError extends Error {
  constructor(file: string, repository: { readonly root: string; readonly marker: string }) {
    super(
      `${file} is inside a repository (${join(repository.root, repository.marker)}): a private key must not end up committed; ` +
        "write it outside the repository, or pass --inside-repo",
    );
    this.name = "InsideRepositoryError";
  }
}

/**
 * Resolves `path` from `base` and refuses it with {@link InsideRepositoryError} when it lies in a
 * repository tree, unless `insideRepo` (the CLI's `--inside-repo`). Returns the absolute path.
 *
 * @example
 * const file = await keyFileTarget(invocationDir("keys"), "keys.json", false);
 */
export async function keyFileTarget(base: string, path: string, insideRepo: boolean): Promise<string> {
  const file = resolveFrom(base, path);
  if (insideRepo) return file;
  const repository = await repositoryAround(file);
  if (repository !== undefined) throw new InsideRepositoryError(file, repository);
  return file;
}
