/**
 * Which alerts and recording rules one build adds or removes against another: what a watch-mode line
 * reports. A rule is known by its mixin, group and name; alerts that share a name by design (one per
 * critical object) are counted, not merged.
 */
import { AlertingRule, RecordingRule } from "../rules/model.js";
import type { ProjectBuild } from "./project.js";

export interface RuleCounts {
  readonly alerts: ReadonlyMap<string, number>;
  readonly records: ReadonlyMap<string, number>;
}

export interface RuleChanges {
  readonly alerts: { readonly added: number; readonly removed: number };
  readonly records: { readonly added: number; readonly removed: number };
}

export function ruleCounts(build: ProjectBuild): RuleCounts {
  const alerts = new Map<string, number>();
  const records = new Map<string, number>();
  for (const mixin of build.mixins)
    for (const group of mixin.groups)
      for (const rule of group.rules) {
        const counts =
          rule instanceof AlertingRule
            ? alerts
            : rule instanceof RecordingRule
              ? records
              : undefined;
        const key = `${mixin.name}\u0000${group.name}\u0000${rule.name}`;
        counts?.set(key, (counts.get(key) ?? 0) + 1);
      }
  return { alerts, records };
}

function difference(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>) {
  let added = 0;
  let removed = 0;
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const change = (after.get(key) ?? 0) - (before.get(key) ?? 0);
    if (change > 0) added += change;
    else removed -= change;
  }
  return { added, removed };
}

export function ruleChanges(before: RuleCounts, after: RuleCounts): RuleChanges {
  return {
    alerts: difference(before.alerts, after.alerts),
    records: difference(before.records, after.records),
  };
}
