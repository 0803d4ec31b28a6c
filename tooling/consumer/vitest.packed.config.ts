import { defineConfig } from "vitest/config";
import { sharedTestOptions } from "../../vitest.shared.js";

// Builds and packs the publishable packages once (global setup), then checks the tarballs and
// installs them into an empty project with npm. Its own report file, so that it does not
// overwrite the unit tests' test-results.json; .ci/run counts both.
export default defineConfig({
  test: {
    ...sharedTestOptions,
    include: ["test/packed/*.test.ts"],
    globalSetup: ["test/packed/setup.ts"],
    reporters: ["default", ["json", { outputFile: "packed-results.json" }]],
    // A cold npm cache downloads every third-party package; the install alone may take minutes.
    hookTimeout: 15 * 60_000,
    testTimeout: 5 * 60_000,
  },
});
