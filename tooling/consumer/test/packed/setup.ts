// Once per run: build the publishable packages from an empty dist/, pack them into a temp
// folder outside the workspace, and hand the tarballs to the test files.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { cleanBuild, packAll } from "../../src/pack.js";
import type { Packed } from "../../src/pack.js";
import { PUBLISHABLE } from "../../src/workspace.js";

declare module "vitest" {
  export interface ProvidedContext {
    consumer: { root: string; work: string; packed: Packed[] };
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = resolve(import.meta.dirname, "../../../..");
  const work = await mkdtemp(join(tmpdir(), "org-consumer-"));
  const tarballs = join(work, "tarballs");
  await mkdir(tarballs);
  const started = performance.now();
  await cleanBuild(root, PUBLISHABLE);
  const built = performance.now();
  const packed = await packAll(root, PUBLISHABLE, tarballs);
  // Figures for the CI log (what this suite adds to a run), never asserted.
  console.log(`consumer: clean build ${seconds(built - started)}, pack ${seconds(performance.now() - built)}`);
  project.provide("consumer", { root, work, packed });
  return async () => {
    // CONSUMER_KEEP=1 keeps the tarballs and the project, to look at them after a failure.
    if (process.env.CONSUMER_KEEP === "1") console.log(`consumer: kept ${work}`);
    else await rm(work, { recursive: true, force: true });
  };
}
