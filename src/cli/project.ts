/**
 * What every project command starts with: find and load the config, build it in memory, and know
 * the output folder. Config and build problems become one CliError naming the config file.
 */
import path from "node:path";
import { buildProject, type ProjectBuild } from "../generate/project.js";
import { ConfigLoadError, ProjectError } from "../project/errors.js";
import { findConfigFile, loadConfig } from "../project/load.js";
import { CliError, type Values } from "./command.js";
import type { Io } from "./io.js";

export interface LoadedProject {
  /** The config file as the user sees it (relative to the working folder). */
  readonly config: string;
  readonly build: ProjectBuild;
  /** The output folder, absolute. */
  readonly outDir: string;
  /** The output folder as the user sees it. */
  readonly out: string;
  /** Every file of the user's the config read (absolute): what watch mode watches. */
  readonly sources: readonly string[];
}

/** A path relative to the working folder, as a user typed it. */
export function shown(io: Io, file: string): string {
  return path.relative(io.cwd, file) || ".";
}

/** One message for all problems: the file, then one line per problem with its config path. */
export function problemsMessage(file: string, error: ProjectError, after = ""): string {
  const count = `${error.problems.length} problem${error.problems.length === 1 ? "" : "s"}`;
  return [
    `${file}: ${count}${after}:`,
    ...error.problems.map((p) => `  - ${p.at || "(root)"}: ${p.message}`),
  ].join("\n");
}

/** The config could not be loaded or built; `sources` are the user's files it read (to watch). */
export class ProjectLoadError extends CliError {
  constructor(
    message: string,
    readonly sources: readonly string[],
  ) {
    super(message);
  }
}

export async function loadProject(io: Io, values: Values, after = ""): Promise<LoadedProject> {
  let file: string;
  let config: unknown;
  let sources: readonly string[];
  try {
    file = findConfigFile(io.cwd, values["config"] as string | undefined);
    ({ config, files: sources } = await loadConfig(file, {
      shownAs: shown(io, file),
      cwd: io.cwd,
    }));
  } catch (err) {
    if (err instanceof ConfigLoadError) throw new ProjectLoadError(err.message, err.files);
    throw err;
  }
  let build: ProjectBuild;
  try {
    build = await buildProject(config);
  } catch (err) {
    if (err instanceof ProjectError)
      throw new ProjectLoadError(problemsMessage(shown(io, file), err, after), sources);
    throw err;
  }
  const out = values["out"] as string | undefined;
  const outDir =
    out === undefined ? path.resolve(path.dirname(file), build.outDir) : path.resolve(io.cwd, out);
  return { config: shown(io, file), build, outDir, out: shown(io, outDir), sources };
}
