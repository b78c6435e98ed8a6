/**
 * External Secrets Operator's own metrics (research/domain-metrics.md §1.1): exact names (counters
 * without `_total` where ESO registers them so), the object namespace in `namespace` (scraped as
 * `exported_namespace`), and the first ESO version exposing each.
 */
import { defineCatalog, defineMetric } from "../../catalog/define.js";
import * as controllerRuntime from "../common/controller-runtime.js";

const component = "external-secrets";
const esmetrics = { component, file: "pkg/controllers/externalsecret/esmetrics/esmetrics.go" };

const condition = (name: string, kind: string, file: string, since: string) =>
  defineMetric({
    name,
    kind: "gauge",
    labels: ["name", "namespace", "condition", "status"],
    objectNamespace: "namespace",
    unit: "none",
    help: `1 for the ${kind}'s current condition status, 0 for the opposite status.`,
    source: { component, file },
    since,
  });

/** Reconcile durations are Go time.Duration values: nanoseconds, of the last reconcile only. */
const duration = (name: string, kind: string, file: string, since: string) =>
  defineMetric({
    name,
    kind: "gauge",
    labels: ["name", "namespace"],
    objectNamespace: "namespace",
    unit: "nanoseconds",
    help: `Duration of the ${kind}'s last reconcile, in nanoseconds.`,
    source: { component, file },
    since,
  });

export const externalSecretSyncCalls = defineMetric({
  name: "externalsecret_sync_calls_total",
  kind: "counter",
  labels: ["name", "namespace"],
  objectNamespace: "namespace",
  unit: "count",
  help: "Sync calls of an ExternalSecret (kept after the ExternalSecret is deleted).",
  source: esmetrics,
  since: "v0.1.0",
});

export const externalSecretSyncErrors = defineMetric({
  name: "externalsecret_sync_calls_error",
  kind: "counter",
  labels: ["name", "namespace"],
  objectNamespace: "namespace",
  unit: "count",
  help: "Failed sync calls of an ExternalSecret.",
  source: esmetrics,
  since: "v0.1.0",
});

export const externalSecretCondition = condition(
  "externalsecret_status_condition",
  "ExternalSecret",
  esmetrics.file,
  "v0.1.0",
);
export const externalSecretReconcileDuration = duration(
  "externalsecret_reconcile_duration",
  "ExternalSecret",
  esmetrics.file,
  "v0.6.0",
);

export const providerApiCalls = defineMetric({
  name: "externalsecret_provider_api_calls_count",
  kind: "counter",
  labels: ["provider", "call", "status"],
  unit: "count",
  help: "Calls to secret providers' APIs by provider, call and status (success or error).",
  source: { component, file: "runtime/metrics/metrics.go" },
  since: "v0.8.0",
});

const ps = "pkg/controllers/pushsecret/psmetrics/psmetrics.go";
export const pushSecretCondition = condition(
  "pushsecret_status_condition",
  "PushSecret",
  ps,
  "v0.14.4",
);
export const pushSecretReconcileDuration = duration(
  "pushsecret_reconcile_duration",
  "PushSecret",
  ps,
  "v0.9.0",
);

const ss = "pkg/controllers/secretstore/ssmetrics/ssmetrics.go";
export const secretStoreCondition = condition(
  "secretstore_status_condition",
  "SecretStore",
  ss,
  "v0.9.0",
);
export const secretStoreReconcileDuration = duration(
  "secretstore_reconcile_duration",
  "SecretStore",
  ss,
  "v0.9.0",
);

const css = "pkg/controllers/secretstore/cssmetrics/cssmetrics.go";
export const clusterSecretStoreCondition = condition(
  "clustersecretstore_status_condition",
  "ClusterSecretStore",
  css,
  "v0.9.0",
);
export const clusterSecretStoreReconcileDuration = duration(
  "clustersecretstore_reconcile_duration",
  "ClusterSecretStore",
  css,
  "v0.9.0",
);

/** Cannot report failure (ESO only records Ready=True for it): charted, never alerted on. */
export const clusterExternalSecretCondition = condition(
  "clusterexternalsecret_status_condition",
  "ClusterExternalSecret",
  "pkg/controllers/clusterexternalsecret/cesmetrics/cesmetrics.go",
  "v0.9.0",
);
export const clusterExternalSecretReconcileDuration = duration(
  "clusterexternalsecret_reconcile_duration",
  "ClusterExternalSecret",
  "pkg/controllers/clusterexternalsecret/cesmetrics/cesmetrics.go",
  "v0.8.3",
);
/** Cannot report failure either (same code path as ClusterExternalSecret). */
export const clusterPushSecretCondition = condition(
  "clusterpushsecret_status_condition",
  "ClusterPushSecret",
  "pkg/controllers/clusterpushsecret/cpsmetrics/cpsmetrics.go",
  "v0.15.0",
);
export const clusterPushSecretReconcileDuration = duration(
  "clusterpushsecret_reconcile_duration",
  "ClusterPushSecret",
  "pkg/controllers/clusterpushsecret/cpsmetrics/cpsmetrics.go",
  "v0.15.0",
);

export const catalog = defineCatalog({
  externalSecretSyncCalls,
  externalSecretSyncErrors,
  externalSecretCondition,
  externalSecretReconcileDuration,
  providerApiCalls,
  pushSecretCondition,
  pushSecretReconcileDuration,
  secretStoreCondition,
  secretStoreReconcileDuration,
  clusterSecretStoreCondition,
  clusterSecretStoreReconcileDuration,
  clusterExternalSecretCondition,
  clusterExternalSecretReconcileDuration,
  clusterPushSecretCondition,
  clusterPushSecretReconcileDuration,
  reconcileTotal: controllerRuntime.reconcileTotal,
  reconcileErrorsTotal: controllerRuntime.reconcileErrorsTotal,
  reconcileTime: controllerRuntime.reconcileTime,
  activeWorkers: controllerRuntime.activeWorkers,
  maxConcurrentReconciles: controllerRuntime.maxConcurrentReconciles,
  workqueueDepth: controllerRuntime.workqueueDepth,
  workqueueLongestRunning: controllerRuntime.workqueueLongestRunning,
  webhookRequestsTotal: controllerRuntime.webhookRequestsTotal,
  webhookLatency: controllerRuntime.webhookLatency,
  up: controllerRuntime.up,
});
