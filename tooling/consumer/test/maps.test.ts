import { describe, expect, it } from "vitest";
import { checkMaps } from "../src/checks/maps.js";
import { soundFiles, withFiles } from "./support/package.js";

const map = (fields: Record<string, unknown>): string => JSON.stringify({ version: 3, file: "index.js", sources: ["../src/index.ts"], mappings: "AAAA", ...fields });

describe("checkMaps", () => {
  it("accepts maps whose outputs and sources are shipped", () => {
    expect(checkMaps(soundFiles())).toEqual([]);
  });

  it("names a source that is not shipped (the default of a package that ships only dist/)", () => {
    expect(checkMaps(withFiles({ "src/index.ts": undefined }))).toEqual([
      "dist/index.d.ts.map: source ../src/index.ts is not shipped",
      "dist/index.js.map: source ../src/index.ts is not shipped",
    ]);
  });

  it.each([
    [{ sources: ["../../src/index.ts"] }, "dist/index.js.map: source ../../src/index.ts is outside the package"],
    [{ sourceRoot: "/home/dev/repo/packages/token/", sources: ["src/index.ts"] }, "dist/index.js.map: source src/index.ts is outside the package"],
    [{ sourceRoot: "../..", sources: ["src/index.ts"] }, "dist/index.js.map: source src/index.ts is outside the package"],
    [{ file: "other.js" }, "dist/index.js.map: maps other.js, which is not its shipped output"],
    [{ version: 2 }, "dist/index.js.map: not a version 3 source map"],
    [{ sources: [1] }, "dist/index.js.map: not a version 3 source map"],
    [{ sourcesContent: ["export const b = 2;\n"] }, "dist/index.js.map: inlined content of ../src/index.ts differs from the shipped file"],
  ])("refuses a map with %j", (fields, problem) => {
    expect(checkMaps(withFiles({ "dist/index.js.map": map(fields) }))).toEqual([problem]);
  });

  it("accepts inlined sources equal to the shipped ones", () => {
    expect(checkMaps(withFiles({ "dist/index.js.map": map({ sourcesContent: ["export const a = 1;\n"] }) }))).toEqual([]);
  });

  it("refuses a map that is not JSON", () => {
    expect(checkMaps(withFiles({ "dist/index.js.map": "{" }))).toEqual(["dist/index.js.map: not JSON"]);
  });

  it.each([
    ["export const a = 1;\n", "dist/index.js: no sourceMappingURL"],
    ["export const a = 1;\n//# sourceMappingURL=missing.js.map", "dist/index.js: its map missing.js.map is not shipped"],
    ["export const a = 1;\n//# sourceMappingURL=../../x.js.map", "dist/index.js: its map ../../x.js.map is not shipped"],
    ["export const a = 1;\n//# sourceMappingURL=data:application/json;base64,e30=", "dist/index.js: sourceMappingURL data:application/json;base64,e30= is not a shipped file"],
  ])("refuses output %j", (code, problem) => {
    expect(checkMaps(withFiles({ "dist/index.js": code }))).toEqual([problem]);
  });
});
