/** The shape of a subcommand, its exit codes, and the error that carries one. */
import type { ParseArgsConfig } from "node:util";
import type { Io } from "./io.js";

export const exitCode = {
  ok: 0,
  /** `check` found drift, `test` a failing test, `lint` a finding. */
  failed: 1,
  /** Bad usage, a bad config or an invalid build. */
  usage: 2,
} as const;

export type Values = Readonly<
  Record<string, string | boolean | readonly (string | boolean)[] | undefined>
>;

export interface Command {
  readonly name: string;
  readonly summary: string;
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
