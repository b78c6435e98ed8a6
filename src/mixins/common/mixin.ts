/**
 * What every mixin gives: rule groups and scenarios with the config's label names, dashboards and
 * any other files it ships. One function turns that into the files a GitOps repository commits.
 */
import type { DashboardBuilder } from "../../dashboards/dashboard.js";
import { alertmanagerArtifacts, ruleArtifacts } from "../../rules/artifacts.js";
import type { Inhibition } from "../../rules/inhibit.js";
import type { AppliedOverride } from "../../rules/overrides.js";
import { AlertingRule, type RuleGroup } from "../../rules/model.js";
import { renameRuleLabels } from "../../rules/rename.js";
import type { LabelRenames } from "../../promql/rename.js";
import { compileTestFiles } from "../../testing/compile.js";
import { renameScenarioLabels } from "../../testing/rename.js";
import type { InputSeries, Scenario } from "../../testing/scenario.js";

export interface MixinOutput {
  readonly name: string;
  /** The rule groups with the config's label names, as emitted. */
  readonly groups: readonly RuleGroup[];
  /** promtool scenarios for those groups. */
  readonly scenarios: readonly Scenario[];
  /** Alertmanager inhibitions between the alerts of those groups (`inhibit(...)`). */
  readonly inhibitions: readonly Inhibition[];
  /** The config's `overrides` as applied: each rule turned off or patched (or not produced). */
  readonly overrides?: readonly AppliedOverride[];
  readonly dashboards: readonly DashboardBuilder[];
  /** Other files the mixin ships beside its rules (e.g. a kube-state-metrics config), by name. */
  readonly extraFiles: ReadonlyMap<string, string>;
  /** Series for the dashboard panels that no scenario feeds (latency, queues): see testing/live. */
  readonly dashboardFixtures: readonly InputSeries[];
  /** Labels of the PrometheusRule objects (kube-prometheus-stack selects on `release`). */
  readonly prometheusRuleLabels: Readonly<Record<string, string>>;
}

/**
 * Renames the labels of rule groups, of their scenarios and inhibitions together. Each scenario
 * expectation and inhibition is pointed at the renamed copy of its very rule: alerts for critical
 * objects share a name.
 */
export function renameMixinLabels(
  groups: readonly RuleGroup[],
  scenarios: readonly Scenario[],
  renames: LabelRenames,
  inhibitions: readonly Inhibition[] = [],
): { groups: RuleGroup[]; scenarios: Scenario[]; inhibitions: Inhibition[] } {
  const renamedGroups = renameRuleLabels(groups, renames);
  const renamedAlerts = new Map<AlertingRule, AlertingRule>();
  groups.forEach((g, gi) =>
    g.rules.forEach((r, ri) => {
      const renamed = renamedGroups[gi]?.rules[ri];
      if (r instanceof AlertingRule && renamed instanceof AlertingRule)
        renamedAlerts.set(r, renamed);
    }),
  );
  return {
    groups: renamedGroups,
    scenarios: renameScenarioLabels(scenarios, renames, renamedAlerts),
    inhibitions: inhibitions.map((i) => i.relink(renamedAlerts, renames)),
  };
}

/** Fixture series with the config's label names. */
export function renameFixtureLabels(
  fixtures: readonly InputSeries[],
  renames: LabelRenames,
): InputSeries[] {
  return fixtures.map((f) => ({
    ...f,
    labels: Object.fromEntries(Object.entries(f.labels).map(([k, v]) => [renames[k] ?? k, v])),
  }));
}

/**
 * The rule file, the PrometheusRule manifest, the promtool tests, the Alertmanager inhibitions and
 * the extra files of a mixin, by file name (`<name>.rules.yaml`, `<name>.prometheusrule.yaml`,
 * `<name>.rules.test.yaml`, `<name>.alertmanager.yaml`, ...).
 * Scenarios with their own evaluation interval are in `<name>.rules.eval-<interval>.test.yaml`.
 */
export function mixinRuleFiles(mixin: MixinOutput): Map<string, string> {
  const files = ruleArtifacts(mixin.groups, {
    name: mixin.name,
    prometheusRule: { labels: mixin.prometheusRuleLabels },
  });
  const tests = compileTestFiles(
    { ruleFiles: [`${mixin.name}.rules.yaml`], groups: mixin.groups, scenarios: mixin.scenarios },
    `${mixin.name}.rules.test.yaml`,
  );
  for (const [file, text] of tests) files.set(file, text);
  const inhibitions = alertmanagerArtifacts(mixin.groups, mixin.inhibitions, { name: mixin.name });
  for (const [file, text] of inhibitions) files.set(file, text);
  for (const [file, text] of mixin.extraFiles) files.set(file, text);
  return files;
}
