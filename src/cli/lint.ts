/** `mixkit lint`: every rule and dashboard lint finding of the build, as text or JSON. */
import { lintProject, type ProjectLintFinding } from "../build/lint.js";
import {
  CliError,
  configHelp,
  configOption,
  exitCode,
  helpHelp,
  helpOption,
  type Command,
} from "./command.js";
import { loadProject } from "./project.js";

function textLine(f: ProjectLintFinding): string {
  const path = f.path === undefined ? "" : ` (${f.path})`;
  return `${f.file}: ${f.where}${path}: ${f.message} [${f.check}]`;
}

export const lintCommand: Command = {
  name: "lint",
  summary: "report every rule and dashboard lint finding",
  help: `Usage: mixkit lint [--config FILE] [--format text|json]

Lints the rule groups of every mixin (rate windows against the scrape interval,
summaries, descriptions, runbook links, group sizes, the cluster label) and all
dashboards together (data sources, variables, units, queries, links). Each
finding names the generated file, where in it, and the check. A rule or panel
may silence a check with a reason. Exits 1 when there is a finding.

Options:
${configHelp}
  -f, --format F     text (default) or json: {"findings": [...], "silenced": N}
${helpHelp}`,
  options: { ...configOption, ...helpOption, format: { type: "string", short: "f" } },
  async run(values, io) {
    const format = values["format"] ?? "text";
    if (format !== "text" && format !== "json")
      throw new CliError(`mixkit lint: --format is text or json, not ${String(format)}`);
    const project = await loadProject(io, values);
    const { findings, silenced } = lintProject(project.build);
    if (format === "json") {
      io.out(JSON.stringify({ findings, silenced }, null, 2));
    } else {
      for (const f of findings) io.out(textLine(f));
      io.out(
        `mixkit lint: ${findings.length} finding${findings.length === 1 ? "" : "s"} in ${project.config}` +
          (silenced > 0 ? ` (${silenced} silenced with a reason)` : ""),
      );
    }
    return findings.length === 0 ? exitCode.ok : exitCode.failed;
  },
};
