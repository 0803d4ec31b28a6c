// The publishable packages and the repository facts they are checked against.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Expectations } from "./checks/expectations.js";

/**
 * The packages others install, as folders of the workspace. Nothing is published from here
 * (each stays `"private": true`); these are the ones made fit to be.
 *
 * @example
 * ```ts
 * PUBLISHABLE.includes("packages/token"); // true
 * ```
 */
export const PUBLISHABLE: readonly string[] = Object.freeze([
  "packages/token",
  "packages/token-http",
  "packages/token-express",
  "packages/token-koa",
  "packages/token-grpc",
  "packages/client",
]);

async function readJson(path: string): Promise<Record<string, unknown>> {
  const value: unknown = JSON.parse(await readFile(path, "utf8"));
  if (typeof value !== "object" || value === null) throw new TypeError(`${path}: not a JSON object`);
  return value as Record<string, unknown>;
}

/**
 * The repository's LICENSE, root `engines.node` and the publishable packages' versions.
 * Throws TypeError when the root manifest has no `engines.node` or a package no name or version.
 *
 * @example
 * ```ts
 * const expected = await repositoryExpectations("/work/repo");
 * ```
 */
export async function repositoryExpectations(root: string, dirs: readonly string[] = PUBLISHABLE): Promise<Expectations> {
  const rootManifest = await readJson(join(root, "package.json"));
  const engines = (rootManifest.engines as Record<string, unknown> | undefined)?.node;
  if (typeof engines !== "string") throw new TypeError("the root package.json has no engines.node");
  const versions = new Map<string, string>();
  for (const dir of dirs) {
    const { name, version } = await readJson(join(root, dir, "package.json"));
    if (typeof name !== "string" || typeof version !== "string") throw new TypeError(`${dir}: no name or version`);
    versions.set(name, version);
  }
  return { license: await readFile(join(root, "LICENSE")), engines, versions };
}
