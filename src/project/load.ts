/**
 * Finds and loads a project's config file. TypeScript configs run through jiti, so a project needs no
 * build step of its own, whatever its package type (ESM or CommonJS); `mixkit` itself is imported
 * natively, so the config's objects are instances of the very classes the build checks against.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { createJiti } from "jiti";
import { ConfigLoadError } from "./errors.js";

export const configFileNames = [
  "mixkit.config.ts",
  "mixkit.config.mts",
  "mixkit.config.js",
  "mixkit.config.mjs",
] as const;

/** The config file: `explicit` (relative to `cwd`), or the first of configFileNames in `cwd`. */
export function findConfigFile(cwd: string, explicit?: string): string {
  if (explicit !== undefined) {
    const file = path.resolve(cwd, explicit);
    if (!existsSync(file)) throw new ConfigLoadError(explicit, "not found");
    return file;
  }
  const found = configFileNames.map((n) => path.join(cwd, n)).find((f) => existsSync(f));
  if (found === undefined)
    throw new ConfigLoadError(
      configFileNames[0],
      `not found in ${cwd}; create one with \`mixkit init\`, or name it with --config`,
    );
  return found;
}

/** The first stack frame in the user's own files: where their config threw. */
function userFrame(err: Error, configDir: string): string | undefined {
  return (err.stack ?? "")
    .split("\n")
    .map((line) => /\(?((?:file:\/\/)?\/[^()]+:\d+:\d+)\)?\s*$/.exec(line.trim())?.[1])
    .find(
      (where) =>
        where !== undefined &&
        where.replace(/^file:\/\//, "").startsWith(configDir + path.sep) &&
        !where.includes(`${path.sep}node_modules${path.sep}`),
    );
}

/** The config file's default export; a ConfigLoadError says why there is none. */
export async function loadConfigFile(file: string, shownAs = file): Promise<unknown> {
  const jiti = createJiti(import.meta.url, {
    // Nothing is written beside the user's files, and each load sees their current sources.
    fsCache: false,
    moduleCache: false,
    nativeModules: ["mixkit"],
    // A missing default export must show as missing, not as the module itself.
    interopDefault: false,
  });
  let module: unknown;
  try {
    module = await jiti.import(path.resolve(file));
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    const message = error.message
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean)
      .join("\n    ");
    const where = userFrame(error, path.dirname(path.resolve(file)));
    const at = where === undefined || message.includes(where) ? "" : `\n    at ${where}`;
    throw new ConfigLoadError(shownAs, `could not be loaded: ${message}${at}`);
  }
  const config = (module as { default?: unknown } | undefined)?.default;
  if (config === undefined || config === null)
    throw new ConfigLoadError(
      shownAs,
      "has no default export; end it with `export default defineConfig({ ... })`",
    );
  return config;
}
