/**
 * The project's `extraAlertLabels`: added to every alert of a mixin, under the alert's own labels,
 * with the scenarios' expectations pointed at the labelled alerts (so promtool expects the labels too)
 * and the inhibitions too (so Alertmanager matches the labelled alerts).
 */
import type { Inhibition } from "../rules/inhibit.js";
import { AlertingRule, RuleGroup } from "../rules/model.js";
import { renameScenarioLabels } from "../testing/rename.js";
import type { Scenario } from "../testing/scenario.js";

export function withAlertLabels(
  groups: readonly RuleGroup[],
  scenarios: readonly Scenario[],
  labels: Readonly<Record<string, string>>,
  inhibitions: readonly Inhibition[] = [],
): {
  groups: readonly RuleGroup[];
  scenarios: readonly Scenario[];
  inhibitions: readonly Inhibition[];
} {
  if (Object.keys(labels).length === 0) return { groups, scenarios, inhibitions };
  const labelled = new Map<AlertingRule, AlertingRule>();
  const newGroups = groups.map(
    (g) =>
      new RuleGroup(
        g.name,
        g.rules.map((r) => {
          if (!(r instanceof AlertingRule)) return r;
          const next = r.with({ labels: { ...labels, ...r.spec.labels } });
          labelled.set(r, next);
          return next;
        }),
        g.options,
      ),
  );
  return {
    groups: newGroups,
    scenarios: renameScenarioLabels(scenarios, {}, labelled),
    inhibitions: inhibitions.map((i) => i.relink(labelled)),
  };
}
