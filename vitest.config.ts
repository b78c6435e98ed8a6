import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The bin and the consumer tests run the compiled package.
    globalSetup: ["test/cli-global-setup.ts"],
    // promtool and Prometheus runs are real processes on a shared 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
