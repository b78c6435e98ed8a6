/**
 * Verification on a live Prometheus: a project's rules and dashboards against the series of its
 * scenarios (and fixtures), on the real server. Every rule must load healthy, every recording rule
 * must record, and every panel target must return data with the labels its legend names ("All" for
 * every variable) and answer for a concrete value of each variable.
 */
import type { DashboardBuilder } from "../dashboards/dashboard.js";
import { emitRuleFile } from "../rules/emit.js";
import { RecordingRule, RuleGroup, type GroupOptions } from "../rules/model.js";
import {
  fixtureSeries,
  legendLabels,
  panelTargets,
  scenarioFixtures,
  substituteVariables,
} from "./live.js";
import { toOpenMetrics } from "./openmetrics.js";
import { startPrometheus, type PrometheusServer } from "./prometheus-server.js";
import type { InputSeries, Scenario } from "./scenario.js";

export interface VerifiableMixin {
  readonly name: string;
  readonly groups: readonly RuleGroup[];
  readonly scenarios: readonly Scenario[];
  /** Series for panels no scenario feeds. */
  readonly fixtures?: readonly InputSeries[];
  readonly dashboards: readonly DashboardBuilder[];
}

export interface VerifyProblem {
  /** `<mixin> rule <name>` or `<dashboard> / <panel> (<refId>)`. */
  readonly where: string;
  readonly message: string;
}

export interface VerifyReport {
  readonly rules: number;
  readonly targets: number;
  readonly problems: readonly VerifyProblem[];
}

interface DashboardJson {
  readonly title: string;
  readonly panels: Parameters<typeof panelTargets>[0]["panels"];
  readonly templating?: {
    readonly list: readonly { name: string; type: string; definition?: string }[];
  };
}

/** The first value each query variable offers on the server, earlier variables filled in. */
async function concreteValues(
  server: PrometheusServer,
  dashboard: DashboardJson,
): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const v of dashboard.templating?.list ?? []) {
    const m = /^label_values\((.*), *([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(v.definition ?? "");
    if (v.type !== "query" || !m) continue;
    const offered = await server.labelValues(
      m[2] as string,
      substituteVariables(m[1] as string, values),
    );
    // Grafana escapes a value for a regex matcher, and again for the PromQL string around it.
    if (offered[0] !== undefined)
      values[v.name] = offered[0].replace(/[.*+?^${}()|[\]\\]/g, "\\\\$&");
  }
  return values;
}

/**
 * How often a live test server evaluates every rule group: a live check waits for three
 * evaluations (rules reading other rules' records need them), so this is most of its run time.
 */
export const liveEvaluationInterval = "1s";

/**
 * Each mixin's rule file for a test server, every group at the server's interval whatever its own:
 * a live check is about what rules return, not how often they run, and a 3m group would keep it
 * waiting minutes for its first evaluation.
 */
export function liveRuleFiles(
  mixins: readonly Pick<VerifiableMixin, "name" | "groups">[],
): Record<string, string> {
  return Object.fromEntries(
    mixins
      .filter((m) => m.groups.length > 0)
      .map((m) => [
        `${m.name}.rules.yaml`,
        emitRuleFile(m.groups.map((g) => new RuleGroup(g.name, g.rules, withoutInterval(g)))),
      ]),
  );
}

export async function verifyLive(
  mixins: readonly VerifiableMixin[],
  options: { readonly endMs?: number } = {},
): Promise<VerifyReport> {
  // The fixtures end now: the server's first rule evaluations see each scenario's last state.
  const endMs = options.endMs ?? Date.now();
  const problems: VerifyProblem[] = [];
  const server = await startPrometheus({
    ruleFiles: liveRuleFiles(mixins),
    fixtures: toOpenMetrics(
      mixins.flatMap((m) => [
        ...scenarioFixtures(m.scenarios, endMs),
        ...fixtureSeries(m.fixtures ?? [], endMs),
      ]),
    ),
    evaluationInterval: liveEvaluationInterval,
  });
  let rules = 0;
  let targets = 0;
  try {
    await server.waitForRuleEvaluations(3);
    const now = Date.now() / 1000;
    for (const g of await server.ruleGroups())
      for (const r of g.rules)
        if (r.health !== "ok")
          problems.push({
            where: `group ${g.name}, rule ${r.name}`,
            message: `health ${r.health}${r.lastError ? `: ${r.lastError}` : ""}`,
          });
    for (const m of mixins)
      for (const rule of m.groups.flatMap((g) => g.rules)) {
        rules++;
        if (!(rule instanceof RecordingRule)) continue;
        const result = await server.query(rule.name, now);
        if (result.result.length === 0)
          problems.push({
            where: `${m.name} rule ${rule.name}`,
            message: "records nothing on the scenarios' series",
          });
      }
    for (const dashboard of mixins.flatMap((m) => m.dashboards)) {
      const json = JSON.parse(dashboard.json()) as DashboardJson;
      const concrete = await concreteValues(server, json);
      for (const target of panelTargets(json)) {
        targets++;
        const where = `${target.dashboard} / ${target.panel} (${target.refId})`;
        const expr = substituteVariables(target.expr, {});
        try {
          const result = target.instant
            ? await server.query(expr, now)
            : await server.queryRange(expr, now - 1800, now, 60);
          const series = result.result as { metric: Record<string, string> }[];
          if (series.length === 0) problems.push({ where, message: `no data for: ${expr}` });
          for (const label of legendLabels(target.legendFormat ?? ""))
            if (series.length > 0 && !series.some((s) => label in s.metric))
              problems.push({ where, message: `legend names ${label}, absent from the result` });
          await server.query(substituteVariables(target.expr, concrete), now);
        } catch (err) {
          problems.push({ where, message: (err as Error).message });
        }
      }
    }
  } finally {
    await server.stop();
  }
  return { rules, targets, problems };
}

function withoutInterval(g: RuleGroup): GroupOptions {
  const { interval: _, ...rest } = g.options;
  return rest;
}
