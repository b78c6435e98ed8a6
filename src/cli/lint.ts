/** `mixkit lint`: every rule and dashboard lint finding of the build, as text, JSON or annotations. */
import path from "node:path";
import { lintProject, type ProjectLintFinding } from "../generate/lint.js";
import {
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
} from "./command.js";
import type { Io } from "./io.js";
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

/** Where in its file (as the file's object path, and the dashboard's JSON path) and what. */
function finding(f: ProjectLintFinding): string {
  const path = f.path === undefined ? "" : ` (${f.path})`;
  return `${f.where}${path}: ${f.message}`;
}

export const lintCommand: Command = {
  name: "lint",
  help: `Usage: mixkit lint [--config FILE] [--format text|json|github] [--silenced]

Lints the rule groups of every mixin (rate windows against the scrape interval,
summaries, descriptions, runbook links, group sizes, the cluster label) and all
dashboards together (data sources, variables, units, queries, links), and
each shipped mixin whose config leaves runbookBaseUrl or grafanaUrl unset. Each
finding names the generated file, where in it, and the check. A rule or panel
may silence a check with a reason, and the config's lint.silence the unset
URLs. Exits 1 when there is a finding.

Options:
${configHelp}
${formatHelp}
                     json: {"findings": [...], "silenced": N, "silencedFindings":
                     [...]}, each finding with its file (in the output folder),
                     line and column, a silenced one with its reason
  -s, --silenced     also list the findings silenced with a reason (text), each
                     with the reason; they do not fail the command
${watchHelp}
${helpHelp}`,
  options: {
    ...configOption,
    ...helpOption,
    ...formatOption,
    ...watchOption,
    silenced: { type: "boolean", short: "s" },
  },
  async run(values, io) {
    const format = reportFormat("lint", values);
    if (values["watch"] === true) {
      watchedFormat("lint", format);
      return watchProject(io, values, "lint", async (project) => {
        return watchRoundLine(lintReport(project, format, io, values["silenced"] === true), io.out);
      });
    }
    return reportingErrors("lint", format, io, async () => {
      const project = await loadProject(io, values);
      const report = lintReport(project, format, io, values["silenced"] === true);
      io.out(reportText(report));
      return report.code;
    });
  },
};

/** The findings as `format` asks, the summary line after them, and the exit code. */
function lintReport(
  project: LoadedProject,
  format: ReportFormat,
  io: Io,
  listSilenced: boolean,
): CommandReport {
  const { findings, silenced, silencedFindings } = lintProject(project.build);
  const inCwd = (file: string) => annotationPath(io.cwd, path.join(project.outDir, file));
  const summary =
    `mixkit lint: ${findings.length} finding${findings.length === 1 ? "" : "s"} in ${project.config}` +
    (silenced > 0
      ? ` (${silenced} silenced with a reason${listSilenced ? "" : "; --silenced lists them"})`
      : "");
  const code = findings.length === 0 ? exitCode.ok : exitCode.failed;
  if (format === "json")
    return { details: [jsonReport({ findings, silenced, silencedFindings })], code };
  if (format === "github")
    return {
      details: findings.map((f) =>
        annotation({
          level: "error",
          file: f.file === "" ? undefined : inCwd(f.file),
          line: f.line,
          col: f.column,
          title: `mixkit lint: ${f.check}`,
          message: finding(f),
        }),
      ),
      summary,
      code,
    };
  const shown = listSilenced
    ? silencedFindings.map((f) => `${f.file}: ${finding(f)} [${f.check}] silenced: ${f.reason}`)
    : [];
  return {
    details: [...findings.map((f) => `${f.file}: ${finding(f)} [${f.check}]`), ...shown],
    summary,
    code,
  };
}
