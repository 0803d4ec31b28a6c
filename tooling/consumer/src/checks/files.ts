// What a tarball may ship: the manifest, README and LICENSE, the compiled code with its
// declarations and maps, and the TypeScript sources those maps point at. Nothing else (no
// tests, benches, configs, caches or reports), and no build output without its source.
import type { PackageFiles } from "../tarball.js";

const SHIPPED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^dist\/(?:[\w.-]+\/)*[\w.-]+\.(?:js|d\.ts|js\.map|d\.ts\.map)$/,
  /^src\/(?:[\w.-]+\/)*[\w.-]+\.ts$/,
];
const NOT_SHIPPED = /\.(?:test|spec)\.ts$|^src\/.*\.d\.ts$/;
const REQUIRED = ["package.json", "README.md", "LICENSE"];

/**
 * Problems with the set of files a tarball ships; none is `[]`. Each `dist/x.js` needs its
 * `src/x.ts` (else it is a stale output of a source since removed) and each `src/x.ts` its
 * `dist/x.js` and `dist/x.d.ts`.
 *
 * @example
 * ```ts
 * checkFiles(new Map([["package.json", manifest], ["test/a.test.ts", code]]));
 * // ["README.md: missing", "LICENSE: missing", "test/a.test.ts: not for consumers"]
 * ```
 */
export function checkFiles(files: PackageFiles): string[] {
  const problems = REQUIRED.filter((path) => !files.has(path)).map((path) => `${path}: missing`);
  for (const path of [...files.keys()].sort()) {
    if (!SHIPPED.some((pattern) => pattern.test(path)) || NOT_SHIPPED.test(path)) {
      problems.push(`${path}: not for consumers`);
      continue;
    }
    const compiled = /^dist\/(.+)\.js$/.exec(path);
    if (compiled !== null && !files.has(`src/${compiled[1] ?? ""}.ts`)) {
      problems.push(`${path}: no src/${compiled[1] ?? ""}.ts (a stale build output? rebuild from a clean dist/)`);
    }
    const source = /^src\/(.+)\.ts$/.exec(path);
    if (source !== null) {
      for (const output of [`dist/${source[1] ?? ""}.js`, `dist/${source[1] ?? ""}.d.ts`]) {
        if (!files.has(output)) problems.push(`${path}: not compiled to ${output}`);
      }
    }
  }
  return problems;
}
