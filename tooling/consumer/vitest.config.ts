import { defineConfig } from "vitest/config";
import { sharedTestOptions } from "../../vitest.shared.js";

// The checks themselves, on files made by the tests: seconds, no network. The packed suite
// (build, pack, npm install) is test/packed, run by `test:packed` after `pnpm test` in CI.
export default defineConfig({
  test: {
    ...sharedTestOptions,
    include: ["test/*.test.ts"],
  },
});
