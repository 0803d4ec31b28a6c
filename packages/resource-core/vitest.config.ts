import { defineConfig } from "vitest/config";

// The JSON report lets .ci/run total every package's passed and failed tests.
export default defineConfig({
  test: { reporters: ["default", ["json", { outputFile: "test-results.json" }]] },
});
