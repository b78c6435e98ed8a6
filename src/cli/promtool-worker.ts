/**
 * Runs one promtool test file off the main thread: testRules is synchronous, so workers are what lets
 * `mixkit test` run several files at once with the library's own runner and failure parsing.
 */
import { parentPort, workerData } from "node:worker_threads";
import { testRules } from "../testing/promtool.js";
import type { TestOutcome } from "./promtool-pool.js";

function outcome(file: string): TestOutcome {
  try {
    const r = testRules(file);
    return { ok: r.ok, failures: r.failures, output: r.output };
  } catch (err) {
    return { ok: false, failures: [], output: "", error: (err as Error).message };
  }
}

parentPort?.postMessage(outcome((workerData as { file: string }).file));
