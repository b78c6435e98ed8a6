/** `mixkit check`: rebuild in memory and compare with the output folder (for CI). */
import { findDrift, type Drift } from "../build/drift.js";
import { driftReport } from "../build/drift-report.js";
import { ProjectError } from "../project/errors.js";
import {
  CliError,
  configHelp,
  configOption,
  exitCode,
  helpHelp,
  helpOption,
  outHelp,
  outOption,
  type Command,
} from "./command.js";
import { loadProject, problemsMessage } from "./project.js";

export const checkCommand: Command = {
  name: "check",
  summary: "fail when the output folder differs from what the config builds",
  help: `Usage: mixkit check [--config FILE] [--out DIR]

Builds the project in memory and compares it with the output folder, writing
nothing. Exits 1 with a summary of each difference (missing, changed with the
first lines of its diff, or stale) when the folder was edited by hand or the
sources changed without a rebuild; run it in CI.

Options:
${configHelp}
${outHelp}
${helpHelp}`,
  options: { ...configOption, ...outOption, ...helpOption },
  async run(values, io) {
    const project = await loadProject(io, values);
    const { files } = project.build;
    let drift: Drift[];
    try {
      drift = findDrift(project.outDir, files);
    } catch (err) {
      if (err instanceof ProjectError) throw new CliError(problemsMessage(project.out, err));
      throw err;
    }
    if (drift.length === 0) {
      io.out(`mixkit check: the ${files.size} files in ${project.out} match ${project.config}`);
      return exitCode.ok;
    }
    io.out(
      `mixkit check: ${drift.length === 1 ? "1 file differs" : `${drift.length} files differ`} in ${project.out} from what ${project.config} builds ` +
        `(- on disk, + built); run \`mixkit build\` and commit the result:\n${driftReport(drift)}`,
    );
    return exitCode.failed;
  },
};
