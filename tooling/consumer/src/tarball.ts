// Reads a package tarball (`pnpm pack` output) into memory: every entry a regular file under
// `package/`, within explicit limits. The tarball is ours, but a checker that trusts what it
// checks proves nothing, so odd entries are errors rather than skipped.
import { stat, readFile } from "node:fs/promises";
import { posix } from "node:path";
import { Parser, type ReadEntry } from "tar";

/**
 * Bounds of {@link readTarball}, in bytes and entries.
 *
 * @example
 * ```ts
 * await readTarball(file, { ...TARBALL_LIMITS, maxEntries: 100 });
 * ```
 */
export interface TarballLimits {
  readonly maxTarballBytes: number;
  readonly maxEntries: number;
  readonly maxUnpackedBytes: number;
}

/**
 * Bounds of {@link readTarball}: the tarball's own size, its entries, and their unpacked bytes.
 * The six packages pack to well under 1 MiB and 200 entries each.
 *
 * @example
 * ```ts
 * TARBALL_LIMITS.maxEntries; // 2000
 * ```
 */
export const TARBALL_LIMITS: TarballLimits = Object.freeze({
  maxTarballBytes: 8 * 1024 * 1024,
  maxEntries: 2_000,
  maxUnpackedBytes: 32 * 1024 * 1024,
});

/**
 * Why a tarball was refused.
 *
 * @example
 * ```ts
 * const code: TarballErrorCode = "outside_package";
 * ```
 */
export type TarballErrorCode = "too_large" | "too_many_entries" | "not_a_file" | "outside_package" | "duplicate" | "unreadable";

/**
 * A tarball that is not a plain package: its `code` says why, its message names the entry.
 *
 * @example
 * ```ts
 * if (error instanceof TarballError && error.code === "outside_package") { … }
 * ```
 */
export class TarballError extends Error {
  override readonly name = "TarballError";

  constructor(
    readonly code: TarballErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A package's files, keyed by their path inside the package (`dist/index.js`).
 *
 * @example
 * ```ts
 * const files: PackageFiles = await readTarball(file);
 * files.has("dist/index.js"); // true
 * ```
 */
export type PackageFiles = ReadonlyMap<string, Buffer>;

/** The path inside the package, or a TarballError for anything not plainly under `package/`. */
function packagePath(entry: ReadEntry): string {
  const path = entry.path;
  const normal = posix.normalize(path);
  if (!path.startsWith("package/") || normal !== path || path.split("/").includes("..")) {
    throw new TarballError("outside_package", `${path}: not a path under package/`);
  }
  if (entry.type !== "File") throw new TarballError("not_a_file", `${path}: a ${entry.type} entry, not a regular file`);
  return path.slice("package/".length);
}

/**
 * The files of the tarball at `file`. Throws TarballError (`too_large`, `too_many_entries`,
 * `not_a_file`, `outside_package`, `duplicate`, `unreadable`).
 *
 * @example
 * ```ts
 * const files = await readTarball("/tmp/org-token-0.1.0.tgz");
 * JSON.parse(files.get("package.json")?.toString() ?? "{}");
 * ```
 */
export async function readTarball(file: string, limits: TarballLimits = TARBALL_LIMITS): Promise<PackageFiles> {
  if ((await stat(file)).size > limits.maxTarballBytes) throw new TarballError("too_large", `${file}: over ${limits.maxTarballBytes} bytes`);
  const bytes = await readFile(file);
  const files = new Map<string, Buffer>();
  let unpacked = 0;
  let failure: Error | undefined;
  await new Promise<void>((resolve) => {
    const parser = new Parser({
      strict: true,
      onReadEntry(entry) {
        try {
          if (failure !== undefined) throw failure;
          if (files.size >= limits.maxEntries) throw new TarballError("too_many_entries", `more than ${limits.maxEntries} entries`);
          const path = packagePath(entry);
          if (files.has(path)) throw new TarballError("duplicate", `${path}: twice in the tarball`);
          unpacked += entry.size;
          if (unpacked > limits.maxUnpackedBytes) throw new TarballError("too_large", `over ${limits.maxUnpackedBytes} bytes unpacked`);
          const chunks: Buffer[] = [];
          files.set(path, Buffer.alloc(0));
          entry.on("data", (chunk: Buffer) => chunks.push(chunk));
          entry.on("end", () => files.set(path, Buffer.concat(chunks)));
        } catch (error) {
          failure ??= error instanceof Error ? error : new TarballError("unreadable", String(error));
          entry.resume();
        }
      },
    });
    // Strict parsing: any error ends the read. A broken gzip stream aborts without a "close".
    parser.on("error", (error: Error) => {
      failure ??= new TarballError("unreadable", `${file}: ${error.message}`);
      resolve();
    });
    parser.on("close", () => {
      resolve();
    });
    parser.end(bytes);
  });
  if (failure !== undefined) throw failure;
  return files;
}
