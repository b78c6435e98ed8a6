/**
 * The lint of a whole project: each mixin's rule groups with its own scrape interval and cluster
 * label, and all dashboards together (links may point from one mixin's dashboard to another's).
 * Every finding names the generated file it concerns and where in it, down to the line.
 */
import { lintDashboards } from "../dashboards/lint.js";
import { lintGroups } from "../rules/lint.js";
import { shippedRunbooks } from "../mixins/common/links.js";
import { jsonPathLocation, ruleLocation, type Location } from "./locate.js";
import type { UnsetUrl } from "./mixins.js";
import type { ProjectBuild } from "./project.js";

export interface ProjectLintFinding {
  /** `config`: a setting of a shipped mixin's config (e.g. an unset URL), found in no one rule. */
  readonly kind: "rule" | "dashboard" | "config";
  readonly mixin: string;
  /** The generated file, relative to the output folder. */
  readonly file: string;
  /** The check (rules) or lint rule (dashboards) that found it. */
  readonly check: string;
  /**
   * e.g. `group "eso.alerts", alert "ExternalSecretNotReady", field "expr"`; for a config finding,
   * the setting: `mixins.flux, runbookBaseUrl`.
   */
  readonly where: string;
  /** JSON path in a dashboard, e.g. `panels[3].targets[0].expr`. */
  readonly path?: string;
  readonly message: string;
  /**
   * Where in `file` (1-based): a rule's `- alert:`/`- record:` line, a group's `- name:` line,
   * a dashboard field's line, or for a missing field the `"title"` line of its panel (variable:
   * `"name"`; dashboard: its `"title"`). Absent when the file has no such place.
   */
  readonly line?: number;
  readonly column?: number;
}

export interface ProjectLint {
  readonly findings: readonly ProjectLintFinding[];
  /** How many findings a rule or panel silenced with a reason. */
  readonly silenced: number;
  /** Those findings, each with the reason given (`mixkit lint --silenced` lists them). */
  readonly silencedFindings: readonly (ProjectLintFinding & { readonly reason: string })[];
}

const urlChecks = {
  runbookBaseUrl: {
    check: "runbook-base-url-unset",
    annotation: "runbook_url:",
    message: (mixin: string) =>
      `not set, so each runbook_url links mixkit's runbooks of this release on GitHub (${shippedRunbooks(mixin)}); set it to where your team keeps its runbooks`,
  },
  grafanaUrl: {
    check: "grafana-url-unset",
    annotation: undefined,
    message: () =>
      "not set, so the alerts carry no dashboard_url; set it to Grafana's external URL (its root_url)",
  },
} as const satisfies Record<UnsetUrl, unknown>;

/** Where in `text` a line starts with `marker` after its indentation (1-based), if anywhere. */
function firstLine(text: string, marker: string): Location | undefined {
  const lines = text.split("\n");
  const index = lines.findIndex((l) => l.trimStart().startsWith(marker));
  if (index < 0) return undefined;
  const line = lines[index] ?? "";
  return { line: index + 1, column: line.length - line.trimStart().length + 1 };
}

export function lintProject(build: ProjectBuild): ProjectLint {
  const findings: ProjectLintFinding[] = [];
  const silencedFindings: (ProjectLintFinding & { reason: string })[] = [];
  const text = (file: string) => build.files.get(file) ?? "";
  const place = (where: Location | undefined) =>
    where === undefined ? {} : { line: where.line, column: where.column };
  for (const m of build.mixins) {
    if (m.ruleFile === undefined) continue;
    const ruleFile = m.ruleFile;
    for (const unset of m.unsetUrls) {
      const { check, annotation, message } = urlChecks[unset];
      const f: ProjectLintFinding = {
        kind: "config",
        mixin: m.name,
        file: ruleFile,
        check,
        where: `${m.at}, ${unset}`,
        message: `${message(m.name)}, or silence "${check}" with a reason in the config's lint.silence`,
        ...place(annotation === undefined ? undefined : firstLine(text(ruleFile), annotation)),
      };
      const silence = build.lint.silence.find(
        (s) => s.check === check && (s.mixin === undefined || s.mixin === m.name),
      );
      if (silence === undefined) findings.push(f);
      else silencedFindings.push({ ...f, reason: silence.reason });
    }
    const result = lintGroups(m.groups, m.lint);
    const ruleFinding = ({ location, ...f }: (typeof result.findings)[number]) => ({
      kind: "rule" as const,
      mixin: m.name,
      file: ruleFile,
      ...f,
      ...place(ruleLocation(text(ruleFile), location.group, location.rule)),
    });
    findings.push(...result.findings.map(ruleFinding));
    silencedFindings.push(
      ...result.silenced.map(({ reason, ...f }) => ({ ...ruleFinding(f), reason })),
    );
  }
  const owner = new Map(
    build.mixins.flatMap((m) => [...m.dashboardFiles].map(([uid, file]) => [uid, { m, file }])),
  );
  const dashboards = lintDashboards(build.mixins.flatMap((m) => m.dashboards));
  const dashboardFinding = (f: (typeof dashboards.findings)[number]): ProjectLintFinding => {
    const found = owner.get(f.dashboard);
    const file = found?.file ?? "";
    return {
      kind: "dashboard",
      mixin: found?.m.name ?? "",
      file,
      check: f.rule,
      where: f.where,
      path: f.path,
      message: f.message,
      ...place(file === "" ? undefined : jsonPathLocation(text(file), f.path)),
    };
  };
  findings.push(...dashboards.findings.map(dashboardFinding));
  silencedFindings.push(
    ...dashboards.silenced.map(({ reason, ...f }) => ({ ...dashboardFinding(f), reason })),
  );
  return { findings, silenced: silencedFindings.length, silencedFindings };
}
