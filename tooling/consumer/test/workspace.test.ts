// The real repository: what the packed suite relies on, checked in seconds.
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { PUBLISHABLE, repositoryExpectations } from "../src/workspace.js";

const root = resolve(import.meta.dirname, "../../..");

describe("repositoryExpectations", () => {
  it("reads the LICENSE, engines.node and the publishable packages' versions", async () => {
    const expected = await repositoryExpectations(root);
    expect([...expected.versions.keys()].sort()).toEqual([
      "@org/client",
      "@org/token",
      "@org/token-express",
      "@org/token-grpc",
      "@org/token-http",
      "@org/token-koa",
    ]);
    expect(expected.engines).toBe(">=20.19");
    expect(expected.license.toString("utf8")).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} the authors of this repository\n/);
  });
});

describe("the publishable packages", () => {
  it.each(PUBLISHABLE)("%s depends on no internal package that is not publishable", async (dir) => {
    const expected = await repositoryExpectations(root);
    const manifest = JSON.parse(await readFile(join(root, dir, "package.json"), "utf8")) as Record<string, Record<string, string> | undefined>;
    const internal = ["dependencies", "peerDependencies", "optionalDependencies"].flatMap((field) =>
      Object.keys(manifest[field] ?? {}).filter((name) => name.startsWith("@org/")),
    );
    expect(internal.filter((name) => !expected.versions.has(name))).toEqual([]);
  });
});
