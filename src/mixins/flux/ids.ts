/** Stable identifiers of the Flux mixin's outputs. */
import type { FluxConfig } from "./config.js";

export const mixinName = "flux";

export function dashboardUid(config: Pick<FluxConfig, "dashboardUidPrefix">): string {
  return `${config.dashboardUidPrefix}flux`;
}

/**
 * Every rule the mixin can produce, whatever its config (the keys of `overrides`); the config-space
 * test holds each build's rules to this list.
 */
export const ruleNames = [
  "kind_namespace_name:flux_resource_status:not_ready",
  "kind_namespace_name:flux_resource_status:ready",
  "kind_namespace_name:flux_resource_status:suspended",
  "kind_namespace_name:flux_resource_status:unknown",
  "kind:flux_resource_status:present",
  "kind:gotk_reconcile_duration_seconds:slow_ratio_rate15m",
  "FluxHelmReleaseNotReady",
  "FluxKustomizationNotReady",
  "FluxSourceNotReady",
  "FluxResourceSuspended",
  "FluxReconcileSlow",
  "FluxResourceReadyUnknown",
  "FluxImageAutomationNotReady",
  "FluxReceiverNotReady",
  "FluxInstanceNotReady",
  "FluxMetricsAbsent",
  "FluxControllerMetricsAbsent",
  "FluxKindMetricsAbsent",
] as const;
export type FluxRuleName = (typeof ruleNames)[number];
