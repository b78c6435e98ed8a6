/**
 * The machine formats of what `build`, `check`, `lint`, `test` and `verify` report: JSON documents, and
 * GitHub Actions workflow commands (`::error file=...,line=...::message`) that a pull request shows
 * inline on the files. Pure functions: escaping, one annotation line, paths and places for them.
 */
import path from "node:path";

export const reportFormats = ["text", "json", "github"] as const;
export type ReportFormat = (typeof reportFormats)[number];

export function isReportFormat(value: unknown): value is ReportFormat {
  return reportFormats.includes(value as ReportFormat);
}

/** A message for a workflow command, escaped as the Actions toolkit does (`escapeData`). */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A property value of a workflow command: also `:` and `,`, which separate properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export interface Annotation {
  /** `error` for what makes the command fail; `warning` and `notice` are shown, not failed on. */
  readonly level: "error" | "warning" | "notice";
  /** Relative to the working folder, with `/` separators (see annotationPath). */
  readonly file?: string | undefined;
  /** 1-based. */
  readonly line?: number | undefined;
  readonly col?: number | undefined;
  readonly title?: string | undefined;
  readonly message: string;
}

/** One workflow command line, e.g. `::error file=a.yaml,line=3,col=5,title=T::message`. */
export function annotation(a: Annotation): string {
  const properties = (
    [
      ["file", a.file],
      ["line", a.line],
      ["col", a.col],
      ["title", a.title],
    ] as const
  )
    .filter(([, value]) => value !== undefined && value !== "")
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(",");
  return `::${a.level}${properties === "" ? "" : ` ${properties}`}::${escapeData(a.message)}`;
}

/** A file as an annotation names it: relative to the working folder, `/` separators. */
export function annotationPath(cwd: string, file: string): string {
  return path.relative(cwd, path.resolve(cwd, file)).split(path.sep).join("/");
}

/** What a reporting command prints: its findings or results, then a summary line (none for JSON). */
export interface CommandReport {
  readonly details: readonly string[];
  readonly summary?: string;
  readonly code: number;
}

/** The whole report, as a one-off run prints it. */
export function reportText(report: CommandReport): string {
  return [...report.details, ...(report.summary === undefined ? [] : [report.summary])].join("\n");
}

/** A watch round: the details are printed at once, the summary is the round's line. */
export function watchRoundLine(report: CommandReport, out: (text: string) => void): string {
  if (report.details.length > 0) out(report.details.join("\n"));
  return report.summary ?? "";
}

/** A command's report as a JSON document on stdout. */
export function jsonReport(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** The file, line and column an error message names, if any, for an annotation. */
export interface ErrorPlace {
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
}

/**
 * Where an error message points: the first `FILE:LINE:COL` in it (as a config that fails to
 * compile or throws reports it; FILE absolute, a file:// URL or relative to `cwd`, a `?query`
 * after it ignored), else the file it starts with (`FILE: ...`, as every config and build problem
 * does). Only names that look like files (with an extension) count.
 */
export function errorPlace(message: string, cwd: string): ErrorPlace {
  const at = /(?:file:\/\/)?([^\s:()'"?]+\.[A-Za-z]+)(?:\?[^\s:()]*)?:(\d+):(\d+)/.exec(message);
  if (at !== null)
    return {
      file: annotationPath(cwd, at[1] as string),
      line: Number(at[2]),
      col: Number(at[3]),
    };
  const lead = /^([^\s:'"]+\.(?:ts|mts|cts|js|mjs|cjs|json|ya?ml)): /.exec(message);
  return lead === null ? {} : { file: annotationPath(cwd, lead[1] as string) };
}

/**
 * What a command prints on stdout, besides its message on stderr, when it stops with a usage or
 * config error: an `::error` annotation (placed by errorPlace), or `{"error": {...}}`.
 */
export function errorReport(
  format: "json" | "github",
  command: string,
  message: string,
  cwd: string,
): string {
  const place = errorPlace(message, cwd);
  if (format === "github")
    return annotation({ level: "error", ...place, title: `mixkit ${command}`, message });
  const { col, ...rest } = place;
  return jsonReport({ error: { message, ...rest, ...(col === undefined ? {} : { column: col }) } });
}
