import { defineConfig } from "vitest/config";
import { sharedTestOptions } from "../../vitest.shared.js";

// The story test runs the whole demo (four services, Redis) as a child process: minutes on a loaded 2-core machine.
export default defineConfig({
  test: {
    ...sharedTestOptions,
    testTimeout: 240_000,
  },
});
