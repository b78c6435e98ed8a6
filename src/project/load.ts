/**
 * Finds and loads a project's config file. TypeScript runs as it is, through Node's module hooks
 * (src/project/loader): types are stripped, so a project needs no build step of its own, whatever its
 * package type; `mixkit` itself is imported natively, so the config's objects are instances of the
 * very classes the build checks against. Every load evaluates the user's modules afresh and says
 * which files it read (what watch mode watches).
 */
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigLoadError } from "./errors.js";
import { fileOf, withLoad } from "./loader/files.js";
import { filesOfLoad, installHooks } from "./loader/register.js";
import { StripError, stripTypes } from "./loader/strip.js";

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

/** `file:///a/b.ts?mixkit-load=…:3:7` as the user's path `/a/b.ts:3:7`. */
function plainLocations(text: string): string {
  return text.replace(
    /file:\/\/(\/[^\s()?]+)\?[^\s():]*(?=:\d)|file:\/\/(\/[^\s():]+)/g,
    (_, withQuery: string | undefined, bare: string | undefined) =>
      decodeURIComponent(withQuery ?? bare ?? ""),
  );
}

/** The first stack frame in the user's own files: where their config threw. */
function userFrame(err: Error, configDir: string): string | undefined {
  return plainLocations(err.stack ?? "")
    .split("\n")
    .map((line) => /\(?(\/[^()]+:\d+:\d+)\)?\s*$/.exec(line.trim())?.[1])
    .find(
      (where) =>
        where !== undefined &&
        where.startsWith(configDir + path.sep) &&
        !where.includes(`${path.sep}node_modules${path.sep}`),
    );
}

/**
 * Where a syntax error Node found in one of the user's JavaScript modules is: Node's error does not
 * say (it prints the place only for an uncaught error), so the modules this load reached are parsed
 * again, by the same parser that strips TypeScript, and the first that fails names the place.
 */
function syntaxErrorAt(files: readonly string[]): string | undefined {
  for (const file of files) {
    if (/\.(?:ts|mts)$/.test(file)) continue;
    try {
      stripTypes(readFileSync(file, "utf8"), file);
    } catch (err) {
      if (err instanceof StripError) return `${file}:${err.line}:${err.column}`;
    }
  }
  return undefined;
}

export interface LoadedConfig {
  /** The config file's default export. */
  readonly config: unknown;
  /** Every file of the user's that the config imported, itself included (absolute paths). */
  readonly files: readonly string[];
}

export interface LoadOptions {
  /** The config file as the user sees it, in messages. */
  readonly shownAs?: string;
  /** Locations in messages are relative to this folder. */
  readonly cwd?: string;
}

/** Loads the config and says which of the user's files it read; a ConfigLoadError says why not. */
export async function loadConfig(file: string, options: LoadOptions = {}): Promise<LoadedConfig> {
  const { shownAs = file, cwd = process.cwd() } = options;
  // mixkit first, natively: the config's `import "mixkit"` then finds it loaded.
  await import("../index.js");
  installHooks();
  const id = randomUUID();
  const absolute = path.resolve(file);
  let module: unknown;
  try {
    module = await import(withLoad(pathToFileURL(absolute).href, id));
  } catch (err) {
    const reached = (await filesOfLoad(id)).map(fileOf);
    const error = err instanceof Error ? err : new Error(String(err));
    // Places under the working folder as the user types them (paths may hold spaces).
    const shown = (text: string) => text.split(path.join(cwd, path.sep)).join("");
    // Continuation lines keep their own indentation (a caret under a column stays under it).
    const message = shown(plainLocations(error.message))
      .split("\n")
      .map((line, i) => (i === 0 ? line.trim() : line.trimEnd()))
      .filter((line) => line.trim() !== "")
      .join("\n    ");
    const found =
      error instanceof SyntaxError && !/:\d+:\d+: /.test(message)
        ? syntaxErrorAt(reached)
        : userFrame(error, path.dirname(absolute));
    const where = found === undefined ? undefined : shown(found);
    const at = where === undefined || message.includes(where) ? "" : `\n    at ${where}`;
    throw new ConfigLoadError(shownAs, `could not be loaded: ${message}${at}`, [
      ...new Set([absolute, ...reached]),
    ]);
  }
  const files = (await filesOfLoad(id)).map(fileOf).sort();
  const config = (module as { default?: unknown } | undefined)?.default;
  if (config === undefined || config === null)
    throw new ConfigLoadError(
      shownAs,
      "has no default export; end it with `export default defineConfig({ ... })`",
      files,
    );
  return { config, files };
}

/** The config file's default export; a ConfigLoadError says why there is none. */
export async function loadConfigFile(file: string, shownAs = file): Promise<unknown> {
  return (await loadConfig(file, { shownAs })).config;
}
