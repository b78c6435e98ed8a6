/** The shape of a subcommand, its exit codes, and the error that carries one. */
import type { ParseArgsConfig } from "node:util";
import type { Io } from "./io.js";
import { errorReport, isReportFormat, reportFormats, type ReportFormat } from "./report-format.js";

export const exitCode = {
  ok: 0,
  /** `check` found drift, `test` a failing test, `lint` a finding. */
  failed: 1,
  /** Bad usage, a bad config, an invalid build, or a file that cannot be read or written. */
  usage: 2,
} as const;

export type Values = Readonly<
  Record<string, string | boolean | readonly (string | boolean)[] | undefined>
>;

export interface Command {
  readonly name: string;
  /** The whole `--help` text. */
  readonly help: string;
  readonly options: NonNullable<ParseArgsConfig["options"]>;
  run(values: Values, io: Io): Promise<number>;
}

/** A failure the user can fix, printed as its message alone, with its exit code. */
export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    message: string,
    readonly code: number = exitCode.usage,
  ) {
    super(message);
  }
}

/** The options every project command takes. */
export const configOption = { config: { type: "string", short: "c" } } as const;
export const outOption = { out: { type: "string", short: "o" } } as const;
export const helpOption = { help: { type: "boolean", short: "h" } } as const;

export const configHelp = `  -c, --config FILE  the project config (default: the first of mixkit.config.ts,
                     .mts, .js, .mjs in the current folder)`;
export const outHelp = `  -o, --out DIR      the output folder (default: the config's outDir, relative
                     to the config file)`;
export const helpHelp = `  -h, --help         show this help`;

/** `--format` of the commands that report findings. */
export const formatOption = { format: { type: "string", short: "f" } } as const;
export const formatHelp = `  -f, --format F     text (default), json (a document on stdout), or github
                     (GitHub Actions annotations on the files, then the summary)`;

/** The command's `--format`, or a usage error naming the formats it takes. */
export function reportFormat(command: string, values: Values): ReportFormat {
  const format = values["format"] ?? "text";
  if (!isReportFormat(format))
    throw new CliError(
      `mixkit ${command}: --format is ${reportFormats.slice(0, -1).join(", ")} or ${reportFormats.at(-1)}, not ${String(format)}`,
    );
  return format;
}

/**
 * Runs a command's body; in json or github format a CliError is also reported on stdout (a
 * document, or an annotation on the file it names) before it propagates to its exit code.
 */
export async function reportingErrors(
  command: string,
  format: ReportFormat,
  io: Io,
  body: () => Promise<number>,
): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof CliError && format !== "text")
      io.out(errorReport(format, command, err.message, io.cwd));
    throw err;
  }
}
