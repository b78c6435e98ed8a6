/** Stable identifiers of the SPIRE mixin's outputs. */
import type { SpireConfig } from "./config.js";

export const mixinName = "spire";

export function dashboardUid(config: Pick<SpireConfig, "dashboardUidPrefix">): string {
  return `${config.dashboardUidPrefix}spire`;
}

/**
 * Every rule the mixin can produce, whatever its config (the keys of `overrides`); the config-space
 * test holds each build's rules to this list.
 */
export const ruleNames = [
  "host_status:spire_agent_manager_sync_fetch_entries_updates:rate5m",
  "host:spire_agent_manager_sync_fetch_entries_updates:success_ratio5m",
  "trust_domain_id:spire_server_manager_x509_ca_rotate_expiration:seconds_left",
  "SPIREAgentSyncFailure",
  "SPIREAgentFleetSyncFailure",
  "SPIREAgentNoSuccessfulSync",
  "SPIREAgentSVIDRotationFailure",
  "SPIREServerCAExpiringSoon",
  "SPIREServerCAPreparationFailure",
  "SPIREServerCAExpiryUnmonitored",
  "SPIREServerAttestationFailures",
  "SPIREServerDatastoreErrors",
  "SPIREServerEntryFetchErrors",
  "SPIREServerSVIDSigningErrors",
  "SPIREServerReplicasMissing",
  "SPIREMetricsAbsent",
] as const;
export type SpireRuleName = (typeof ruleNames)[number];
