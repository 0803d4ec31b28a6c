import { describe, expect, it } from "vitest";
import { checkManifest } from "../src/checks/manifest.js";
import { EXPECTED, MANIFEST, soundFiles, withFiles } from "./support/package.js";

const pkg = (files: Map<string, Buffer>) => ({ name: MANIFEST.name, version: MANIFEST.version, files });
const problems = (manifest: Record<string, unknown>): string[] => checkManifest(pkg(soundFiles(manifest)), EXPECTED);

describe("checkManifest", () => {
  it("accepts a rewritten manifest", () => {
    expect(problems({})).toEqual([]);
  });

  it.each([
    ["dependencies", "jose", "catalog:"],
    ["dependencies", "@org/token", "workspace:*"],
    ["peerDependencies", "express", "catalog:"],
    ["devDependencies", "@org/tsconfig", "workspace:*"],
    ["optionalDependencies", "x", "link:../x"],
    ["dependencies", "y", "file:../y.tgz"],
  ])("names %s.%s = %s, which pack should have rewritten", (field, name, spec) => {
    expect(problems({ [field]: { [name]: spec } })).toEqual([`${field}.${name}: "${spec}" was not rewritten by pack`]);
  });

  it("requires an internal dependency to be a publishable package at its packed version", () => {
    expect(problems({ dependencies: { "@org/token": "^0.1.0" } })).toEqual(['dependencies.@org/token: "^0.1.0", not the packed version 0.1.0']);
    expect(problems({ peerDependencies: { "@org/testkit": "0.1.0" } })).toEqual(["peerDependencies.@org/testkit: not a publishable package"]);
  });

  it.each([
    [{ type: "commonjs" }, 'type: must be "module"'],
    [{ license: undefined }, 'license: must be "MIT"'],
    [{ sideEffects: undefined }, "sideEffects: must be false (no module runs anything on import)"],
    [{ sideEffects: true }, "sideEffects: must be false (no module runs anything on import)"],
    [{ files: undefined }, "files: must list what is shipped"],
    [{ engines: { node: ">=18" } }, 'engines.node: must be ">=20.19", as the repository\'s'],
    [{ engines: undefined }, 'engines.node: must be ">=20.19", as the repository\'s'],
    [{ scripts: { postinstall: "node x.js" } }, "scripts.postinstall: runs at install time"],
    [{ scripts: { prepare: "tsc" } }, "scripts.prepare: runs at install time"],
    [{ name: "@org/other" }, "name: not @org/token-http"],
    [{ version: "0.2.0" }, "version: not 0.1.0"],
    [{ dependencies: ["jose"] }, "dependencies: not an object"],
    [{ dependencies: { jose: 6 } }, "dependencies.jose: not a string"],
  ])("refuses %j", (manifest, problem) => {
    expect(problems(manifest)).toEqual([problem]);
  });

  it("requires exports to name shipped files, with types and default", () => {
    expect(problems({ exports: { ".": { types: "./dist/index.d.ts", default: "./dist/main.js" } } })).toEqual([
      'exports["."]["default"]: ./dist/main.js is not shipped',
    ]);
    expect(problems({ exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" }, "./grpc": { default: "dist/index.js" } } })).toEqual([
      'exports["./grpc"]["default"]: not a ./ path',
    ]);
    expect(problems({ exports: { ".": "./dist/index.js" } })).toEqual(['exports: needs "." with "types" and "default"']);
  });

  it("refuses a missing or broken package.json", () => {
    expect(checkManifest(pkg(withFiles({ "package.json": "{" })), EXPECTED)).toEqual(["package.json: missing or not JSON"]);
    expect(checkManifest(pkg(withFiles({ "package.json": undefined })), EXPECTED)).toEqual(["package.json: missing or not JSON"]);
    expect(checkManifest(pkg(withFiles({ "package.json": "[]" })), EXPECTED)).toEqual(["package.json: not an object"]);
  });
});
