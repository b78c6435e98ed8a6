/** Renames labels in scenarios, to follow the rules renamed with renameRuleLabels. */
import { InstantVector } from "../promql/expr.js";
import { renameLabels, type LabelRenames } from "../promql/rename.js";
import type { AlertingRule } from "../rules/model.js";
import type { Expectation, Scenario } from "./scenario.js";

const renameKeys = (o: Readonly<Record<string, string>>, renames: LabelRenames) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [renames[k] ?? k, v]));

/**
 * `alerts` maps each original rule (or its name) to the renamed rule, so that expectations point at
 * what is emitted; the rule object itself tells apart alerts that share a name.
 */
export function renameScenarioLabels(
  scenarios: readonly Scenario[],
  renames: LabelRenames,
  alerts: ReadonlyMap<string | AlertingRule, AlertingRule>,
): Scenario[] {
  const alertFor = (a: AlertingRule) => alerts.get(a) ?? alerts.get(a.name) ?? a;
  const expectation = (e: Expectation): Expectation => {
    switch (e.kind) {
      case "samples":
        return {
          ...e,
          expr: new InstantVector(renameLabels(e.expr.node, renames)),
          samples: e.samples.map((s) => ({ ...s, labels: renameKeys(s.labels, renames) })),
        };
      case "noAlert":
        return { ...e, alert: alertFor(e.alert) };
      default:
        return { ...e, alert: alertFor(e.alert), labels: renameKeys(e.labels, renames) };
    }
  };
  return scenarios.map((s) => ({
    ...s,
    series: s.series.map((i) => ({ ...i, labels: renameKeys(i.labels, renames) })),
    expect: s.expect.map(expectation),
  }));
}
