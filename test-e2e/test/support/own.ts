// A scenario file's own topology, for scenarios that stop a service or Redis, rotate keys or need
// an issuer setting: started before the file's tests, stopped after them (failed or not), its
// services' last log lines printed when a test fails. Not started against URLs, where those
// scenarios are skipped.
import { afterAll, beforeAll, beforeEach } from "vitest";
import { againstUrls } from "./env.js";
import { startLocal, type LocalOptions, type LocalTopology } from "./local.js";

/**
 * Registers the hooks and returns the topology's getter (it throws when none was started).
 *
 * @example
 * ```ts
 * const local = ownTopology({ env: { ACCESS_TOKEN_TTL: "4" } });
 * it.skipIf(againstUrls())("…", async () => { const { target } = local(); });
 * ```
 */
export function ownTopology(options: LocalOptions): () => LocalTopology {
  let local: LocalTopology | undefined;
  beforeAll(async () => {
    if (againstUrls()) return;
    local = await startLocal(options);
  });
  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => {
      if (local !== undefined) console.error(`service log, last lines:\n${local.log.tail()}`);
    });
  });
  afterAll(async () => {
    await local?.close();
  });
  return () => {
    if (local === undefined) throw new Error("no local topology: the scenario needs one (it is skipped against URLs)");
    return local;
  };
}
