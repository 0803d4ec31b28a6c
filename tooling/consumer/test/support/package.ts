// A small package that passes every check, as a tarball would hold it; tests break one thing.
import type { Expectations } from "../../src/checks/expectations.js";

export const LICENSE = Buffer.from("MIT License\n\nCopyright (c) 2026 the authors of this repository\n");

export const EXPECTED: Expectations = {
  license: LICENSE,
  engines: ">=20.19",
  versions: new Map([
    ["@org/token", "0.1.0"],
    ["@org/token-http", "0.1.0"],
  ]),
};

export const MANIFEST = {
  name: "@org/token-http",
  version: "0.1.0",
  private: true,
  type: "module",
  license: "MIT",
  sideEffects: false,
  exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" } },
  files: ["dist", "src"],
  engines: { node: ">=20.19" },
  scripts: { build: "tsc -p tsconfig.build.json", test: "vitest run" },
  dependencies: { "@org/token": "0.1.0", jose: "6.2.18" },
  devDependencies: { "@org/testkit": "0.1.0", vitest: "4.1.12" },
};

const map = (file: string, source: string): string => JSON.stringify({ version: 3, file, sourceRoot: "", sources: [source], names: [], mappings: "AAAA" });

/** The files of a sound package; `manifest` replaces fields of package.json. */
export function soundFiles(manifest: Record<string, unknown> = {}): Map<string, Buffer> {
  const text: Record<string, string> = {
    "package.json": JSON.stringify({ ...MANIFEST, ...manifest }),
    "README.md": "# @org/token-http\n\n## Usage\n\nSee [usage](#usage), [the code](dist/index.js) and [jose](https://github.com/panva/jose).\n",
    "dist/index.js": 'export const a = 1;\n//# sourceMappingURL=index.js.map',
    "dist/index.js.map": map("index.js", "../src/index.ts"),
    "dist/index.d.ts": "export declare const a = 1;\n//# sourceMappingURL=index.d.ts.map",
    "dist/index.d.ts.map": map("index.d.ts", "../src/index.ts"),
    "dist/lib/util.js": "export {};\n//# sourceMappingURL=util.js.map",
    "dist/lib/util.js.map": map("util.js", "../../src/lib/util.ts"),
    "dist/lib/util.d.ts": "export {};\n//# sourceMappingURL=util.d.ts.map",
    "dist/lib/util.d.ts.map": map("util.d.ts", "../../src/lib/util.ts"),
    "src/index.ts": "export const a = 1;\n",
    "src/lib/util.ts": "export {};\n",
  };
  const files = new Map(Object.entries(text).map(([path, content]) => [path, Buffer.from(content)]));
  files.set("LICENSE", LICENSE);
  return files;
}

/** `soundFiles()` with some files replaced (a string) or removed (undefined). */
export function withFiles(changes: Record<string, string | undefined>, manifest: Record<string, unknown> = {}): Map<string, Buffer> {
  const files = soundFiles(manifest);
  for (const [path, content] of Object.entries(changes)) {
    if (content === undefined) files.delete(path);
    else files.set(path, Buffer.from(content));
  }
  return files;
}
