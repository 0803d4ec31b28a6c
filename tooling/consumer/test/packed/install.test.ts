// An empty project outside the workspace installs the tarballs with npm and uses them from
// there: Express, Koa and gRPC routes protected, @org/client logging in and calling both, as
// ESM and as CommonJS on plain `node`, type-checked against the packed declarations.
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { isThirdParty, tscDiagnostics } from "../../src/diagnostics.js";
import {
  FORMATS,
  installProject,
  installedFromTarballs,
  installedVersions,
  runProgram,
  typecheckProject,
  writeProject,
} from "../../src/project.js";
import { describeRun, type RunResult } from "../../src/run.js";

const { root, work, packed } = inject("consumer");
const dir = join(work, "project");
const here = join(root, "tooling", "consumer");
// The workspace's own versions (this package's devDependencies, from the catalog).
const RUNTIME = ["express", "koa", "@grpc/grpc-js"];
const TYPES = ["typescript", "@types/node", "@types/express", "@types/koa"];

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

let install: RunResult;
let tsc: RunResult | undefined;

beforeAll(async () => {
  await mkdir(dir);
  await writeProject({
    dir,
    packed,
    dependencies: await installedVersions(here, RUNTIME),
    devDependencies: await installedVersions(here, TYPES),
    programs: join(here, "programs"),
  });
  const started = performance.now();
  install = await installProject(dir);
  const installed = performance.now();
  if (install.code === 0) tsc = await typecheckProject(dir);
  // Figures for the CI log, never asserted.
  console.log(`consumer: npm install ${seconds(installed - started)}, tsc ${seconds(performance.now() - installed)}`);
});

/** The one JSON line a program reports on stdout; it must have printed nothing on stderr. */
function reported(result: RunResult): unknown {
  expect(result.code, describeRun(result)).toBe(0);
  expect(result.stderr).toBe("");
  const line = result.stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line);
}

it("npm installs the tarballs, and their third-party dependencies from the registry", () => {
  expect(install.code, describeRun(install)).toBe(0);
});

it("takes each of our packages from its tarball, once, never from a registry", async () => {
  const lock: unknown = JSON.parse(await readFile(join(dir, "package-lock.json"), "utf8"));
  expect(installedFromTarballs(lock, packed, dir)).toEqual([]);
});

it("type-checks the programs and every packed declaration, as ESM and as CommonJS", () => {
  expect(tsc, "tsc did not run: the install failed").toBeDefined();
  if (tsc === undefined) return;
  expect(tsc.code, describeRun(tsc)).not.toBeNull();
  // Errors of third-party declarations are a consumer's lot too (see the README); none may be ours.
  const ours = tscDiagnostics(tsc.stdout).filter((diagnostic) => !isThirdParty(diagnostic));
  expect(ours).toEqual([]);
  if (tsc.code !== 0) expect(tscDiagnostics(tsc.stdout).length, describeRun(tsc)).toBeGreaterThan(0);
});

describe.each(FORMATS)("%s", (format) => {
  it(format === "esm" ? "is compiled to import statements" : "is compiled to require() calls", async () => {
    const code = await readFile(join(dir, format, "lib", "express-app.js"), "utf8");
    if (format === "esm") {
      expect(code).toContain('from "@org/token-express"');
      expect(code).not.toContain("require(");
    } else {
      expect(code).toContain('require("@org/token-express")');
      expect(code).not.toMatch(/^import /m);
    }
  });

  it("Express: 200 with a token, 401 and the bare challenge without", async () => {
    expect(reported(await runProgram(dir, format, "express"))).toEqual({
      withToken: { status: 200, sub: "alice" },
      without: { status: 401, challenge: 'Bearer realm="consumer"' },
    });
  });

  it("Koa: 200 with a token, 401 and the bare challenge without", async () => {
    expect(reported(await runProgram(dir, format, "koa"))).toEqual({
      withToken: { status: 200, sub: "alice" },
      without: { status: 401, challenge: 'Bearer realm="consumer"' },
    });
  });

  it("gRPC: OK with a token, UNAUTHENTICATED without", async () => {
    expect(reported(await runProgram(dir, format, "grpc"))).toEqual({ withToken: { code: 0, sub: "alice" }, without: { code: 16 } });
  });

  it("@org/client: logs in, then client.fetch and callCredentials are let through", async () => {
    expect(reported(await runProgram(dir, format, "client"))).toEqual({
      fetch: { status: 200, body: { sub: "reporting-job" } },
      grpc: { code: 0, sub: "reporting-job" },
    });
  });
});

it("require() of the ESM packages needs no flag and prints no warning (Node >= 20.19)", async () => {
  const code = await readFile(join(dir, "cjs", "client.js"), "utf8");
  expect(code).toContain('require("@org/client/grpc")');
  const result = await runProgram(dir, "cjs", "client");
  expect(result.code, describeRun(result)).toBe(0);
  expect(result.stderr).not.toMatch(/ExperimentalWarning|experimental-require-module/);
  expect(result.stderr).toBe("");
});
