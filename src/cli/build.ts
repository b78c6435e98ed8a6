/** `mixkit build`: build in memory, validate everything, then write; nothing is written on a problem. */
import type { OutputPlan } from "../generate/output.js";
import { ruleChanges, ruleCounts, type RuleCounts } from "../generate/rule-changes.js";
import {
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
import { jsonReport } from "./report-format.js";
import { loadProject, type LoadedProject } from "./project.js";
import { watchedFormat, watchHelp, watchOption, watchProject } from "./watch.js";
import { nothingWritten, writeOutput } from "./write-output.js";

/** `a, b` for a few names, else their number. */
function named(verb: string, files: readonly string[]): string {
  if (files.length === 0) return `0 ${verb}`;
  return files.length <= 3 ? `${verb} ${files.join(", ")}` : `${files.length} ${verb}`;
}

/** A watch round's line: files written and removed, alerts and records added and removed. */
function roundLine(project: LoadedProject, plan: OutputPlan, before: RuleCounts | undefined) {
  const after = ruleCounts(project.build);
  const { alerts, records } = ruleChanges(
    before ?? { alerts: new Map(), records: new Map() },
    after,
  );
  return {
    counts: after,
    line:
      `mixkit build: ${named("written", plan.write)}, ${named("removed", plan.remove)}, ` +
      `${plan.unchanged.length} unchanged in ${project.out}; ` +
      `alerts +${alerts.added} -${alerts.removed}, records +${records.added} -${records.removed}`,
  };
}

export const buildCommand: Command = {
  name: "build",
  help: `Usage: mixkit build [--config FILE] [--out DIR] [--watch] [--format text|json|github]

Builds the project in memory, validates all of it, then writes the files into the
output folder: rules/<mixin>/, dashboards/<mixin>/, kustomization.yaml and the
manifest .mixkit-manifest.json. Nothing is written when anything is invalid. Files
of an earlier build that are no longer generated are removed; files mixkit did not
write are never touched.

Writing is all or nothing: every file is staged before any is replaced, and a
failure (a read-only folder, a full disk) leaves the folder as it was, exit 2.
One build writes at a time: .mixkit-build.lock in the output folder makes another
wait up to MIXKIT_LOCK_WAIT seconds (30), and a lock left by a build that is no
longer running is taken over. Ctrl-C while it writes takes effect once it is done.

Options:
${configHelp}
${outHelp}
${watchHelp}
${formatHelp}
                     json: {"config", "out", "written": [...], "removed": [...],
                     "unchanged": N}; github: a problem as an ::error on its file
${helpHelp}`,
  options: { ...configOption, ...outOption, ...watchOption, ...formatOption, ...helpOption },
  async run(values, io) {
    const format = reportFormat("build", values);
    if (values["watch"] === true) {
      watchedFormat("build", format);
      let counts: RuleCounts | undefined;
      return watchProject(io, values, "build", async (project) => {
        const round = roundLine(project, await writeOutput(io, project), counts);
        counts = round.counts;
        return round.line;
      });
    }
    return reportingErrors("build", format, io, async () => {
      const project = await loadProject(io, values, nothingWritten);
      const plan = await writeOutput(io, project);
      if (format === "json") {
        io.out(
          jsonReport({
            config: project.config,
            out: project.out,
            written: plan.write,
            removed: plan.remove,
            unchanged: plan.unchanged.length,
          }),
        );
        return exitCode.ok;
      }
      if (format === "text") {
        for (const file of plan.write) io.out(`  wrote    ${file}`);
        for (const file of plan.remove) io.out(`  removed  ${file}`);
      }
      io.out(
        `mixkit build: ${project.build.files.size} files in ${project.out} from ${project.config}: ` +
          `${plan.write.length} written, ${plan.unchanged.length} unchanged, ${plan.remove.length} removed`,
      );
      return exitCode.ok;
    });
  },
};
