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
  helpHelp,
  helpOption,
  type Command,
} from "./command.js";
import { loadProject } from "./project.js";

export const verifyCommand: Command = {
  name: "verify",
  summary: "prove rules and dashboard panels on a real Prometheus",
  help: `Usage: mixkit verify [--config FILE]

Starts the \`prometheus\` binary on 127.0.0.1 with a temporary data folder holding
the series of every promtool scenario (and each mixin's dashboard fixtures), loads
the built rule files, and checks that every rule is healthy, every recording rule
records series, and every panel target of every dashboard returns data with the
labels its legend names, with "All" and with a concrete value for each variable.
The server is stopped and its folder removed afterwards. Exits 1 on a problem.

Options:
${configHelp}
${helpHelp}`,
  options: { ...configOption, ...helpOption },
  async run(values, io) {
    const project = await loadProject(io, values);
    try {
      findPrometheus();
    } catch (err) {
      throw new CliError(`mixkit verify: ${(err as Error).message}`);
    }
    io.status?.("mixkit verify: starting Prometheus...");
    const report = await verifyLive(project.build.mixins);
    io.status?.("");
    for (const p of report.problems) io.out(`${p.where}: ${p.message}`);
    io.out(
      `mixkit verify: ${report.rules} rules and ${report.targets} panel targets of ${project.config}, ` +
        (report.problems.length === 0
          ? "all proved on a live Prometheus"
          : `${report.problems.length} problem${report.problems.length === 1 ? "" : "s"}`),
    );
    return report.problems.length === 0 ? exitCode.ok : exitCode.failed;
  },
};
