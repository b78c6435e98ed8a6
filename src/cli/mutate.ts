/**
 * `mixkit test --mutate`: the mutation report of the project's mixins, as text, JSON or GitHub
 * annotations. The exit code is 1 when the score is below the config's `mutationScore`.
 */
import path from "node:path";
import { ruleLocation } from "../generate/locate.js";
import type { ProjectBuild } from "../generate/project.js";
import { runMutations, type MutantOutcome, type MutationReport } from "../testing/mutate/run.js";
import { CliError, exitCode } from "./command.js";
import type { Io } from "./io.js";
import type { LoadedProject } from "./project.js";
import {
  annotation,
  annotationPath,
  jsonReport,
  type CommandReport,
  type ReportFormat,
} from "./report-format.js";

const percent = (score: number) => `${(Math.floor(score * 1000) / 10).toFixed(1)}%`;

function selectedMixins(build: ProjectBuild, only: string | undefined) {
  const withRules = build.mixins.filter((m) => m.groups.length > 0);
  if (only === undefined) return withRules;
  const found = withRules.filter((m) => m.name === only);
  if (found.length === 0)
    throw new CliError(
      `mixkit test --mutate: --mixin ${only}: no mixin of that name has rules in this project (${withRules.map((m) => m.name).join(", ") || "none"})`,
    );
  return found;
}

interface Tally {
  mutants: number;
  killed: number;
  survived: number;
  silenced: number;
}
const tally = (outcomes: readonly MutantOutcome[]): Tally => {
  const n = (s: MutantOutcome["status"]) => outcomes.filter((o) => o.status === s).length;
  const [killed, survived, silenced] = [n("killed"), n("survived"), n("silenced")];
  return { mutants: killed + survived + silenced, killed, survived, silenced };
};
const scoreOf = (t: Tally) =>
  t.killed + t.survived === 0 ? 1 : t.killed / (t.killed + t.survived);

const groupBy = <T>(items: readonly T[], key: (t: T) => string) => {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
};

function textDetails(report: MutationReport): string[] {
  const lines: string[] = [];
  for (const [mixin, outcomes] of groupBy(report.outcomes, (o) => o.mixin)) {
    const t = tally(outcomes);
    lines.push(
      `${mixin}: ${t.mutants} mutants, ${t.killed} killed, ${t.survived} survived, ${t.silenced} silenced (${percent(scoreOf(t))})`,
    );
    for (const [rule, ofRule] of groupBy(outcomes, (o) => o.rule)) {
      const r = tally(ofRule);
      lines.push(
        `  ${rule}: ${r.killed}/${r.killed + r.survived} killed${r.silenced > 0 ? `, ${r.silenced} silenced` : ""}`,
      );
      for (const o of ofRule.filter((x) => x.status === "survived")) {
        lines.push(`    survived  ${o.operator}${o.site === o.before ? "" : ` at ${o.site}`}`);
        lines.push(`      - ${o.before}`, `      + ${o.after}`);
        lines.push(
          o.scenarios.length === 0
            ? "      ran: no scenario"
            : `      ran: ${o.scenarios.length} scenario${o.scenarios.length === 1 ? "" : "s"}: ${o.scenarios.join("; ")}`,
        );
        if (o.hint) lines.push(`      hint: ${o.hint}`);
      }
      for (const o of ofRule.filter((x) => x.status === "silenced"))
        lines.push(`    silenced  ${o.operator}: ${o.reason ?? ""}`);
    }
  }
  return lines;
}

function summaryLine(report: MutationReport, required: number | undefined): string {
  const refused = report.invalid > 0 ? ` (${report.invalid} refused by promtool, not counted)` : "";
  const bar =
    required === undefined
      ? ""
      : `, ${report.score >= required ? "at or above" : "below"} the required ${percent(required)}`;
  return `mixkit test --mutate: ${report.mutants} mutants, ${report.killed} killed, ${report.survived} survived, ${report.silenced} silenced${refused}; score ${percent(report.score)}${bar}`;
}

export async function mutationReport(
  project: LoadedProject,
  io: Io,
  format: ReportFormat,
  parallel: number,
  only: string | undefined,
): Promise<CommandReport> {
  const mixins = selectedMixins(project.build, only);
  io.status?.("mixkit test --mutate: preparing mutants");
  const report = await runMutations(
    mixins.map((m) => ({ name: m.name, groups: m.groups, scenarios: m.scenarios })),
    {
      parallel,
      onProgress: (done, total) =>
        io.status?.(`mixkit test --mutate: ${done}/${total} mutants run`),
    },
  );
  io.status?.("");
  const required = project.build.mutationScore;
  const code = required !== undefined && report.score < required ? exitCode.failed : exitCode.ok;
  const summary = summaryLine(report, required);
  if (format === "json") {
    const strip = ({ at: _, ...o }: MutantOutcome) => o;
    return {
      details: [
        jsonReport({
          config: project.config,
          mutants: report.mutants,
          killed: report.killed,
          survived: report.survived,
          silenced: report.silenced,
          invalid: report.invalid,
          score: report.score,
          ...(required === undefined ? {} : { required }),
          mixins: [...groupBy(report.outcomes, (o) => o.mixin)].map(([name, outcomes]) => {
            const t = tally(outcomes);
            return { name, ...t, score: scoreOf(t) };
          }),
          survivors: report.outcomes.filter((o) => o.status === "survived").map(strip),
          silencedMutants: report.outcomes
            .filter((o) => o.status === "silenced")
            .map((o) => ({ mixin: o.mixin, rule: o.rule, operator: o.operator, reason: o.reason })),
        }),
      ],
      code,
    };
  }
  if (format === "github") {
    const files = new Map(mixins.map((m) => [m.name, m.ruleFile]));
    return {
      details: report.outcomes
        .filter((o) => o.status === "survived")
        .map((o) => {
          const file = files.get(o.mixin);
          const where = file && ruleLocation(project.build.files.get(file) ?? "", o.at[0], o.at[1]);
          return annotation({
            level: code === exitCode.failed ? "error" : "warning",
            file: file && annotationPath(io.cwd, path.join(project.outDir, file)),
            line: where ? where.line : undefined,
            col: where ? where.column : undefined,
            title: `mutant survived: ${o.rule} (${o.operator})`,
            message: `${o.after}\n${o.hint ?? ""}`,
          });
        }),
      summary,
      code,
    };
  }
  return { details: textDetails(report), summary, code };
}
