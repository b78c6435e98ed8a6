/** Stable identifiers of the progressive delivery mixin's outputs. */
import type { ProgressiveDeliveryConfig } from "./config.js";

export const mixinName = "progressive-delivery";

export function dashboardUid(
  config: Pick<ProgressiveDeliveryConfig, "dashboardUidPrefix">,
): string {
  return `${config.dashboardUidPrefix}progressive-delivery`;
}

/**
 * Every rule the mixin can produce, whatever its config (the keys of `overrides`); the config-space
 * test holds each build's rules to this list.
 */
export const ruleNames = [
  "FlaggerCanaryFailed",
  "FlaggerCanaryStuck",
  "FlaggerCanaryPhaseStuck",
  "FlaggerCanaryRollbacks",
  "FlaggerMetricsAbsent",
  "KeptnAnalysisFailed",
  "KeptnDeploymentFailed",
  "KeptnAppDeploymentFailed",
  "KeptnTaskFailed",
  "KeptnEvaluationFailed",
  "KeptnLifecycleOperatorMetricsAbsent",
  "KeptnMetricsOperatorMetricsAbsent",
] as const;
export type ProgressiveDeliveryRuleName = (typeof ruleNames)[number];
