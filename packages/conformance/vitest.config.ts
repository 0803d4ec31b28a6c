import { defineConfig } from "vitest/config";

// The JSON report lets .ci/run total every package's passed and failed tests.
// One topology is started for the whole run (beforeAll), hence the longer hook timeout.
export default defineConfig({
  test: {
    reporters: ["default", ["json", { outputFile: "test-results.json" }]],
    hookTimeout: 60_000,
  },
});
