/**
 * `mixkit test`: every promtool test file the config builds, run by the real promtool in parallel
 * on a fresh copy of the rules (so it tests the config as it is now, written or not).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { writeArtifacts } from "../build/writer.js";
import { findPromtool, PromtoolMissingError } from "../testing/promtool.js";
import {
  CliError,
  configHelp,
  configOption,
  exitCode,
  helpHelp,
  helpOption,
  type Command,
} from "./command.js";
import { runTestFiles, type TestOutcome } from "./promtool-pool.js";
import { loadProject } from "./project.js";

function parallelism(value: string | undefined): number {
  if (value === undefined) return availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new CliError(
      `mixkit test: --parallel takes a whole number above 0, not ${String(value)}`,
    );
  return n;
}

function outcomeLines(file: string, outcome: TestOutcome): string[] {
  if (outcome.ok) return [`  ok      ${file}`];
  const details =
    outcome.error !== undefined
      ? [outcome.error]
      : outcome.failures.length > 0
        ? outcome.failures
        : [outcome.output.trim()];
  return [
    `  FAILED  ${file}`,
    ...details.flatMap((d) => d.split("\n")).map((line) => `      ${line.trimEnd()}`),
  ];
}

export const testCommand: Command = {
  name: "test",
  summary: "run every promtool test of the build with the real promtool",
  help: `Usage: mixkit test [--config FILE] [--parallel N]

Builds the project in memory, writes its rules and promtool tests into a temporary
folder and runs \`promtool test rules\` on every test file, in parallel. Prints each
file's result and, for a failure, promtool's report of the failing test, alert
and assertion. Exits 1 when a test fails. Needs promtool on PATH (or $PROMTOOL).

Options:
${configHelp}
  -j, --parallel N   test files run at once (default: the number of CPUs)
${helpHelp}`,
  options: { ...configOption, ...helpOption, parallel: { type: "string", short: "j" } },
  async run(values, io) {
    const parallel = parallelism(values["parallel"] as string | undefined);
    try {
      findPromtool();
    } catch (err) {
      if (err instanceof PromtoolMissingError) throw new CliError(`mixkit test: ${err.message}`);
      throw err;
    }
    const project = await loadProject(io, values);
    const tests = project.build.mixins.flatMap((m) => m.testFile ?? []);
    if (tests.length === 0) {
      io.out(`mixkit test: nothing to test, ${project.config} has no rule groups`);
      return exitCode.ok;
    }
    const dir = mkdtempSync(path.join(tmpdir(), "mixkit-test-"));
    try {
      const rules = [...project.build.files].filter(([rel]) => rel.startsWith("rules/"));
      writeArtifacts(dir, new Map(rules));
      let done = 0;
      let failed = 0;
      io.status?.(`mixkit test: 0/${tests.length} test files`);
      const outcomes = await runTestFiles(
        tests.map((t) => path.join(dir, t)),
        parallel,
        (_, outcome) => {
          done++;
          if (!outcome.ok) failed++;
          io.status?.(
            `mixkit test: ${done}/${tests.length} test files${failed > 0 ? `, ${failed} failed` : ""}`,
          );
        },
      );
      io.status?.("");
      const passed = outcomes.filter((o) => o.ok).length;
      io.out(
        [
          ...tests.flatMap((file, i) => outcomeLines(file, outcomes[i] as TestOutcome)),
          `mixkit test: ${tests.length} test file${tests.length === 1 ? "" : "s"}, ${passed} passed, ${tests.length - passed} failed`,
        ].join("\n"),
      );
      return passed === tests.length ? exitCode.ok : exitCode.failed;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
