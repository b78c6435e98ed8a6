/** Stable identifiers of the External Secrets mixin's outputs. */
import type { ExternalSecretsConfig } from "./config.js";

export const mixinName = "external-secrets";

export function dashboardUid(config: Pick<ExternalSecretsConfig, "dashboardUidPrefix">): string {
  return `${config.dashboardUidPrefix}external-secrets`;
}

/**
 * Every rule the mixin can produce, whatever its config (the keys of `overrides`); the config-space
 * test holds each build's rules to this list.
 */
export const ruleNames = [
  "namespace_name:externalsecret_status_condition:not_ready",
  "namespace_name:pushsecret_status_condition:not_ready",
  "namespace:externalsecret_status_condition:not_ready_count",
  "namespace:pushsecret_status_condition:not_ready_count",
  "namespace_name_kind:secretstore_status_condition:not_ready",
  "namespace_name:externalsecret_sync_calls_error:increase15m",
  "provider_call_status:externalsecret_provider_api_calls_count:rate5m",
  "provider_call:externalsecret_provider_api_calls_count:error_ratio5m",
  "controller:controller_runtime_reconcile_total:error_ratio5m",
  "controller_le:controller_runtime_reconcile_time_seconds_bucket:rate5m",
  "ExternalSecretNotReady",
  "PushSecretNotReady",
  "SecretStoreNotReady",
  "ExternalSecretSyncErrors",
  "ExternalSecretsProviderErrors",
  "ExternalSecretsReconcileErrors",
  "ExternalSecretsMetricsAbsent",
  "ExternalSecretsClusterReconcileErrors",
  "ExternalSecretsWebhookMetricsAbsent",
  "ExternalSecretsCertControllerMetricsAbsent",
  "ExternalSecretRefreshStale",
] as const;
export type ExternalSecretsRuleName = (typeof ruleNames)[number];
