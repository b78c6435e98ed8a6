/**
 * Alertmanager inhibitions of the External Secrets mixin. A SecretStore that is not ready mutes the
 * not-ready ExternalSecrets and PushSecrets of its namespace (and cluster): the store is the cause.
 * A ClusterSecretStore has an empty namespace label, so it mutes nothing: its users can be in any
 * namespace and ESO's metrics do not say which objects use which store. The "metrics absent"
 * alert mutes the alerts that read ESO's metrics in its cluster; ExternalSecretRefreshStale reads
 * kube-state-metrics and stays: objects not being refreshed is what a dead controller does. The
 * webhook's and cert-controller's absence alerts are their components' only alerts: nothing to mute.
 */
import type { Inhibition } from "../../rules/inhibit.js";
import { inhibit } from "../../rules/inhibit.js";
import { absenceInhibits } from "../common/inhibitions.js";
import { groupBy } from "../common/labels.js";
import type { ExternalSecretsConfig } from "./config.js";
import type { ExternalSecretsRules } from "./rules.js";

export function externalSecretsInhibitions(
  config: ExternalSecretsConfig,
  rules: ExternalSecretsRules,
): Inhibition[] {
  const a = rules.alerts;
  const notReady = [
    a.externalSecretNotReady,
    ...a.externalSecretNotReadyCritical,
    ...(a.pushSecretNotReady ? [a.pushSecretNotReady, ...a.pushSecretNotReadyCritical] : []),
  ];
  return [
    ...(a.secretStoreNotReady
      ? [
          inhibit(a.secretStoreNotReady, notReady, {
            equal: groupBy(config, "exported_namespace"),
          }),
        ]
      : []),
    ...absenceInhibits(config, a.metricsAbsent, [
      ...notReady,
      a.syncErrors,
      a.secretStoreNotReady,
      a.providerErrors,
      a.reconcileErrors,
      a.clusterReconcileErrors,
    ]),
  ];
}
