import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Packed } from "../src/pack.js";
import { installedFromTarballs, writeProject } from "../src/project.js";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "consumer-project-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const PACKED: Packed[] = [
  { name: "@org/token", version: "0.1.0", tarball: "/tmp/t/org-token-0.1.0.tgz" },
  { name: "@org/token-http", version: "0.1.0", tarball: "/tmp/t/org-token-http-0.1.0.tgz" },
];

const lock = (packages: Record<string, unknown>) => ({ lockfileVersion: 3, packages: { "": {}, ...packages } });
const fromTarballs = {
  "node_modules/@org/token": { version: "0.1.0", resolved: "file:../t/org-token-0.1.0.tgz" },
  "node_modules/@org/token-http": { version: "0.1.0", resolved: "file:../t/org-token-http-0.1.0.tgz" },
  "node_modules/jose": { version: "6.2.18" },
};

describe("installedFromTarballs", () => {
  it("accepts each package once, at the top, from its tarball", () => {
    expect(installedFromTarballs(lock(fromTarballs), PACKED, "/tmp/project")).toEqual([]);
  });

  it("names a package from a registry, a second copy, a wrong version and a missing one", () => {
    const packages = {
      "node_modules/@org/token": { version: "0.1.0", resolved: "https://registry.npmjs.org/@org/token/-/token-0.1.0.tgz" },
      "node_modules/@org/token-express/node_modules/@org/token-http": { version: "0.1.0", resolved: "file:../t/org-token-http-0.1.0.tgz" },
    };
    expect(installedFromTarballs(lock(packages), PACKED, "/tmp/project")).toEqual([
      "node_modules/@org/token: resolved from https://registry.npmjs.org/@org/token/-/token-0.1.0.tgz, not file:../t/org-token-0.1.0.tgz",
      "node_modules/@org/token-express/node_modules/@org/token-http: not one of the tarballs, or installed twice",
      "node_modules/@org/token-http: not installed",
    ]);
    const older = { ...fromTarballs, "node_modules/@org/token": { version: "0.0.9", resolved: "file:../t/org-token-0.1.0.tgz" } };
    expect(installedFromTarballs(lock(older), PACKED, "/tmp/project")).toEqual(["node_modules/@org/token: version 0.0.9, not 0.1.0"]);
  });

  it("refuses a lockfile without packages", () => {
    expect(installedFromTarballs({}, PACKED, "/tmp/project")).toEqual(["package-lock.json: no packages"]);
  });
});

describe("writeProject", () => {
  const programs = async (): Promise<string> => {
    const folder = join(dir, "programs");
    await mkdir(join(folder, "lib"), { recursive: true });
    await writeFile(join(folder, "main.ts"), "export {};\n");
    await writeFile(join(folder, "lib", "util.ts"), "export {};\n");
    return folder;
  };

  it("lays out an npm project that takes our packages from the tarballs and the programs twice", async () => {
    const project = join(dir, "project");
    await mkdir(project);
    await writeProject({ dir: project, packed: PACKED, dependencies: { express: "5.3.0" }, devDependencies: { typescript: "6.0.3" }, programs: await programs() });
    const manifest: unknown = JSON.parse(await readFile(join(project, "package.json"), "utf8"));
    expect(manifest).toEqual({
      name: "consumer",
      version: "0.0.0",
      private: true,
      dependencies: { "@org/token": "file:/tmp/t/org-token-0.1.0.tgz", "@org/token-http": "file:/tmp/t/org-token-http-0.1.0.tgz", express: "5.3.0" },
      devDependencies: { typescript: "6.0.3" },
      overrides: { "@org/token": "$@org/token", "@org/token-http": "$@org/token-http" },
    });
    expect(await readFile(join(project, ".npmrc"), "utf8")).toBe("@org:registry=http://127.0.0.1:9/\nengine-strict=true\n");
    expect(await readFile(join(project, "esm", "package.json"), "utf8")).toContain('"type": "module"');
    expect(await readFile(join(project, "cjs", "package.json"), "utf8")).toContain('"type": "commonjs"');
    expect(await readFile(join(project, "cjs", "lib", "util.ts"), "utf8")).toBe("export {};\n");
    const tsconfig = JSON.parse(await readFile(join(project, "tsconfig.json"), "utf8")) as { compilerOptions: Record<string, unknown> };
    expect(tsconfig.compilerOptions).toMatchObject({ module: "nodenext", strict: true, skipLibCheck: false });
  });

  it("refuses a folder that is not empty", async () => {
    const project = join(dir, "busy");
    await mkdir(project);
    await writeFile(join(project, "x"), "");
    await expect(writeProject({ dir: project, packed: PACKED, dependencies: {}, devDependencies: {}, programs: await programs() })).rejects.toThrow(TypeError);
  });

  it("refuses a folder below a node_modules, where a missing dependency would go unnoticed", async () => {
    await mkdir(join(dir, "parent", "node_modules"), { recursive: true });
    const project = join(dir, "parent", "project");
    await mkdir(project);
    const written = writeProject({ dir: project, packed: PACKED, dependencies: {}, devDependencies: {}, programs: await programs() });
    await expect(written).rejects.toThrow(/node_modules above it/);
  });
});
