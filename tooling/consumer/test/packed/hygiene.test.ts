// What each tarball ships, as `pnpm pack` wrote it from a clean build.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { checkPackage, type PackageReport } from "../../src/checks/package.js";
import { readTarball } from "../../src/tarball.js";
import { repositoryExpectations } from "../../src/workspace.js";

const { root, packed } = inject("consumer");
const expected = await repositoryExpectations(root);
const ASPECTS = ["files", "manifest", "maps", "readme", "license"] as const;

it("packs every publishable package", () => {
  expect(packed.map((p) => p.name)).toEqual([...expected.versions.keys()].sort());
});

describe.each(packed)("$name", (pkg) => {
  let report: PackageReport;
  let manifest: Record<string, unknown>;

  beforeAll(async () => {
    const files = await readTarball(pkg.tarball);
    report = checkPackage({ name: pkg.name, version: pkg.version, files }, expected);
    manifest = JSON.parse(files.get("package.json")?.toString("utf8") ?? "{}") as Record<string, unknown>;
  });

  it.each(ASPECTS)("%s: no problems", (aspect) => {
    expect(report[aspect]).toEqual([]);
  });

  it("stays private: nothing is published from this repository", () => {
    expect(manifest.private).toBe(true);
  });
});
