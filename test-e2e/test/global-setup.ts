// Once per run, before any scenario file: the topology the scenarios share. Locally, one topology
// with revocation on (Redis), stopped when the run ends, failed or not; against URLs, a check that
// every service given is ready, so a wrong address fails here with one clear message.
import type { TestProject } from "vitest/node";
import { mode, type Target } from "./support/env.js";
import { startLocal } from "./support/local.js";
import { waitUntilReady } from "./support/readiness.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The topology the scenarios that do not disturb it share. */
    readonly target: Target;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const current = mode(); // throws, naming the missing variable, when the URLs are half set
  if (current.kind === "urls") {
    await waitUntilReady(current.target);
    project.provide("target", current.target);
    return () => Promise.resolve();
  }
  const local = await startLocal({ redis: "on" });
  project.provide("target", local.target);
  return () => local.close();
}
