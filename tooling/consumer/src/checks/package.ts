// Every check of one packed package, by aspect.
import type { PackageFiles } from "../tarball.js";
import type { Expectations } from "./expectations.js";
import { checkFiles } from "./files.js";
import { checkLicense } from "./license.js";
import { checkManifest } from "./manifest.js";
import { checkMaps } from "./maps.js";
import { checkReadme } from "./readme.js";

/**
 * A packed package: the name and version pnpm reported, and the tarball's files.
 *
 * @example
 * ```ts
 * const pkg: PackedPackage = { name: "@org/token", version: "0.1.0", files: await readTarball(tarball) };
 * ```
 */
export interface PackedPackage {
  readonly name: string;
  readonly version: string;
  readonly files: PackageFiles;
}

/**
 * The problems of each aspect; a sound package has `[]` in each.
 *
 * @example
 * ```ts
 * const { maps }: PackageReport = checkPackage(pkg, expected); // ["dist/a.js.map: source ../src/a.ts is not shipped"]
 * ```
 */
export interface PackageReport {
  readonly files: readonly string[];
  readonly manifest: readonly string[];
  readonly maps: readonly string[];
  readonly readme: readonly string[];
  readonly license: readonly string[];
}

/**
 * Runs every check on a packed package.
 *
 * @example
 * ```ts
 * const report = checkPackage({ name, version, files: await readTarball(tarball) }, expected);
 * Object.values(report).flat(); // [] when the package is fit to publish
 * ```
 */
export function checkPackage(pkg: PackedPackage, expected: Expectations): PackageReport {
  return {
    files: checkFiles(pkg.files),
    manifest: checkManifest(pkg, expected),
    maps: checkMaps(pkg.files),
    readme: checkReadme(pkg.files),
    license: checkLicense(pkg.files, expected.license),
  };
}
