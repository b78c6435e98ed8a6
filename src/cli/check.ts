/** `mixkit check`: rebuild in memory and compare with the output folder (for CI). */
import path from "node:path";
import { findDrift, type Drift } from "../build/drift.js";
import { driftReport } from "../build/drift-report.js";
import { firstDifferentLine } from "../build/locate.js";
import { ProjectError } from "../project/errors.js";
import {
  CliError,
  configHelp,
  configOption,
  exitCode,
  formatHelp,
  formatOption,
  helpHelp,
  helpOption,
  outHelp,
  outOption,
  reportFormat,
  reportingErrors,
  type Command,
} from "./command.js";
import { loadProject, problemsMessage } from "./project.js";
import { annotation, annotationPath, jsonReport } from "./report-format.js";

/** A drifted file's line to point at: a changed file's first line that differs from the build. */
const driftLine = (d: Drift) =>
  d.kind === "changed" ? firstDifferentLine(d.actual, d.expected) : undefined;

const fix = "run `mixkit build` and commit the result";

/** What an annotation says about a drifted file; for a changed one, the start of its diff. */
function driftMessage(d: Drift, config: string): string {
  switch (d.kind) {
    case "missing":
      return `${config} builds this file, and it is not in the output folder; ${fix}`;
    case "stale":
      return `${config} no longer builds this file; ${fix} (the build removes it)`;
    case "changed": {
      const diff = driftReport([d]).split("\n").slice(1);
      return [`differs from what ${config} builds (- on disk, + built); ${fix}:`, ...diff]
        .map((line) => line.replace(/^ {6}/, ""))
        .join("\n");
    }
  }
}

export const checkCommand: Command = {
  name: "check",
  help: `Usage: mixkit check [--config FILE] [--out DIR] [--format text|json|github]

Builds the project in memory and compares it with the output folder, writing
nothing. Exits 1 with a summary of each difference (missing, changed with the
first lines of its diff, or stale) when the folder was edited by hand or the
sources changed without a rebuild; run it in CI.

Options:
${configHelp}
${outHelp}
${formatHelp}
                     json: {"drift": [{"kind", "path", "line"}], ...}, paths in
                     the output folder; kind is missing, changed or stale
${helpHelp}`,
  options: { ...configOption, ...outOption, ...helpOption, ...formatOption },
  async run(values, io) {
    const format = reportFormat("check", values);
    return reportingErrors("check", format, io, async () => {
      const project = await loadProject(io, values);
      const { files } = project.build;
      let drift: Drift[];
      try {
        drift = findDrift(project.outDir, files);
      } catch (err) {
        if (err instanceof ProjectError) throw new CliError(problemsMessage(project.out, err));
        throw err;
      }
      const code = drift.length === 0 ? exitCode.ok : exitCode.failed;
      const summary =
        drift.length === 0
          ? `mixkit check: the ${files.size} files in ${project.out} match ${project.config}`
          : `mixkit check: ${drift.length === 1 ? "1 file differs" : `${drift.length} files differ`} in ${project.out} from what ${project.config} builds`;
      if (format === "json") {
        io.out(
          jsonReport({
            config: project.config,
            out: project.out,
            files: files.size,
            drift: drift.map((d) => ({ kind: d.kind, path: d.path, line: driftLine(d) })),
          }),
        );
      } else if (format === "github") {
        const annotations = drift.map((d) =>
          annotation({
            level: "error",
            file: annotationPath(io.cwd, path.join(project.outDir, d.path)),
            line: driftLine(d),
            title: `mixkit check: ${d.kind}`,
            message: driftMessage(d, project.config),
          }),
        );
        io.out([...annotations, summary].join("\n"));
      } else if (drift.length === 0) {
        io.out(summary);
      } else {
        io.out(`${summary} (- on disk, + built); ${fix}:\n${driftReport(drift)}`);
      }
      return code;
    });
  },
};
