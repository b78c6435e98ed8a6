/**
 * `mixkit test`: every promtool test file the config builds, run by the real promtool in parallel
 * on a fresh copy of the rules (so it tests the config as it is now, written or not).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { failedTestGroups, testGroupLocations } from "../generate/locate.js";
import type { ProjectBuild } from "../generate/project.js";
import { writeArtifacts } from "../generate/writer.js";
import { parseDurationMs } from "../promql/duration.js";
import { emitRuleFile } from "../rules/emit.js";
import { groupIntervalsHeld } from "../testing/group-intervals.js";
import { parseDocument } from "yaml";
import { findPromtool, PromtoolMissingError } from "../testing/promtool.js";
import {
  CliError,
  configHelp,
  configOption,
  exitCode,
  formatHelp,
  formatOption,
  helpHelp,
  helpOption,
  reportFormat,
  reportingErrors,
  type Command,
  type Values,
} from "./command.js";
import type { Io } from "./io.js";
import { mutationReport } from "./mutate.js";
import { runTestFiles, type TestOutcome } from "./promtool-pool.js";
import { loadProject, type LoadedProject } from "./project.js";
import {
  annotation,
  annotationPath,
  jsonReport,
  reportText,
  watchRoundLine,
  type CommandReport,
  type ReportFormat,
} from "./report-format.js";
import { watchHelp, watchOption, watchProject, watchedFormat } from "./watch.js";

function parallelism(value: string | undefined): number {
  // One more than the CPUs: a promtool process spends part of its life starting and reading, and
  // a third one at a time on 2 cores took the suite from about 3.5 s to 2.8 s.
  if (value === undefined) return availableParallelism() + 1;
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

/** One failure of a test file: promtool's report, and the test group it names, where it is. */
interface TestFailure {
  readonly test?: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/**
 * Why a failing scenario may fail on purpose: it expects a rule the config's `overrides` patched in
 * what it judges (`for`, `keepFiringFor`, `expr`), and was written for the rule as shipped.
 */
function overrideNotes(build: LoadedProject["build"]): Map<string, string> {
  const notes = new Map<string, string>();
  for (const m of build.mixins)
    for (const o of m.overrides) {
      const judged = o.fields.filter((f) => ["for", "keepFiringFor", "expr"].includes(f));
      if (judged.length === 0) continue;
      for (const s of m.scenarios)
        if (s.expect.some((e) => e.kind !== "samples" && e.alert.name === o.rule))
          notes.set(
            s.name,
            `${m.at}.overrides patches ${o.rule} (${judged.join(", ")}); the scenario is written for the rule as shipped (where the mixin has an option for it, set that instead: the scenarios follow it)`,
          );
    }
  return notes;
}

/** A test file's failures, each placed at its test group's `name:` line in `text` when it can be. */
function testFailures(
  outcome: TestOutcome,
  text: string,
  notes: ReadonlyMap<string, string> = new Map(),
): TestFailure[] {
  if (outcome.ok) return [];
  if (outcome.error !== undefined) return [{ message: outcome.error }];
  if (outcome.failures.length === 0) return [{ message: outcome.output.trim() }];
  const groups = failedTestGroups(testGroupLocations(text), outcome.failures);
  return outcome.failures.map((block, i) => {
    const message = block
      .split("\n")
      .map((line) => line.trimEnd())
      .join("\n");
    const group = groups[i];
    if (group === undefined) return { message };
    const note = notes.get(group.name);
    return {
      test: group.name,
      line: group.line,
      column: group.column,
      message: note === undefined ? message : `${message}\n(${note})`,
    };
  });
}

export const testCommand: Command = {
  name: "test",
  help: `Usage: mixkit test [--config FILE] [--parallel N] [--format text|json|github]
       mixkit test --mutate [--mixin NAME] [--config FILE] [--parallel N] [--format ...]

Builds the project in memory, writes its rules and promtool tests into a temporary
folder and runs \`promtool test rules\` on every test file, in parallel. Prints each
file's result and, for a failure, promtool's report of the failing test, alert
and assertion. Exits 1 when a test fails. Needs promtool on PATH (or $PROMTOOL).

With --mutate, makes small wrong versions of every rule (a min for a max, a
threshold off by ten, a matcher dropped, a shorter \`for\`...), runs the scenarios
that concern each, and reports the mutants no scenario noticed, each with the
change and a hint of the scenario that would. Exits 1 when the share killed is
below the config's mutationScore. A rule silences an equivalent mutant with
\`silence: [{ check: "mutant: <operator>", reason }]\`.

Options:
${configHelp}
  -j, --parallel N   test files run at once (default: the number of CPUs + 1)
      --mutate       mutation testing of the rules (see above)
      --mixin NAME   with --mutate: only this mixin
${formatHelp}
                     json: {"files": [{"file", "ok", "failures": [{"test",
                     "line", "column", "message"}]}], ...}, files in the output folder
${watchHelp}
${helpHelp}`,
  options: {
    ...configOption,
    ...helpOption,
    ...formatOption,
    ...watchOption,
    parallel: { type: "string", short: "j" },
    mutate: { type: "boolean" },
    mixin: { type: "string" },
  },
  async run(values, io) {
    const format = reportFormat("test", values);
    if (values["mixin"] !== undefined && values["mutate"] !== true)
      throw new CliError("mixkit test: --mixin goes with --mutate");
    if (values["mutate"] === true) {
      if (values["watch"] === true)
        throw new CliError("mixkit test: --mutate runs once; leave out --watch");
      return reportingErrors("test", format, io, async () => {
        const parallel = checkedParallelism(values);
        const project = await loadProject(io, values);
        const only = values["mixin"] as string | undefined;
        const report = await mutationReport(project, io, format, parallel, only);
        io.out(reportText(report));
        return report.code;
      });
    }
    if (values["watch"] === true) {
      watchedFormat("test", format);
      const parallel = checkedParallelism(values);
      return watchProject(io, values, "test", async (project) => {
        return watchRoundLine(await testReport(project, io, format, parallel), io.out);
      });
    }
    return reportingErrors("test", format, io, () => runTests(values, io, format));
  },
};

/** `--parallel`, and promtool found: what a run needs before it builds anything. */
function checkedParallelism(values: Values): number {
  const parallel = parallelism(values["parallel"] as string | undefined);
  try {
    findPromtool();
  } catch (err) {
    if (err instanceof PromtoolMissingError) throw new CliError(`mixkit test: ${err.message}`);
    throw err;
  }
  return parallel;
}

async function runTests(values: Values, io: Io, format: ReportFormat): Promise<number> {
  const parallel = checkedParallelism(values);
  const project = await loadProject(io, values);
  const report = await testReport(project, io, format, parallel);
  io.out(reportText(report));
  return report.code;
}

/**
 * For each test file whose mixin has a group slower than the file's evaluation interval: the rule
 * file with those groups held at their interval (see groupIntervalsHeld) and the test file
 * pointed at it, as `<name>.rules.group-intervals.yaml` and `...group-intervals.test.yaml`.
 */
function heldGroupTests(build: ProjectBuild): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of build.mixins) {
    if (m.ruleFile === undefined) continue;
    for (const testFile of m.testFiles) {
      const doc = parseDocument(build.files.get(testFile) ?? "");
      const interval = String(doc.get("evaluation_interval") ?? "1m");
      const groups = groupIntervalsHeld(m.groups, parseDurationMs(interval));
      if (groups === undefined) continue;
      const base = testFile.replace(/\.test\.yaml$/, "");
      const heldRules = `${base}.group-intervals.yaml`;
      out.set(heldRules, emitRuleFile(groups));
      doc.set("rule_files", [path.posix.basename(heldRules)]);
      out.set(`${base}.group-intervals.test.yaml`, doc.toString({ lineWidth: 0 }));
    }
  }
  return out;
}

/** Runs every test file of the project's build with promtool and reports as `format` asks. */
async function testReport(
  project: LoadedProject,
  io: Io,
  format: ReportFormat,
  parallel: number,
): Promise<CommandReport> {
  const tests = [
    ...project.build.mixins.flatMap((m) => m.testFiles),
    ...project.build.analysisTestFiles,
  ];
  if (tests.length === 0) {
    const nothing = `mixkit test: nothing to test, ${project.config} has no rule groups or analysis checks`;
    return format === "json"
      ? {
          details: [
            jsonReport({
              config: project.config,
              out: project.out,
              files: [],
              passed: 0,
              failed: 0,
            }),
          ],
          code: exitCode.ok,
        }
      : { details: [], summary: nothing, code: exitCode.ok };
  }
  const dir = mkdtempSync(path.join(tmpdir(), "mixkit-test-"));
  try {
    const rules = [...project.build.files].filter(
      ([rel]) => rel.startsWith("rules/") || rel.startsWith("analysis/"),
    );
    // The same scenarios again with each slower group's results held between its evaluations.
    const held = heldGroupTests(project.build);
    writeArtifacts(dir, new Map([...rules, ...held]));
    tests.push(...[...held.keys()].filter((f) => f.endsWith(".test.yaml")));
    const textOf = (file: string) => project.build.files.get(file) ?? held.get(file) ?? "";
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
    const summary = `mixkit test: ${tests.length} test file${tests.length === 1 ? "" : "s"}, ${passed} passed, ${tests.length - passed} failed`;
    const notes = overrideNotes(project.build);
    const failures = tests.map((file, i) =>
      testFailures(outcomes[i] as TestOutcome, textOf(file), notes),
    );
    const code = passed === tests.length ? exitCode.ok : exitCode.failed;
    if (format === "json")
      return {
        details: [
          jsonReport({
            config: project.config,
            out: project.out,
            files: tests.map((file, i) => ({
              file,
              ok: (outcomes[i] as TestOutcome).ok,
              failures: failures[i],
            })),
            passed,
            failed: tests.length - passed,
          }),
        ],
        code,
      };
    if (format === "github")
      return {
        details: tests.flatMap((file, i) =>
          (failures[i] ?? []).map((f) =>
            annotation({
              level: "error",
              file: annotationPath(io.cwd, path.join(project.outDir, file)),
              line: f.line,
              col: f.column,
              title: f.test === undefined ? "mixkit test" : `mixkit test: ${f.test}`,
              message: f.message,
            }),
          ),
        ),
        summary,
        code,
      };
    return {
      details: tests.flatMap((file, i) => [
        ...outcomeLines(file, outcomes[i] as TestOutcome),
        ...[...new Set((failures[i] ?? []).map((f) => f.test))].flatMap((test) => {
          const note = test === undefined ? undefined : notes.get(test);
          return note === undefined ? [] : [`      note: "${test}": ${note}`];
        }),
      ]),
      summary,
      code,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
