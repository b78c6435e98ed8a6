/** Runs promtool test files in parallel, at most `parallel` promtool processes at a time. */
import { testRulesAsync } from "../testing/promtool.js";

export interface TestOutcome {
  readonly ok: boolean;
  /** promtool's FAILED blocks: which test, which alert or expression, expected and got. */
  readonly failures: readonly string[];
  readonly output: string;
  /** Why promtool could not run the file at all. */
  readonly error?: string;
}

async function runOne(file: string): Promise<TestOutcome> {
  try {
    const r = await testRulesAsync(file);
    return { ok: r.ok, failures: r.failures, output: r.output };
  } catch (err) {
    return { ok: false, failures: [], output: "", error: (err as Error).message };
  }
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
