/**
 * The `mixkit` command line: picks the subcommand, parses its options strictly, and turns every
 * outcome into an exit code (0 ok, 1 check/test/lint failure, 2 usage, config or file error).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { CliError, exitCode, type Command } from "./command.js";
import type { Io } from "./io.js";
import { errorReport } from "./report-format.js";
import { closest } from "./suggest.js";

/**
 * A command by name, with its line in the usage: its module is loaded only when it runs, so each
 * pays only for itself.
 */
interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

const commands: readonly CommandEntry[] = [
  {
    name: "build",
    summary: "build the config into rules, tests and dashboards, and write them",
    load: async () => (await import("./build.js")).buildCommand,
  },
  {
    name: "check",
    summary: "fail when the output folder differs from what the config builds",
    load: async () => (await import("./check.js")).checkCommand,
  },
  {
    name: "test",
    summary: "run every promtool test of the build with the real promtool",
    load: async () => (await import("./test.js")).testCommand,
  },
  {
    name: "lint",
    summary: "report every rule and dashboard lint finding",
    load: async () => (await import("./lint.js")).lintCommand,
  },
  {
    name: "verify",
    summary: "prove rules and dashboard panels on a real Prometheus",
    load: async () => (await import("./verify.js")).verifyCommand,
  },
  {
    name: "doctor",
    summary: "check the config against the live Prometheus it will run on (read only)",
    load: async () => (await import("./doctor.js")).doctorCommand,
  },
  {
    name: "init",
    summary: "write a starter mixkit.config.ts with every option, and a tsconfig.json",
    load: async () => (await import("./init.js")).initCommand,
  },
];

const usage = `Usage: mixkit <command> [options]

Monitoring as code: builds a project's mixkit.config.ts into Prometheus rules,
promtool tests and Grafana dashboards for a GitOps repository.

Commands:
${commands.map((c) => `  ${c.name.padEnd(7)} ${c.summary}`).join("\n")}

Run \`mixkit <command> --help\` for a command's options.
Exit codes: 0 ok, 1 check, test or lint failed, 2 usage, config or file error.`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

/** `; did you mean --out?` for an unknown option close to one the command takes. */
function optionHint(command: Command, err: Error): string {
  const unknown = /^Unknown option '(--?[^']+)'/.exec(err.message)?.[1];
  if (unknown === undefined || !unknown.startsWith("--")) return "";
  const meant = closest(unknown.slice(2), Object.keys(command.options));
  return meant === undefined ? "" : `; did you mean --${meant}?`;
}

/** `--format json|github` (or `-f`, or `--format=`) among arguments that did not parse. */
function requestedFormat(args: readonly string[]): "json" | "github" | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const value =
      arg === "--format" || arg === "-f" ? args[i + 1] : /^(?:--format=|-f)(.+)$/.exec(arg)?.[1];
    if (value === "json" || value === "github") return value;
  }
  return undefined;
}

async function runCommand(command: Command, args: readonly string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: [...args], options: command.options, strict: true }));
  } catch (err) {
    const message = `mixkit ${command.name}: ${(err as Error).message}${optionHint(command, err as Error)}`;
    io.err(`${message}\n\n${command.help}`);
    // The options did not parse, but a report format asked for may still be read from them.
    const format = requestedFormat(args);
    if (format !== undefined) io.out(errorReport(format, command.name, message, io.cwd));
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
  if (name === undefined) {
    // No command is a usage error: a script that forgot one should not pass.
    io.err(`mixkit: no command given\n\n${usage}`);
    return exitCode.usage;
  }
  if (name === "--help" || name === "-h") {
    io.out(usage);
    return exitCode.ok;
  }
  if (name === "--version" || name === "-v") {
    io.out(version());
    return exitCode.ok;
  }
  const wanted = name === "help" ? args[0] : name;
  const entry = commands.find((c) => c.name === wanted);
  if (name === "help" && wanted === undefined) {
    io.out(usage);
    return exitCode.ok;
  }
  if (entry === undefined) {
    const meant =
      wanted === undefined
        ? undefined
        : closest(
            wanted,
            commands.map((c) => c.name),
          );
    const hint = meant === undefined ? "" : `; did you mean "${meant}"?`;
    io.err(`mixkit: unknown command "${wanted}"${hint}\n\n${usage}`);
    return exitCode.usage;
  }
  const command = await entry.load();
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
    // A file that cannot be read or written is the machine's problem, not mixkit's: one line.
    // (Loaded here, so a start pays for it only on a failure.)
    const { fileSystemErrorText, isFileSystemError } = await import("../generate/io-error.js");
    if (isFileSystemError(err)) {
      const shown = (file: string) => path.relative(io.cwd, file) || ".";
      io.err(`mixkit ${command.name}: ${fileSystemErrorText(err, shown)}`);
      return exitCode.usage;
    }
    // A bug in mixkit: say so, with the stack to report.
    io.err(`mixkit ${command.name}: unexpected error: ${(err as Error).stack ?? String(err)}`);
    return exitCode.usage;
  }
}
