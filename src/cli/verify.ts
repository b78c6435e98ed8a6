/**
 * `mixkit verify`: the project's rules and dashboards on a real Prometheus server, fed with the
 * series of its promtool scenarios: rules healthy, recording rules recording, every panel answering.
 */
import { findPrometheus } from "../testing/prometheus-server.js";
import { verifyLive } from "../testing/verify.js";
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
} from "./command.js";
import { loadProject } from "./project.js";
import { annotation, jsonReport } from "./report-format.js";

export const verifyCommand: Command = {
  name: "verify",
  help: `Usage: mixkit verify [--config FILE] [--format text|json|github]

Starts the \`prometheus\` binary on 127.0.0.1 with a temporary data folder holding
the series of every promtool scenario (and each mixin's dashboard fixtures), loads
the built rule files, and checks that every rule is healthy, every recording rule
records series, and every panel target of every dashboard returns data with the
labels its legend names, with "All" and with a concrete value for each variable.
The server is stopped and its folder removed afterwards. Exits 1 on a problem.

Options:
${configHelp}
${formatHelp}
                     json: {"rules": N, "targets": N, "problems": [{"where",
                     "message"}]}; github: annotations without a file, since a
                     problem is the live server's, not a line's
${helpHelp}`,
  options: { ...configOption, ...helpOption, ...formatOption },
  async run(values, io) {
    const format = reportFormat("verify", values);
    return reportingErrors("verify", format, io, async () => {
      const project = await loadProject(io, values);
      try {
        findPrometheus();
      } catch (err) {
        throw new CliError(`mixkit verify: ${(err as Error).message}`);
      }
      io.status?.("mixkit verify: starting Prometheus...");
      const report = await verifyLive(project.build.mixins);
      io.status?.("");
      const { rules, targets, problems } = report;
      const summary =
        `mixkit verify: ${rules} rules and ${targets} panel targets of ${project.config}, ` +
        (problems.length === 0
          ? "all proved on a live Prometheus"
          : `${problems.length} problem${problems.length === 1 ? "" : "s"}`);
      const lines =
        format === "json"
          ? [jsonReport({ config: project.config, rules, targets, problems })]
          : format === "github"
            ? [
                ...problems.map((p) =>
                  annotation({
                    level: "error",
                    title: "mixkit verify",
                    message: `${p.where}: ${p.message}`,
                  }),
                ),
                summary,
              ]
            : [...problems.map((p) => `${p.where}: ${p.message}`), summary];
      io.out(lines.join("\n"));
      return problems.length === 0 ? exitCode.ok : exitCode.failed;
    });
  },
};
