// An empty project outside the workspace that installs the tarballs with npm, the way a team
// that has never seen this repository would: third-party packages from the registry, ours from
// the tarballs only. The programs are copied twice, into esm/ ("type": "module") and cjs/
// ("type": "commonjs"), so one tsc run type-checks them as both kinds of consumer and emits
// `import` in one and `require()` in the other.
import { existsSync } from "node:fs";
import { cp, mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { Packed } from "./pack.js";
import { run, type RunResult } from "./run.js";

/**
 * Deadlines of the install (registry downloads on a cold cache), of tsc, and of one program.
 *
 * @example
 * ```ts
 * PROJECT_TIMEOUTS.installMs; // 600000
 * ```
 */
export const PROJECT_TIMEOUTS = Object.freeze({ installMs: 10 * 60_000, typecheckMs: 5 * 60_000, programMs: 2 * 60_000 });

/**
 * The two kinds of consumer: a folder of each, named by its module format.
 *
 * @example
 * ```ts
 * for (const format of FORMATS) await runProgram(dir, format, "express");
 * ```
 */
export const FORMATS = Object.freeze(["esm", "cjs"] as const);

/**
 * `"esm"` or `"cjs"`.
 *
 * @example
 * ```ts
 * const format: Format = "cjs";
 * ```
 */
export type Format = (typeof FORMATS)[number];

/**
 * What {@link writeProject} lays out.
 *
 * @example
 * ```ts
 * const spec: ProjectSpec = { dir, packed, dependencies: { express: "5.3.0" }, devDependencies: { typescript: "6.0.3" }, programs };
 * ```
 */
export interface ProjectSpec {
  /** An empty folder outside any workspace. */
  readonly dir: string;
  readonly packed: readonly Packed[];
  /** Third-party packages with exact versions: what the programs run on, and their types. */
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
  /** The folder of the consumer programs (`.ts`). */
  readonly programs: string;
}

const SCOPE = "@org";

/** Strict like the workspace, and checking every declaration file it reads (ours above all). */
const TSCONFIG = {
  compilerOptions: {
    target: "ES2023",
    lib: ["ES2023"],
    module: "nodenext",
    moduleResolution: "nodenext",
    types: ["node"],
    strict: true,
    noUncheckedIndexedAccess: true,
    isolatedModules: true,
    forceConsistentCasingInFileNames: true,
    skipLibCheck: false,
  },
  include: [...FORMATS],
};

/** Folders above `dir` with a node_modules, where Node would look for packages the project lacks. */
function leakyAncestors(dir: string): string[] {
  const found: string[] = [];
  for (let at = dirname(dir); ; at = dirname(at)) {
    if (existsSync(join(at, "node_modules"))) found.push(at);
    if (dirname(at) === at) return found;
  }
}

function manifest(spec: ProjectSpec): Record<string, unknown> {
  const ours = Object.fromEntries(spec.packed.map((p) => [p.name, `file:${p.tarball}`]));
  return {
    name: "consumer",
    version: "0.0.0",
    private: true,
    dependencies: { ...ours, ...spec.dependencies },
    devDependencies: spec.devDependencies,
    // Our packages depend on each other by version ("0.1.0"): point those edges at the tarballs
    // too, so that npm never asks a registry for them.
    overrides: Object.fromEntries(spec.packed.map((p) => [p.name, `$${p.name}`])),
  };
}

/**
 * Lays out the project in `spec.dir`. Throws TypeError when the folder is not empty, or when
 * Node could resolve packages from above it (a node_modules in a parent folder would hide a
 * missing dependency).
 *
 * @example
 * ```ts
 * await writeProject({ dir, packed, dependencies: { express: "5.3.0" }, devDependencies: {}, programs });
 * ```
 */
export async function writeProject(spec: ProjectSpec): Promise<void> {
  if ((await readdir(spec.dir)).length > 0) throw new TypeError(`${spec.dir}: not empty`);
  const leaks = leakyAncestors(resolve(spec.dir));
  if (leaks.length > 0) throw new TypeError(`${spec.dir}: node_modules above it, in ${leaks.join(", ")}`);
  const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
  await writeFile(join(spec.dir, "package.json"), json(manifest(spec)));
  // Anything of our scope from a registry fails at once (nothing listens on port 9 of loopback);
  // engines are enforced, as a careful consumer would have it.
  await writeFile(join(spec.dir, ".npmrc"), `${SCOPE}:registry=http://127.0.0.1:9/\nengine-strict=true\n`);
  await writeFile(join(spec.dir, "tsconfig.json"), json(TSCONFIG));
  for (const format of FORMATS) {
    const type = format === "esm" ? "module" : "commonjs";
    await mkdir(join(spec.dir, format));
    await writeFile(join(spec.dir, format, "package.json"), json({ type }));
    await cp(spec.programs, join(spec.dir, format), { recursive: true });
  }
}

/**
 * `npm install` in the project, install scripts off (nothing here needs one).
 *
 * @example
 * ```ts
 * const result = await installProject(dir);
 * ```
 */
export function installProject(dir: string): Promise<RunResult> {
  const args = ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline"];
  return run("npm", args, { cwd: dir, timeoutMs: PROJECT_TIMEOUTS.installMs });
}

/**
 * Problems with where the installed packages of our scope came from; none is `[]`. Each must be
 * installed once, at the top, from its tarball.
 *
 * @example
 * ```ts
 * installedFromTarballs(JSON.parse(await readFile(`${dir}/package-lock.json`, "utf8")), packed);
 * ```
 */
export function installedFromTarballs(lock: unknown, packed: readonly Packed[], dir: string): string[] {
  const entries = typeof lock === "object" && lock !== null ? (lock as Record<string, unknown>).packages : undefined;
  if (typeof entries !== "object" || entries === null) return ["package-lock.json: no packages"];
  const problems: string[] = [];
  const expected = new Map(packed.map((p) => [`node_modules/${p.name}`, p]));
  for (const [path, entry] of Object.entries(entries)) {
    if (!path.includes(`node_modules/${SCOPE}/`)) continue;
    const pkg = expected.get(path);
    if (pkg === undefined) {
      problems.push(`${path}: not one of the tarballs, or installed twice`);
      continue;
    }
    const { resolved, version } = (entry ?? {}) as Record<string, unknown>;
    const file = `file:${relative(dir, pkg.tarball).split(sep).join("/")}`;
    if (resolved !== file && resolved !== `file:${pkg.tarball}`) problems.push(`${path}: resolved from ${String(resolved)}, not ${file}`);
    if (version !== pkg.version) problems.push(`${path}: version ${String(version)}, not ${pkg.version}`);
    expected.delete(path);
  }
  for (const path of expected.keys()) problems.push(`${path}: not installed`);
  return problems;
}

/**
 * The exact versions installed in `packageDir`'s node_modules: the workspace's own pins (its
 * lockfile), handed to the consumer so both run the same third-party code.
 *
 * @example
 * ```ts
 * await installedVersions(".", ["express"]); // { express: "5.3.0" }
 * ```
 */
export async function installedVersions(packageDir: string, names: readonly string[]): Promise<Record<string, string>> {
  const versions: Record<string, string> = {};
  for (const name of names) {
    const manifestText = await readFile(join(packageDir, "node_modules", name, "package.json"), "utf8");
    const { version } = JSON.parse(manifestText) as { version?: unknown };
    if (typeof version !== "string") throw new TypeError(`${name}: no version installed`);
    versions[name] = version;
  }
  return versions;
}

/**
 * tsc over both folders: type-checks the programs against the packed declarations and emits
 * the JavaScript that {@link runProgram} runs.
 *
 * @example
 * ```ts
 * const { code, stdout } = await typecheckProject(dir); // tsc's diagnostics are on stdout
 * ```
 */
export function typecheckProject(dir: string): Promise<RunResult> {
  const tsc = join(dir, "node_modules", "typescript", "bin", "tsc");
  return run(process.execPath, [tsc, "-p", "."], { cwd: dir, timeoutMs: PROJECT_TIMEOUTS.typecheckMs });
}

/**
 * Runs one emitted program with plain `node` (no flags, no NODE_OPTIONS).
 *
 * @example
 * ```ts
 * const result = await runProgram(dir, "cjs", "express");
 * ```
 */
export function runProgram(dir: string, format: Format, name: string): Promise<RunResult> {
  return run(process.execPath, [join(format, `${name}.js`)], { cwd: dir, timeoutMs: PROJECT_TIMEOUTS.programMs });
}
