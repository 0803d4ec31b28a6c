// The packed package.json: what `pnpm pack` rewrote (no workspace: or catalog: left), what
// npm and bundlers read (type, exports, sideEffects, engines, license), and nothing that runs
// at install time.
import type { PackageFiles } from "../tarball.js";
import type { Expectations } from "./expectations.js";

const DEPENDENCY_FIELDS = ["dependencies", "peerDependencies", "optionalDependencies", "devDependencies"] as const;
/** Specifiers that only mean something inside this workspace or on this machine. */
const LOCAL_SPECIFIER = /^(?:workspace|catalog|link|file|portal):/;
const INSTALL_SCRIPTS = ["preinstall", "install", "postinstall", "prepare"];
const SCOPE = "@org/";

type Manifest = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Manifest {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkDependencies(manifest: Manifest, expected: Expectations): string[] {
  const problems: string[] = [];
  for (const field of DEPENDENCY_FIELDS) {
    const deps = manifest[field];
    if (deps === undefined) continue;
    if (!isRecord(deps)) {
      problems.push(`${field}: not an object`);
      continue;
    }
    for (const [name, spec] of Object.entries(deps)) {
      if (typeof spec !== "string") problems.push(`${field}.${name}: not a string`);
      else if (LOCAL_SPECIFIER.test(spec)) problems.push(`${field}.${name}: "${spec}" was not rewritten by pack`);
      else if (name.startsWith(SCOPE) && field !== "devDependencies") {
        // A consumer installs what these name; devDependencies of a dependency are never installed.
        const version = expected.versions.get(name);
        if (version === undefined) problems.push(`${field}.${name}: not a publishable package`);
        else if (spec !== version) problems.push(`${field}.${name}: "${spec}", not the packed version ${version}`);
      }
    }
  }
  return problems;
}

/** Every string target of `exports`, with the condition path that leads to it. */
function exportTargets(value: unknown, at: string): [string, unknown][] {
  if (!isRecord(value)) return [[at, value]];
  return Object.entries(value).flatMap(([key, inner]) => exportTargets(inner, `${at}[${JSON.stringify(key)}]`));
}

function checkExports(manifest: Manifest, files: PackageFiles): string[] {
  const root = isRecord(manifest.exports) ? manifest.exports["."] : undefined;
  if (!isRecord(root) || typeof root.types !== "string" || typeof root.default !== "string") {
    return ['exports: needs "." with "types" and "default"'];
  }
  const problems: string[] = [];
  for (const [at, target] of exportTargets(manifest.exports, "exports")) {
    if (typeof target !== "string" || !target.startsWith("./")) problems.push(`${at}: not a ./ path`);
    else if (!files.has(target.slice(2))) problems.push(`${at}: ${target} is not shipped`);
  }
  return problems;
}

function checkFields(manifest: Manifest, expected: Expectations): string[] {
  const problems: string[] = [];
  const expect = (field: string, ok: boolean, what: string): void => {
    if (!ok) problems.push(`${field}: ${what}`);
  };
  expect("type", manifest.type === "module", 'must be "module"');
  expect("license", manifest.license === "MIT", 'must be "MIT"');
  expect("sideEffects", manifest.sideEffects === false, "must be false (no module runs anything on import)");
  expect("files", Array.isArray(manifest.files), "must list what is shipped");
  const engines = isRecord(manifest.engines) ? manifest.engines.node : undefined;
  expect("engines.node", engines === expected.engines, `must be "${expected.engines}", as the repository's`);
  const scripts = isRecord(manifest.scripts) ? manifest.scripts : {};
  for (const script of INSTALL_SCRIPTS) expect(`scripts.${script}`, !(script in scripts), "runs at install time");
  return problems;
}

/**
 * Problems with a tarball's package.json; none is `[]`. `name` and `version` are those pnpm
 * reported packing.
 *
 * @example
 * ```ts
 * checkManifest({ name: "@org/token", version: "0.1.0", files }, expected);
 * // ['dependencies.jose: "catalog:" was not rewritten by pack']
 * ```
 */
export function checkManifest(pkg: { readonly name: string; readonly version: string; readonly files: PackageFiles }, expected: Expectations): string[] {
  let manifest: unknown;
  try {
    manifest = JSON.parse(pkg.files.get("package.json")?.toString("utf8") ?? "");
  } catch {
    return ["package.json: missing or not JSON"];
  }
  if (!isRecord(manifest)) return ["package.json: not an object"];
  const identity: string[] = [];
  if (manifest.name !== pkg.name) identity.push(`name: not ${pkg.name}`);
  if (manifest.version !== pkg.version) identity.push(`version: not ${pkg.version}`);
  return [...identity, ...checkFields(manifest, expected), ...checkDependencies(manifest, expected), ...checkExports(manifest, pkg.files)];
}
