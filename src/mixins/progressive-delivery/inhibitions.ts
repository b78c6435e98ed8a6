/**
 * Alertmanager inhibitions of the progressive delivery mixin. A failed canary mutes the rollback
 * alert of the same canary (same namespace and name, and cluster): Flagger rolled it back because
 * it failed, one page says both. `FlaggerMetricsAbsent` mutes the alerts that read Flagger's own
 * metrics in its cluster; FlaggerCanaryPhaseStuck (kube-state-metrics) stays. Each Keptn operator's
 * absence mutes the alerts that read that operator's metrics.
 */
import type { Inhibition } from "../../rules/inhibit.js";
import { inhibit } from "../../rules/inhibit.js";
import { absenceInhibits } from "../common/inhibitions.js";
import { groupBy } from "../common/labels.js";
import type { ProgressiveDeliveryConfig } from "./config.js";
import type { ProgressiveDeliveryRules } from "./rules.js";

export function progressiveDeliveryInhibitions(
  config: ProgressiveDeliveryConfig,
  rules: ProgressiveDeliveryRules,
): Inhibition[] {
  const a = rules.alerts;
  return [
    ...(a.canaryFailed && a.canaryRollbacks
      ? [
          inhibit(a.canaryFailed, a.canaryRollbacks, {
            equal: groupBy(config, "exported_namespace", "name"),
          }),
        ]
      : []),
    ...(a.flaggerMetricsAbsent
      ? absenceInhibits(config, a.flaggerMetricsAbsent, [
          a.canaryFailed,
          a.canaryStuck,
          a.canaryRollbacks,
        ])
      : []),
    ...(a.lifecycleOperatorMetricsAbsent
      ? absenceInhibits(config, a.lifecycleOperatorMetricsAbsent, [
          a.deploymentFailed,
          a.appDeploymentFailed,
          a.taskFailed,
          a.evaluationFailed,
        ])
      : []),
    ...(a.metricsOperatorMetricsAbsent
      ? absenceInhibits(config, a.metricsOperatorMetricsAbsent, [a.analysisFailed])
      : []),
  ];
}
