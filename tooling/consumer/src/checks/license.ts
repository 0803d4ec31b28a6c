// The LICENSE a package ships: the repository's, byte for byte.
import type { PackageFiles } from "../tarball.js";

/**
 * Problems with a tarball's LICENSE; none is `[]`.
 *
 * @example
 * ```ts
 * checkLicense(files, await readFile("LICENSE")); // ["LICENSE: differs from the repository's"]
 * ```
 */
export function checkLicense(files: PackageFiles, license: Buffer): string[] {
  const shipped = files.get("LICENSE");
  if (shipped === undefined) return ["LICENSE: missing"];
  return shipped.equals(license) ? [] : ["LICENSE: differs from the repository's"];
}
