// Builds the publishable packages from an empty dist/ and packs them with pnpm, which rewrites
// `workspace:*` and `catalog:` into the versions a registry would see.
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { describeRun, run } from "./run.js";

/**
 * Deadlines of the build and of packing; generous, as CI shares two cores.
 *
 * @example
 * ```ts
 * PACK_TIMEOUTS.buildMs; // 600000
 * ```
 */
export const PACK_TIMEOUTS = Object.freeze({ buildMs: 10 * 60_000, packMs: 5 * 60_000 });

/**
 * One tarball `pnpm pack` wrote.
 *
 * @example
 * ```ts
 * const packed: Packed = { name: "@org/token", version: "0.1.0", tarball: "/tmp/t/org-token-0.1.0.tgz" };
 * ```
 */
export interface Packed {
  readonly name: string;
  readonly version: string;
  /** Absolute path of the .tgz. */
  readonly tarball: string;
}

const filters = (dirs: readonly string[]): string[] => dirs.map((dir) => `--filter=./${dir}`);

/**
 * Empties each package's dist/ and builds it again (turbo, cache bypassed), so that no output
 * of a since-removed source is packed. Do not run it while other tasks read those dist/ folders.
 * Throws Error with the build's stderr when it fails.
 *
 * @example
 * ```ts
 * await cleanBuild(root, PUBLISHABLE);
 * ```
 */
export async function cleanBuild(root: string, dirs: readonly string[]): Promise<void> {
  await Promise.all(dirs.map((dir) => rm(join(root, dir, "dist"), { recursive: true, force: true })));
  const args = ["exec", "turbo", "run", "build", "--force", "--output-logs=errors-only", ...filters(dirs)];
  const result = await run("pnpm", args, { cwd: root, timeoutMs: PACK_TIMEOUTS.buildMs });
  if (result.code !== 0) throw new Error(`build failed: ${describeRun(result)}`);
}

function packedOf(value: unknown): Packed {
  if (typeof value !== "object" || value === null) throw new TypeError("pnpm pack --json: not an object");
  const { name, version, filename } = value as Record<string, unknown>;
  if (typeof name !== "string" || typeof version !== "string" || typeof filename !== "string") {
    throw new TypeError("pnpm pack --json: no name, version or filename");
  }
  return { name, version, tarball: filename };
}

/**
 * Packs each package into `destination` with `pnpm pack`. Throws Error when pnpm fails and
 * TypeError when its report is not what pnpm 10 writes.
 *
 * @example
 * ```ts
 * const packed = await packAll(root, PUBLISHABLE, "/tmp/tarballs");
 * packed[0]?.tarball; // "/tmp/tarballs/org-client-0.1.0.tgz"
 * ```
 */
export async function packAll(root: string, dirs: readonly string[], destination: string): Promise<Packed[]> {
  const args = ["-r", ...filters(dirs), "pack", "--pack-destination", destination, "--json"];
  const result = await run("pnpm", args, { cwd: root, timeoutMs: PACK_TIMEOUTS.packMs });
  if (result.code !== 0 || result.truncated) throw new Error(`pnpm pack failed: ${describeRun(result)}`);
  const report: unknown = JSON.parse(result.stdout);
  const packed = (Array.isArray(report) ? report : [report]).map(packedOf);
  if (packed.length !== dirs.length) throw new Error(`pnpm packed ${packed.length} packages, not ${dirs.length}`);
  return packed.sort((a, b) => a.name.localeCompare(b.name));
}
