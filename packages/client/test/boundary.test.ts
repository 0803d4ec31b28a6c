// The HTTP part must load without @grpc/grpc-js installed: nothing reachable from the main
// entry may import it, and the package declares it as an optional peer only.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^;]*?from\s+"([^"]+)"|(?:^|\n)\s*import\s+"([^"]+)"/g;

/** Every bare (package) specifier reachable from `entry` through relative imports. */
function packagesReachedFrom(entry: string): Map<string, string> {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2] ?? "";
      if (specifier.startsWith(".")) visit(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")));
      else packages.set(specifier, file);
    }
  };
  visit(resolve(root, entry));
  return packages;
}

describe("package boundary", () => {
  it("the main entry reaches no package at all, so no @grpc/grpc-js", () => {
    expect([...packagesReachedFrom("src/index.ts").keys()]).toEqual([]);
  });

  it("the grpc entry is where @grpc/grpc-js comes in", () => {
    expect([...packagesReachedFrom("src/grpc/index.ts").keys()]).toEqual(["@grpc/grpc-js"]);
  });

  it("declares no runtime dependency and @grpc/grpc-js as an optional peer", () => {
    const manifest = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as Record<string, unknown>;
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.peerDependenciesMeta).toEqual({ "@grpc/grpc-js": { optional: true } });
    expect(Object.keys(manifest.exports as object)).toEqual([".", "./grpc"]);
  });
});
