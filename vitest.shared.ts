// Test settings every package shares; each package's vitest.config.ts spreads them.
// - The JSON report lets .ci/run total every package's passed and failed tests.
// - Generous timeouts: CI runs on 2 cores with several packages testing at once, and a
//   timeout there says nothing about the code. No test asserts on elapsed time.
export const sharedTestOptions = {
  reporters: ["default", ["json", { outputFile: "test-results.json" }]],
  testTimeout: 30_000,
  hookTimeout: 60_000,
} as const;
