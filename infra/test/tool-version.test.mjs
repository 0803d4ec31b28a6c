// tool-version.mjs run as the image build runs it, in a directory holding the files it reads.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("../tool-version.mjs", import.meta.url));

/**
 * Runs the script in a fresh directory with these files; returns exit code and stdout.
 *
 * @param {string} tool
 * @param {Record<string, string>} files
 */
function run(tool, files) {
  const dir = mkdtempSync(join(tmpdir(), "tool-version-"));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const result = spawnSync(process.execPath, [SCRIPT, tool], { cwd: dir, encoding: "utf8" });
    return { code: result.status, out: result.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const LOCKFILE = `lockfileVersion: '9.0'
importers:
  .:
    devDependencies:
      turbo:
        specifier: 'catalog:'
        version: 2.11.11
packages:
  '@turbo/linux-64@2.11.11':
    resolution: {integrity: sha512-x}
  turbo@2.11.11:
    resolution: {integrity: sha512-y}
`;

describe("tool-version", () => {
  test("turbo: the version the lockfile resolved", () => {
    assert.deepEqual(run("turbo", { "pnpm-lock.yaml": LOCKFILE }), { code: 0, out: "2.11.11" });
  });

  test("pnpm: packageManager, with or without its hash", () => {
    for (const field of ["pnpm@10.34.9", "pnpm@10.34.9+sha512.abcdef"]) {
      assert.deepEqual(run("pnpm", { "package.json": JSON.stringify({ packageManager: field }) }), { code: 0, out: "10.34.9" });
    }
  });

  /** @type {[string, Record<string, string>][]} */
  const unpinned = [
    ["turbo", { "pnpm-lock.yaml": "lockfileVersion: '9.0'\n" }],
    ["turbo", { "pnpm-lock.yaml": "packages:\n  turbo@latest:\n" }],
    ["pnpm", { "package.json": JSON.stringify({ packageManager: "pnpm@latest" }) }],
    ["pnpm", { "package.json": JSON.stringify({ packageManager: "yarn@4.0.0" }) }],
    ["pnpm", { "package.json": JSON.stringify({ name: "x" }) }],
    ["pnpm", { "package.json": "[]" }],
  ];
  for (const [tool, files] of unpinned) {
    test(`${tool}: exit 1 without an exact pin (${Object.values(files)[0]?.trim().slice(0, 40)})`, () => {
      assert.deepEqual(run(tool, files), { code: 1, out: "" });
    });
  }

  test("an unknown tool is a usage error", () => {
    assert.equal(run("npm", {}).code, 2);
  });
});
