/**
 * The lint of a whole project: each mixin's rule groups with its own scrape interval and cluster
 * label, and all dashboards together (links may point from one mixin's dashboard to another's).
 * Every finding names the generated file it concerns and where in it.
 */
import { lintDashboards } from "../dashboards/lint.js";
import { lintGroups } from "../rules/lint.js";
import type { ProjectBuild } from "./project.js";

export interface ProjectLintFinding {
  readonly kind: "rule" | "dashboard";
  readonly mixin: string;
  /** The generated file, relative to the output folder. */
  readonly file: string;
  /** The check (rules) or lint rule (dashboards) that found it. */
  readonly check: string;
  /** e.g. `group "eso.alerts", alert "ExternalSecretNotReady", field "expr"`. */
  readonly where: string;
  /** JSON path in a dashboard, e.g. `panels[3].targets[0].expr`. */
  readonly path?: string;
  readonly message: string;
}

export interface ProjectLint {
  readonly findings: readonly ProjectLintFinding[];
  /** Findings a rule or panel silenced with a reason. */
  readonly silenced: number;
}

export function lintProject(build: ProjectBuild): ProjectLint {
  const findings: ProjectLintFinding[] = [];
  let silenced = 0;
  for (const m of build.mixins) {
    if (m.ruleFile === undefined) continue;
    const result = lintGroups(m.groups, m.lint);
    silenced += result.silenced.length;
    for (const f of result.findings)
      findings.push({ kind: "rule", mixin: m.name, file: m.ruleFile, ...f });
  }
  const owner = new Map(
    build.mixins.flatMap((m) => [...m.dashboardFiles].map(([uid, file]) => [uid, { m, file }])),
  );
  const dashboards = lintDashboards(build.mixins.flatMap((m) => m.dashboards));
  silenced += dashboards.silenced.length;
  for (const f of dashboards.findings) {
    const found = owner.get(f.dashboard);
    findings.push({
      kind: "dashboard",
      mixin: found?.m.name ?? "",
      file: found?.file ?? "",
      check: f.rule,
      where: f.where,
      path: f.path,
      message: f.message,
    });
  }
  return { findings, silenced };
}
