/** `mixkit build`: build in memory, validate everything, then write; nothing is written on a problem. */
import { applyOutput, planOutput, type OutputPlan } from "../build/output.js";
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

const nothingWritten = "; nothing was written";

export const buildCommand: Command = {
  name: "build",
  summary: "build the config into rules, tests and dashboards, and write them",
  help: `Usage: mixkit build [--config FILE] [--out DIR]

Builds the project in memory, validates all of it, then writes the files into the
output folder: rules/<mixin>/, dashboards/<mixin>/, kustomization.yaml and the
manifest .mixkit-manifest.json. Nothing is written when anything is invalid. Files
of an earlier build that are no longer generated are removed; files mixkit did not
write are never touched.

Options:
${configHelp}
${outHelp}
${helpHelp}`,
  options: { ...configOption, ...outOption, ...helpOption },
  async run(values, io) {
    const project = await loadProject(io, values, nothingWritten);
    let plan: OutputPlan;
    try {
      plan = planOutput(project.outDir, project.build.files);
    } catch (err) {
      if (err instanceof ProjectError)
        throw new CliError(problemsMessage(project.out, err, nothingWritten));
      throw err;
    }
    applyOutput(project.outDir, project.build.files, plan);
    for (const file of plan.write) io.out(`  wrote    ${file}`);
    for (const file of plan.remove) io.out(`  removed  ${file}`);
    io.out(
      `mixkit build: ${project.build.files.size} files in ${project.out} from ${project.config}: ` +
        `${plan.write.length} written, ${plan.unchanged.length} unchanged, ${plan.remove.length} removed`,
    );
    return exitCode.ok;
  },
};
