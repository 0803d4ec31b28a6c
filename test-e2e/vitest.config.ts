import { defineConfig } from "vitest/config";
import { sharedTestOptions } from "../vitest.shared.js";

export default defineConfig({
  test: {
    ...sharedTestOptions,
    // Starts the shared topology (or checks the given URLs) once for every scenario file.
    globalSetup: ["./test/global-setup.ts"],
    // One scenario file at a time: the shared topology must not see a logout of alice from one file
    // while another uses her session, and each topology of its own is five processes on two cores.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
