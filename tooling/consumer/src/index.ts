/**
 * `@org/consumer`: packs the publishable packages, checks what each tarball ships, and installs
 * them into an empty project to use them from there. Explicit re-exports only.
 */
export type { Expectations } from "./checks/expectations.js";
export { checkFiles } from "./checks/files.js";
export { checkLicense } from "./checks/license.js";
export { checkManifest } from "./checks/manifest.js";
export { checkMaps } from "./checks/maps.js";
export { checkPackage } from "./checks/package.js";
export type { PackageReport, PackedPackage } from "./checks/package.js";
export { checkReadme, outline } from "./checks/readme.js";
export type { Outline } from "./checks/readme.js";
export { isThirdParty, tscDiagnostics } from "./diagnostics.js";
export type { Diagnostic } from "./diagnostics.js";
export { PACK_TIMEOUTS, cleanBuild, packAll } from "./pack.js";
export type { Packed } from "./pack.js";
export {
  FORMATS,
  PROJECT_TIMEOUTS,
  installProject,
  installedFromTarballs,
  installedVersions,
  runProgram,
  typecheckProject,
  writeProject,
} from "./project.js";
export type { Format, ProjectSpec } from "./project.js";
export { DEFAULT_MAX_OUTPUT_BYTES, childEnv, describeRun, run } from "./run.js";
export type { RunOptions, RunResult } from "./run.js";
export { TARBALL_LIMITS, TarballError, readTarball } from "./tarball.js";
export type { PackageFiles, TarballErrorCode, TarballLimits } from "./tarball.js";
export { PUBLISHABLE, repositoryExpectations } from "./workspace.js";
