/**
 * The `mixkit` command line: picks the subcommand, parses its options strictly, and turns every
 * outcome into an exit code (0 ok, 1 check/test/lint failure, 2 usage or config error).
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { buildCommand } from "./build.js";
import { checkCommand } from "./check.js";
import { CliError, exitCode, type Command } from "./command.js";
import { initCommand } from "./init.js";
import type { Io } from "./io.js";
import { lintCommand } from "./lint.js";
import { testCommand } from "./test.js";
import { verifyCommand } from "./verify.js";

const commands: readonly Command[] = [
  buildCommand,
  checkCommand,
  testCommand,
  lintCommand,
  verifyCommand,
  initCommand,
];

const usage = `Usage: mixkit <command> [options]

Monitoring as code: builds a project's mixkit.config.ts into Prometheus rules,
promtool tests and Grafana dashboards for a GitOps repository.

Commands:
${commands.map((c) => `  ${c.name.padEnd(7)} ${c.summary}`).join("\n")}

Run \`mixkit <command> --help\` for a command's options.
Exit codes: 0 ok, 1 check, test or lint failed, 2 usage or config error.`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

async function runCommand(command: Command, args: readonly string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: [...args], options: command.options, strict: true }));
  } catch (err) {
    io.err(`mixkit ${command.name}: ${(err as Error).message}\n\n${command.help}`);
    return exitCode.usage;
  }
  if (values["help"] === true) {
    io.out(command.help);
    return exitCode.ok;
  }
  return command.run(values, io);
}

export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h") {
    io.out(usage);
    return exitCode.ok;
  }
  if (name === "--version" || name === "-v") {
    io.out(version());
    return exitCode.ok;
  }
  const wanted = name === "help" ? args[0] : name;
  const command = commands.find((c) => c.name === wanted);
  if (name === "help" && wanted === undefined) {
    io.out(usage);
    return exitCode.ok;
  }
  if (command === undefined) {
    io.err(`mixkit: unknown command "${wanted}"\n\n${usage}`);
    return exitCode.usage;
  }
  if (name === "help") {
    io.out(command.help);
    return exitCode.ok;
  }
  try {
    return await runCommand(command, args, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.err(err.message);
      return err.code;
    }
    // A bug in mixkit: say so, with the stack to report.
    io.err(`mixkit ${command.name}: unexpected error: ${(err as Error).stack ?? String(err)}`);
    return exitCode.usage;
  }
}
