/**
 * Alertmanager inhibitions of the SPIRE mixin: `SPIREMetricsAbsent` names the side that vanished in
 * its `component` label, and mutes only that side's alerts (agents gone say nothing about the
 * server's CA, and the reverse).
 */
import type { Inhibition } from "../../rules/inhibit.js";
import { absenceInhibits } from "../common/inhibitions.js";
import type { SpireConfig } from "./config.js";
import type { SpireRules } from "./rules.js";

export function spireInhibitions(config: SpireConfig, rules: SpireRules): Inhibition[] {
  const a = rules.alerts;
  const agent = [
    a.agentSyncFailure,
    a.agentFleetSyncFailure,
    a.agentNoSuccessfulSync,
    a.agentSvidRotationFailure,
  ];
  const server = [
    a.caExpiringSoon,
    a.caPreparationFailure,
    a.caExpiryUnmonitored,
    a.serverAttestationFailures,
    a.serverDatastoreErrors,
    a.serverEntryFetchErrors,
    a.serverSvidSigningErrors,
    a.serverReplicasMissing,
  ];
  return [
    ...absenceInhibits(config, a.metricsAbsent, agent, { component: "agent" }),
    ...absenceInhibits(config, a.metricsAbsent, server, { component: "server" }),
  ];
}
