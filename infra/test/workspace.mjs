// A require() that resolves from inside a workspace package, found by its name, so a test can use
// that package's own dependencies (pnpm gives infra/ none) without knowing where the package lives.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The folders pnpm-workspace.yaml lists as `- dir/*`. */
function workspaceFolders() {
  const text = readFileSync(join(ROOT, "pnpm-workspace.yaml"), "utf8");
  return [...text.matchAll(/^\s+-\s+["']?([\w.-]+)\/\*["']?\s*$/gm)].map((match) => match[1] ?? "");
}

/**
 * @param {string} text
 * @returns {unknown}
 */
function parseJson(text) {
  return JSON.parse(text);
}

/**
 * @param {string} name a workspace package name, e.g. "@org/grpc-resource"
 * @returns {(id: string) => unknown}
 * @example
 * const grpc = workspaceRequire("@org/grpc-resource")("@grpc/grpc-js");
 */
export function workspaceRequire(name) {
  for (const folder of workspaceFolders()) {
    let entries;
    try {
      entries = readdirSync(join(ROOT, folder), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const manifest = join(ROOT, folder, entry.name, "package.json");
      /** @type {unknown} */
      let parsed;
      try {
        parsed = parseJson(readFileSync(manifest, "utf8"));
      } catch {
        continue;
      }
      if (typeof parsed === "object" && parsed !== null && "name" in parsed && parsed.name === name) {
        return createRequire(manifest);
      }
    }
  }
  throw new Error(`workspace package ${name} not found (run pnpm install at the repository root)`);
}
