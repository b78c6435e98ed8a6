/**
 * `mixkit check --typecheck`: the config type-checked by the TypeScript the user's project
 * installs (mixkit does not ship one), with the project's tsconfig.json when it has one, else with
 * the settings `mixkit init` writes. Each error is a finding at its 1-based line and column.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type * as TS from "typescript";
import { CliError } from "./command.js";

/**
 * What type-checking a config needs: mixkit loads it as an ES module and resolves "mixkit" by its
 * `exports` map (the `import` condition), which `moduleResolution: "Bundler"` follows from a
 * CommonJS package too, as it does `./alerts` or `./alerts.js` for `alerts.ts`.
 */
export const tsconfigSettings = {
  target: "ES2022",
  module: "ESNext",
  moduleResolution: "Bundler",
  strict: true,
  noEmit: true,
  skipLibCheck: true,
} as const;

export interface TypeFinding {
  /** Absolute; absent for an error of the compiler options. */
  readonly file?: string | undefined;
  /** 1-based. */
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  /** e.g. 2353 for TS2353. */
  readonly code: number;
  readonly message: string;
}

export interface TypeCheck {
  readonly errors: readonly TypeFinding[];
  /** The TypeScript version that checked. */
  readonly version: string;
  /** The tsconfig.json whose options were used, absolute; absent when there is none. */
  readonly tsconfig?: string | undefined;
}

export const installHint = "install it with `npm i -D typescript`";

/** The project's own TypeScript, resolved from the config's folder as its imports would be. */
async function projectTypeScript(configFile: string): Promise<typeof TS> {
  let resolved: string;
  try {
    resolved = createRequire(configFile).resolve("typescript");
  } catch {
    throw new CliError(
      `mixkit check --typecheck: TypeScript is not installed in this project; ${installHint}`,
    );
  }
  const module = (await import(pathToFileURL(resolved).href)) as { default?: typeof TS };
  return module.default ?? (module as unknown as typeof TS);
}

function typeFindingOf(ts: typeof TS, d: TS.Diagnostic): TypeFinding {
  const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
  if (d.file === undefined) return { code: d.code, message };
  const at = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
  return {
    file: path.resolve(d.file.fileName),
    line: at.line + 1,
    column: at.character + 1,
    code: d.code,
    message,
  };
}

/** Type-checks `configFile` (absolute) and the files it imports. */
export async function typecheckConfig(configFile: string): Promise<TypeCheck> {
  const ts = await projectTypeScript(configFile);
  const tsconfig = ts.findConfigFile(path.dirname(configFile), ts.sys.fileExists);
  let options: TS.CompilerOptions;
  const errors: TypeFinding[] = [];
  if (tsconfig === undefined) {
    options = ts.convertCompilerOptionsFromJson(tsconfigSettings, path.dirname(configFile)).options;
  } else {
    const read = ts.readConfigFile(tsconfig, ts.sys.readFile);
    if (read.error !== undefined)
      return { errors: [typeFindingOf(ts, read.error)], version: ts.version, tsconfig };
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfig));
    // The config is checked whatever the tsconfig includes: "no inputs were found" does not apply.
    errors.push(...parsed.errors.filter((e) => e.code !== 18003).map((e) => typeFindingOf(ts, e)));
    options = parsed.options;
  }
  const program = ts.createProgram([configFile], { ...options, noEmit: true });
  errors.push(...ts.getPreEmitDiagnostics(program).map((d) => typeFindingOf(ts, d)));
  return { errors, version: ts.version, tsconfig };
}

/** `mixkit.config.ts:12:5: error TS2353: …`, the file relative to `cwd`. */
export function typeFindingLine(e: TypeFinding, cwd: string): string {
  const place =
    e.file === undefined ? "" : `${path.relative(cwd, e.file) || e.file}:${e.line}:${e.column}: `;
  return `${place}error TS${e.code}: ${e.message}`;
}
