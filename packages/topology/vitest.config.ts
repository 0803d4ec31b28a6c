import { defineConfig } from "vitest/config";

// The JSON report lets .ci/run total every package's passed and failed tests.
// Tests start real service processes: on a loaded 2-core machine that can take seconds.
export default defineConfig({
  test: {
    reporters: ["default", ["json", { outputFile: "test-results.json" }]],
    testTimeout: 60_000,
  },
});
