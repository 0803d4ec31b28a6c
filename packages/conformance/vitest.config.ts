import { defineConfig } from "vitest/config";
import { sharedTestOptions } from "../../vitest.shared.js";

// One topology is started for the whole run (beforeAll), hence the longer hook timeout.
export default defineConfig({
  test: {
    ...sharedTestOptions,
    hookTimeout: 60_000,
  },
});
