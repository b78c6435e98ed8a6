/** `mixkit lint`: every rule and dashboard lint finding of the build, as text, JSON or annotations. */
import path from "node:path";
import { lintProject, type ProjectLintFinding } from "../build/lint.js";
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
import { loadProject } from "./project.js";
import { annotation, annotationPath, jsonReport } from "./report-format.js";

/** Where in its file (as the file's object path, and the dashboard's JSON path) and what. */
function finding(f: ProjectLintFinding): string {
  const path = f.path === undefined ? "" : ` (${f.path})`;
  return `${f.where}${path}: ${f.message}`;
}

export const lintCommand: Command = {
  name: "lint",
  summary: "report every rule and dashboard lint finding",
  help: `Usage: mixkit lint [--config FILE] [--format text|json|github]

Lints the rule groups of every mixin (rate windows against the scrape interval,
summaries, descriptions, runbook links, group sizes, the cluster label) and all
dashboards together (data sources, variables, units, queries, links). Each
finding names the generated file, where in it, and the check. A rule or panel
may silence a check with a reason. Exits 1 when there is a finding.

Options:
${configHelp}
${formatHelp}
                     json: {"findings": [...], "silenced": N}, each finding with
                     its file (in the output folder), line and column
${helpHelp}`,
  options: { ...configOption, ...helpOption, ...formatOption },
  async run(values, io) {
    const format = reportFormat("lint", values);
    return reportingErrors("lint", format, io, async () => {
      const project = await loadProject(io, values);
      const { findings, silenced } = lintProject(project.build);
      const inCwd = (file: string) => annotationPath(io.cwd, path.join(project.outDir, file));
      const summary =
        `mixkit lint: ${findings.length} finding${findings.length === 1 ? "" : "s"} in ${project.config}` +
        (silenced > 0 ? ` (${silenced} silenced with a reason)` : "");
      if (format === "json") io.out(jsonReport({ findings, silenced }));
      else if (format === "github")
        io.out(
          [
            ...findings.map((f) =>
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
          ].join("\n"),
        );
      else
        io.out(
          [...findings.map((f) => `${f.file}: ${finding(f)} [${f.check}]`), summary].join("\n"),
        );
      return findings.length === 0 ? exitCode.ok : exitCode.failed;
    });
  },
};
