/** Runs promtool test files in parallel, a worker thread each, at most `parallel` at a time. */
import { Worker } from "node:worker_threads";

export interface TestOutcome {
  readonly ok: boolean;
  /** promtool's FAILED blocks: which test, which alert or expression, expected and got. */
  readonly failures: readonly string[];
  readonly output: string;
  /** Why promtool could not run the file at all. */
  readonly error?: string;
}

function runOne(file: string): Promise<TestOutcome> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL("./promtool-worker.js", import.meta.url), {
      workerData: { file },
    });
    let settled = false;
    const settle = (outcome: TestOutcome) => {
      if (!settled) resolve(outcome);
      settled = true;
    };
    worker.once("message", (outcome: TestOutcome) => settle(outcome));
    worker.once("error", (err) =>
      settle({ ok: false, failures: [], output: "", error: err.message }),
    );
    worker.once("exit", (code) =>
      settle({ ok: false, failures: [], output: "", error: `the test worker exited with ${code}` }),
    );
  });
}

/** Outcomes in the order of `files`; `onDone` is called as each one finishes. */
export async function runTestFiles(
  files: readonly string[],
  parallel: number,
  onDone: (file: string, outcome: TestOutcome) => void,
): Promise<TestOutcome[]> {
  const outcomes: TestOutcome[] = new Array<TestOutcome>(files.length);
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const index = next++;
      const file = files[index] as string;
      const outcome = await runOne(file);
      outcomes[index] = outcome;
      onDone(file, outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, files.length)) }, lane));
  return outcomes;
}
