/** `mixkit init`: write a starter config into the user's repository. */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileSystemErrorText, isFileSystemError } from "../build/io-error.js";
import { writeArtifacts } from "../build/writer.js";
import { shippedMixinNames } from "../mixins/names.js";
import { CliError, exitCode, helpHelp, helpOption, type Command } from "./command.js";
import { shown } from "./project.js";
import { starterConfig } from "./starter-config.js";

export const initCommand: Command = {
  name: "init",
  help: `Usage: mixkit init [--config FILE] [--force]

Writes a starter config with every shipped mixin and a comment on each option.
It builds as it is: edit it, then run \`mixkit build\`.

Options:
  -c, --config FILE  where to write it (default: mixkit.config.ts)
      --force        overwrite an existing file
${helpHelp}`,
  options: {
    config: { type: "string", short: "c" },
    force: { type: "boolean" },
    ...helpOption,
  },
  async run(values, io) {
    const file = path.resolve(
      io.cwd,
      (values["config"] as string | undefined) ?? "mixkit.config.ts",
    );
    if (existsSync(file) && values["force"] !== true)
      throw new CliError(`mixkit init: ${shown(io, file)} exists; pass --force to overwrite it`);
    try {
      writeArtifacts(
        path.dirname(file),
        new Map([[path.basename(file), starterConfig(shippedMixinNames)]]),
      );
    } catch (err) {
      // A read-only or full folder: one line, and the file is as it was (or still absent).
      if (isFileSystemError(err))
        throw new CliError(`mixkit init: ${fileSystemErrorText(err, (f) => shown(io, f))}`);
      throw err;
    }
    io.out(
      `mixkit init: wrote ${shown(io, file)}; edit it, then run \`mixkit build\` (needs mixkit installed in this project)`,
    );
    return exitCode.ok;
  },
};
