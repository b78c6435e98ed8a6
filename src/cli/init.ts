/** `mixkit init`: write a starter config, and a tsconfig.json to type-check it, into the user's repository. */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileSystemErrorText, isFileSystemError } from "../generate/io-error.js";
import { writeArtifacts } from "../generate/writer.js";
import { shippedMixinNames } from "../mixins/names.js";
import { CliError, exitCode, helpHelp, helpOption, type Command } from "./command.js";
import { shown } from "./project.js";
import { starterConfig } from "./starter-config.js";
import { installHint, tsconfigSettings } from "./typecheck.js";

export function starterTsconfig(configFile: string): string {
  return `${JSON.stringify({ compilerOptions: tsconfigSettings, include: [configFile] }, null, 2)}\n`;
}

export const initCommand: Command = {
  name: "init",
  help: `Usage: mixkit init [--config FILE] [--force]

Writes a starter config with every shipped mixin and each of its options,
commented out at its default with a line saying what it does, and beside it a
tsconfig.json to type-check it with \`npx tsc --noEmit\` (an existing
tsconfig.json is left as it is: the settings mixkit needs are printed).
It builds as it is: edit it, then run \`mixkit build\`.

Options:
  -c, --config FILE  where to write it (default: mixkit.config.ts)
      --force        overwrite an existing config (never a tsconfig.json)
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
    const dir = path.dirname(file);
    const tsconfig = path.join(dir, "tsconfig.json");
    const keepTsconfig = existsSync(tsconfig);
    const files = new Map([[path.basename(file), starterConfig(shippedMixinNames)]]);
    if (!keepTsconfig) files.set("tsconfig.json", starterTsconfig(path.basename(file)));
    try {
      writeArtifacts(dir, files);
    } catch (err) {
      // A read-only or full folder: one line, and the files are as they were (or still absent).
      if (isFileSystemError(err))
        throw new CliError(`mixkit init: ${fileSystemErrorText(err, (f) => shown(io, f))}`);
      throw err;
    }
    const checkHint =
      "`npx tsc --noEmit` type-checks it (with typescript installed: npm i -D typescript)";
    io.out(
      keepTsconfig
        ? [
            `mixkit init: wrote ${shown(io, file)}; edit it, then run \`mixkit build\` (needs mixkit installed in this project)`,
            `mixkit init: ${shown(io, tsconfig)} exists and is left as it is; to type-check the config it needs ${Object.entries(
              tsconfigSettings,
            )
              .map(([k, v]) => `"${k}": ${JSON.stringify(v)}`)
              .join(
                ", ",
              )} in "compilerOptions" and ${JSON.stringify(path.basename(file))} in "include"`,
          ].join("\n")
        : `mixkit init: wrote ${shown(io, file)} and ${shown(io, tsconfig)}; edit the config, then run \`mixkit build\` (needs mixkit installed in this project); ${checkHint}`,
    );
    return exitCode.ok;
  },
};
