/** `mixkit check`: rebuild in memory and compare with the output folder (for CI). */
import path from "node:path";
import { findDrift, type Drift } from "../generate/drift.js";
import { driftReport } from "../generate/drift-report.js";
import { firstDifferentLine } from "../generate/locate.js";
import { ProjectError } from "../project/errors.js";
import {
  CliError,
  configHelp,
  configOption,
  exitCode,
  formatHelp,
  formatOption,
  helpHelp,
  helpOption,
  outHelp,
  outOption,
  reportFormat,
  reportingErrors,
  type Command,
  type Values,
} from "./command.js";
import type { Io } from "./io.js";
import { findConfigFile } from "../project/load.js";
import { ConfigLoadError } from "../project/errors.js";
import { loadProject, problemsMessage, ProjectLoadError, shown } from "./project.js";
import { annotation, annotationPath, jsonReport } from "./report-format.js";
import { typecheckConfig, typeFindingLine, type TypeCheck } from "./typecheck.js";

/** A drifted file's line to point at: a changed file's first line that differs from the build. */
const driftLine = (d: Drift) =>
  d.kind === "changed" ? firstDifferentLine(d.actual, d.expected) : undefined;

const fix = "run `mixkit build` and commit the result";

/** What an annotation says about a drifted file; for a changed one, the start of its diff. */
function driftMessage(d: Drift, config: string): string {
  switch (d.kind) {
    case "missing":
      return `${config} builds this file, and it is not in the output folder; ${fix}`;
    case "stale":
      return `${config} no longer builds this file; ${fix} (the build removes it)`;
    case "changed": {
      const diff = driftReport([d]).split("\n").slice(1);
      return [`differs from what ${config} builds (- on disk, + built); ${fix}:`, ...diff]
        .map((line) => line.replace(/^ {6}/, ""))
        .join("\n");
    }
  }
}

export const checkCommand: Command = {
  name: "check",
  help: `Usage: mixkit check [--config FILE] [--out DIR] [--typecheck] [--format text|json|github]

Builds the project in memory and compares it with the output folder, writing
nothing. Exits 1 with a summary of each difference (missing, changed with the
first lines of its diff, or stale) when the folder was edited by hand or the
sources changed without a rebuild; run it in CI.

Options:
${configHelp}
${outHelp}
      --typecheck    also type-check the config and the files it imports with
                     the project's TypeScript (npm i -D typescript) and its
                     tsconfig.json; each type error is a finding
${formatHelp}
                     json: {"drift": [{"kind", "path", "line"}], ...}, paths in
                     the output folder; kind is missing, changed or stale;
                     with --typecheck, "typeErrors": [{"file", "line",
                     "column", "code", "message"}]
${helpHelp}`,
  options: {
    ...configOption,
    ...outOption,
    ...helpOption,
    ...formatOption,
    typecheck: { type: "boolean" },
  },
  async run(values, io) {
    const format = reportFormat("check", values);
    return reportingErrors("check", format, io, async () => {
      const types = values["typecheck"] === true ? await typecheck(io, values) : undefined;
      const typeErrors = types?.errors ?? [];
      let project: Awaited<ReturnType<typeof loadProject>>;
      try {
        project = await loadProject(io, values);
      } catch (err) {
        // A config that does not load is a usage error (exit 2); its type errors say why.
        if (err instanceof ProjectLoadError && typeErrors.length > 0 && format === "text")
          io.out(typeErrors.map((e) => typeFindingLine(e, io.cwd)).join("\n"));
        if (err instanceof ProjectLoadError && typeErrors.length > 0 && format === "github")
          io.out(typeAnnotations(typeErrors, io).join("\n"));
        throw err;
      }
      const { files } = project.build;
      let drift: Drift[];
      try {
        drift = findDrift(project.outDir, files);
      } catch (err) {
        if (err instanceof ProjectError) throw new CliError(problemsMessage(project.out, err));
        throw err;
      }
      const code = drift.length === 0 && typeErrors.length === 0 ? exitCode.ok : exitCode.failed;
      const typeSummary =
        types === undefined
          ? ""
          : typeErrors.length === 0
            ? `; ${project.config} type-checks (TypeScript ${types.version}${types.tsconfig === undefined ? "" : `, ${shown(io, types.tsconfig)}`})`
            : `; ${typeErrors.length === 1 ? "1 type error" : `${typeErrors.length} type errors`} (TypeScript ${types.version})`;
      const summary =
        (drift.length === 0
          ? `mixkit check: the ${files.size} files in ${project.out} match ${project.config}`
          : `mixkit check: ${drift.length === 1 ? "1 file differs" : `${drift.length} files differ`} in ${project.out} from what ${project.config} builds`) +
        typeSummary;
      if (format === "json") {
        io.out(
          jsonReport({
            config: project.config,
            out: project.out,
            files: files.size,
            drift: drift.map((d) => ({ kind: d.kind, path: d.path, line: driftLine(d) })),
            ...(types === undefined
              ? {}
              : {
                  typeErrors: typeErrors.map((e) => ({
                    ...e,
                    file: e.file === undefined ? undefined : annotationPath(io.cwd, e.file),
                  })),
                }),
          }),
        );
      } else if (format === "github") {
        const annotations = drift.map((d) =>
          annotation({
            level: "error",
            file: annotationPath(io.cwd, path.join(project.outDir, d.path)),
            line: driftLine(d),
            title: `mixkit check: ${d.kind}`,
            message: driftMessage(d, project.config),
          }),
        );
        io.out([...typeAnnotations(typeErrors, io), ...annotations, summary].join("\n"));
      } else {
        const typeLines = typeErrors.map((e) => typeFindingLine(e, io.cwd));
        io.out(
          [
            ...typeLines,
            drift.length === 0
              ? summary
              : `${summary} (- on disk, + built); ${fix}:\n${driftReport(drift)}`,
          ].join("\n"),
        );
      }
      return code;
    });
  },
};

/** Each type error as a GitHub annotation on its file, line and column. */
function typeAnnotations(typeErrors: TypeCheck["errors"], io: Io): string[] {
  return typeErrors.map((e) =>
    annotation({
      level: "error",
      file: e.file === undefined ? undefined : annotationPath(io.cwd, e.file),
      line: e.line,
      col: e.column,
      title: `mixkit check: TS${e.code}`,
      message: e.message,
    }),
  );
}

/** The config's type errors; the config file is found as loadProject finds it. */
async function typecheck(io: Io, values: Values): Promise<TypeCheck> {
  let file: string;
  try {
    file = findConfigFile(io.cwd, values["config"] as string | undefined);
  } catch (err) {
    if (err instanceof ConfigLoadError) throw new CliError(err.message);
    throw err;
  }
  return typecheckConfig(file);
}
