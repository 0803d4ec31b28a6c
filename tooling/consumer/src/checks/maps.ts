// Source maps that work where the package is installed: each compiled file names a shipped
// map, and each map names its shipped output and sources. The packages ship `src/` beside
// `dist/`, so a stack trace or "go to definition" lands in the real TypeScript.
import { posix } from "node:path";
import type { PackageFiles } from "../tarball.js";

const MAP_URL = /(?:^|\n)\/\/# sourceMappingURL=(\S+)\s*$/;

/** A path relative to `from`'s folder inside the package, or undefined when it leaves the package. */
function resolveIn(from: string, ...relative: string[]): string | undefined {
  if (relative.some((part) => posix.isAbsolute(part) || /^[a-z][a-z0-9+.-]*:/i.test(part))) return undefined;
  const path = posix.normalize(posix.join(posix.dirname(from), ...relative));
  return path.startsWith("../") || path === ".." || posix.isAbsolute(path) ? undefined : path;
}

function checkReference(path: string, files: PackageFiles): string[] {
  const match = MAP_URL.exec(files.get(path)?.toString("utf8") ?? "");
  const url = match?.[1];
  if (url === undefined) return [`${path}: no sourceMappingURL`];
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return [`${path}: sourceMappingURL ${url.slice(0, 40)} is not a shipped file`];
  const target = resolveIn(path, url);
  if (target === undefined || !files.has(target)) return [`${path}: its map ${url} is not shipped`];
  return [];
}

function stringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

function checkMap(path: string, files: PackageFiles): string[] {
  let map: unknown;
  try {
    map = JSON.parse(files.get(path)?.toString("utf8") ?? "");
  } catch {
    return [`${path}: not JSON`];
  }
  if (typeof map !== "object" || map === null) return [`${path}: not a source map`];
  const { version, file, sources, sourceRoot, sourcesContent } = map as Record<string, unknown>;
  if (version !== 3 || typeof file !== "string" || !stringArray(sources)) return [`${path}: not a version 3 source map`];
  const problems: string[] = [];
  const output = resolveIn(path, file);
  if (output === undefined || `${output}.map` !== path || !files.has(output)) problems.push(`${path}: maps ${file}, which is not its shipped output`);
  const root = typeof sourceRoot === "string" ? sourceRoot : "";
  for (const [index, source] of sources.entries()) {
    const target = resolveIn(path, root, source);
    if (target === undefined) problems.push(`${path}: source ${source} is outside the package`);
    else if (!files.has(target)) problems.push(`${path}: source ${source} is not shipped`);
    else if (stringArray(sourcesContent) && sourcesContent[index] !== files.get(target)?.toString("utf8")) {
      problems.push(`${path}: inlined content of ${source} differs from the shipped file`);
    }
  }
  return problems;
}

/**
 * Problems with a tarball's source maps; none is `[]`. Every `dist` `.js` and `.d.ts` must end
 * in a `sourceMappingURL` naming a shipped map; every map must be version 3, name the file it
 * sits beside, and list only sources that are shipped (with the same text, where inlined).
 *
 * @example
 * ```ts
 * checkMaps(files); // ["dist/a.js.map: source ../src/a.ts is not shipped"]
 * ```
 */
export function checkMaps(files: PackageFiles): string[] {
  const problems: string[] = [];
  for (const path of [...files.keys()].sort()) {
    if (!path.startsWith("dist/")) continue;
    if (path.endsWith(".map")) problems.push(...checkMap(path, files));
    else if (path.endsWith(".js") || path.endsWith(".d.ts")) problems.push(...checkReference(path, files));
  }
  return problems;
}
