import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The bin and the consumer tests run the compiled package.
    globalSetup: ["test/cli-global-setup.ts"],
    // Vitest's default, one worker less than the CPUs, is a single worker on 2 cores, where the
    // files that wait on promtool, Prometheus, npm and the bin then leave a core idle. One worker
    // more than the CPUs keeps both busy (measured on 2 cores: 2 workers 94 s, 3 workers 69 s, 4
    // workers 95 s, the consumer test starved).
    maxWorkers: availableParallelism() + 1,
    // promtool and Prometheus runs are real processes on a shared 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
