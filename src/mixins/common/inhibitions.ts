/**
 * The inhibition every shipped mixin has: a component's "metrics absent" alert mutes the alerts
 * that read its metrics, in the same cluster. Without a cluster label `equal` is empty, so any
 * firing absence mutes them all: right for one Prometheus (and one Alertmanager) per cluster.
 */
import { clusterLabel } from "../../catalog/define.js";
import { carriedLabels, inhibit, type Inhibition } from "../../rules/inhibit.js";
import type { AlertingRule } from "../../rules/model.js";
import { groupBy, type LabelConfig } from "./labels.js";

export function absenceInhibits(
  config: LabelConfig,
  // presenceLost types no label (none is sure on every branch); the per-cluster branch carries the
  // cluster label, which the run-time check of `inhibit` reads from the expression.
  absent: AlertingRule<string>,
  targets: readonly (AlertingRule<string> | undefined)[],
  sourceLabels: Readonly<Record<string, string>> = {},
): Inhibition[] {
  const present = targets.filter((t): t is AlertingRule<string> => t !== undefined);
  if (present.length === 0) return [];
  // An `absent()` that keeps no cluster label cannot say which cluster went dark: muting every
  // cluster's alerts would hide the others' trouble, and `equal` on a label it lacks mutes nothing.
  if (config.clusterLabel && !(carriedLabels(absent)?.has(clusterLabel) ?? true)) return [];
  return [inhibit(absent, present, { equal: groupBy<never>(config), sourceLabels })];
}
