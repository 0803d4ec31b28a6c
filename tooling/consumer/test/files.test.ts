import { describe, expect, it } from "vitest";
import { checkFiles } from "../src/checks/files.js";
import { soundFiles, withFiles } from "./support/package.js";

describe("checkFiles", () => {
  it("accepts the manifest, README, LICENSE, dist/ and the sources of its maps", () => {
    expect(checkFiles(soundFiles())).toEqual([]);
  });

  it.each([
    "test/verify.test.ts",
    "src/verify.test.ts",
    "bench/verify.ts",
    "tsconfig.json",
    "tsconfig.build.json",
    "vitest.config.ts",
    "test-results.json",
    ".turbo/turbo-build.log",
    "examples/issue.ts",
    "dist/.tsbuildinfo",
    "src/types.d.ts",
    "dist/index.ts",
  ])("refuses %s as not for consumers", (path) => {
    expect(checkFiles(withFiles({ [path]: "x" }))).toContain(`${path}: not for consumers`);
  });

  it.each(["package.json", "README.md", "LICENSE"])("requires %s", (path) => {
    expect(checkFiles(withFiles({ [path]: undefined }))).toEqual([`${path}: missing`]);
  });

  it("accepts dotted file names", () => {
    const files = withFiles({ "src/keys/rsa.pss.ts": "export {};\n", "dist/keys/rsa.pss.js": "x", "dist/keys/rsa.pss.d.ts": "x" });
    expect(checkFiles(files)).toEqual([]);
  });

  it("names a stale output whose source is gone", () => {
    const files = withFiles({ "dist/credentials.js": "export {};\n//# sourceMappingURL=credentials.js.map" });
    expect(checkFiles(files)).toEqual(["dist/credentials.js: no src/credentials.ts (a stale build output? rebuild from a clean dist/)"]);
  });

  it("names a source that was not compiled", () => {
    expect(checkFiles(withFiles({ "dist/lib/util.d.ts": undefined, "dist/lib/util.d.ts.map": undefined }))).toEqual([
      "src/lib/util.ts: not compiled to dist/lib/util.d.ts",
    ]);
  });
});
