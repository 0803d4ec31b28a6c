import { defineConfig } from "vitest/config";
import { sharedTestOptions } from "../../vitest.shared.js";

// Tests start real service processes: on a loaded 2-core machine that can take seconds.
export default defineConfig({
  test: {
    ...sharedTestOptions,
    testTimeout: 60_000,
  },
});
