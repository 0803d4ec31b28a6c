#!/usr/bin/env node
// Prints the exact version the repository pins for a build tool, so an image build installs
// the same one the repository runs: turbo from pnpm-lock.yaml, pnpm from packageManager.
// Usage (from the repository root): node infra/tool-version.mjs turbo|pnpm
import { readFileSync } from "node:fs";

const VERSION = /^[0-9]+\.[0-9]+\.[0-9]+$/;

function turbo() {
  // The lockfile's packages section has one line `  turbo@<version>:` per resolved version.
  const match = /^ {2}turbo@([^:(\s]+):$/m.exec(readFileSync("pnpm-lock.yaml", "utf8"));
  return match?.[1];
}

/**
 * @param {string} text
 * @returns {unknown}
 */
function parseJson(text) {
  return JSON.parse(text);
}

function pnpm() {
  const manifest = parseJson(readFileSync("package.json", "utf8"));
  const field =
    typeof manifest === "object" && manifest !== null && "packageManager" in manifest ? manifest.packageManager : undefined;
  // "pnpm@10.34.9" or "pnpm@10.34.9+sha512.…"
  const match = typeof field === "string" ? /^pnpm@([^+]+)/.exec(field) : null;
  return match?.[1];
}

const tools = { turbo, pnpm };
const name = process.argv[2];
const find = name === "turbo" || name === "pnpm" ? tools[name] : undefined;
if (find === undefined) {
  process.stderr.write("usage: node infra/tool-version.mjs turbo|pnpm\n");
  process.exit(2);
}
const version = find();
if (version === undefined || !VERSION.test(version)) {
  process.stderr.write(`tool-version: no exact ${name} version pinned\n`);
  process.exit(1);
}
process.stdout.write(version);
