/**
 * The optional second source: ESO's objects read by kube-state-metrics from the API server, which
 * knows what ESO's own gauges lack (the Ready reason and message, the store, the last refresh) and is
 * the same whatever the number of controller replicas. One table gives both the catalog metrics the
 * queries use and the CustomResourceStateMetrics config that makes kube-state-metrics expose them
 * (research/domain-metrics.md §6), so the two cannot disagree.
 */
import { defineMetric } from "../../catalog/define.js";
import type { LabelRenames } from "../../promql/rename.js";
import { toYaml } from "../../rules/yaml.js";
import { ksmFiles } from "../common/kube-state-metrics.js";

type Path = readonly string[];
const ready = (field: string): Path => ["status", "conditions", "[type=Ready]", field];

const group = "external-secrets.io";
/** Every metric gets this prefix; kube-state-metrics joins it to the metric name with `_`. */
const prefix = "eso";
/** kube-state-metrics adds these to every custom resource metric. */
const autoLabels = [
  "customresource_group",
  "customresource_kind",
  "customresource_version",
] as const;
const source = { component: "kube-state-metrics", file: "CustomResourceStateMetrics from mixkit" };
/** v2.12.0 is the first release whose info metrics Prometheus accepts (§6). */
const since = "v2.12.0";

interface KsmMetricSpec {
  readonly kind: "ExternalSecret" | "PushSecret" | "SecretStore" | "ClusterSecretStore";
  readonly name: string;
  readonly help: string;
  readonly each:
    | { readonly type: "Info"; readonly labels: Readonly<Record<string, Path>> }
    | { readonly type: "Gauge"; readonly path: Path };
}

const objectLabels = (namespaced: boolean) => ({
  name: ["metadata", "name"] as Path,
  ...(namespaced ? { exported_namespace: ["metadata", "namespace"] as Path } : {}),
});

const statusLabels = { ready: ready("status"), reason: ready("reason"), message: ready("message") };

const specs = {
  externalSecretInfo: {
    kind: "ExternalSecret",
    name: "externalsecret_info",
    help: "ExternalSecret status from the API server: Ready status, reason, message and store.",
    each: {
      type: "Info",
      labels: {
        ...statusLabels,
        store: ["spec", "secretStoreRef", "name"],
        store_kind: ["spec", "secretStoreRef", "kind"],
        refresh_interval: ["spec", "refreshInterval"],
      },
    },
  },
  externalSecretRefresh: {
    kind: "ExternalSecret",
    name: "externalsecret_refresh_timestamp_seconds",
    help: "Time of the ExternalSecret's last refresh (status.refreshTime), 0 before the first.",
    each: { type: "Gauge", path: ["status", "refreshTime"] },
  },
  pushSecretInfo: {
    kind: "PushSecret",
    name: "pushsecret_info",
    help: "PushSecret status from the API server: Ready status, reason and message.",
    each: { type: "Info", labels: statusLabels },
  },
  pushSecretRefresh: {
    kind: "PushSecret",
    name: "pushsecret_refresh_timestamp_seconds",
    help: "Time of the PushSecret's last refresh (status.refreshTime), 0 before the first.",
    each: { type: "Gauge", path: ["status", "refreshTime"] },
  },
  secretStoreInfo: {
    kind: "SecretStore",
    name: "secretstore_info",
    help: "SecretStore status from the API server: Ready status, reason and message.",
    each: { type: "Info", labels: statusLabels },
  },
  clusterSecretStoreInfo: {
    kind: "ClusterSecretStore",
    name: "clustersecretstore_info",
    help: "ClusterSecretStore status from the API server: Ready status, reason and message.",
    each: { type: "Info", labels: statusLabels },
  },
} as const satisfies Record<string, KsmMetricSpec>;

const meta = (spec: KsmMetricSpec, unit: "none" | "unix_seconds") => ({
  name: `${prefix}_${spec.name}`,
  unit,
  help: spec.help,
  source,
  since,
});

/** The catalog of the kube-state-metrics source, typed like every other metric. */
export const ksmCatalog = {
  externalSecretInfo: defineMetric({
    ...meta(specs.externalSecretInfo, "none"),
    kind: "info",
    labels: [
      "name",
      "exported_namespace",
      "ready",
      "reason",
      "message",
      "store",
      "store_kind",
      "refresh_interval",
      ...autoLabels,
    ],
  }),
  externalSecretRefresh: defineMetric({
    ...meta(specs.externalSecretRefresh, "unix_seconds"),
    kind: "gauge",
    labels: ["name", "exported_namespace", ...autoLabels],
  }),
  pushSecretInfo: defineMetric({
    ...meta(specs.pushSecretInfo, "none"),
    kind: "info",
    labels: ["name", "exported_namespace", "ready", "reason", "message", ...autoLabels],
  }),
  pushSecretRefresh: defineMetric({
    ...meta(specs.pushSecretRefresh, "unix_seconds"),
    kind: "gauge",
    labels: ["name", "exported_namespace", ...autoLabels],
  }),
  secretStoreInfo: defineMetric({
    ...meta(specs.secretStoreInfo, "none"),
    kind: "info",
    labels: ["name", "exported_namespace", "ready", "reason", "message", ...autoLabels],
  }),
  clusterSecretStoreInfo: defineMetric({
    ...meta(specs.clusterSecretStoreInfo, "none"),
    kind: "info",
    labels: ["name", "ready", "reason", "message", ...autoLabels],
  }),
};

const resourceOrder = [
  "ExternalSecret",
  "PushSecret",
  "SecretStore",
  "ClusterSecretStore",
] as const;

/** `spec.resources` of the CustomResourceStateMetrics config, with the config's label names. */
function ksmResources(renames: LabelRenames) {
  const rename = (labels: Readonly<Record<string, Path>>) =>
    Object.fromEntries(Object.entries(labels).map(([l, p]) => [renames[l] ?? l, [...p]]));
  const all: readonly KsmMetricSpec[] = Object.values(specs);
  return resourceOrder.map((kind) => ({
    // "*": whichever version the cluster serves (ESO moved from v1beta1 to v1, PushSecret is v1alpha1).
    groupVersionKind: { group, version: "*", kind },
    metricNamePrefix: prefix,
    labelsFromPath: rename(objectLabels(kind !== "ClusterSecretStore")),
    metrics: all
      .filter((m) => m.kind === kind)
      .map((m) => ({
        name: m.name,
        help: m.help,
        each:
          m.each.type === "Info"
            ? { type: "Info", info: { labelsFromPath: rename(m.each.labels) } }
            : { type: "Gauge", gauge: { path: [...m.each.path], nilIsZero: true } },
      })),
  }));
}

/**
 * The CustomResourceStateMetrics config, for `--custom-resource-state-config-file` or
 * kube-prometheus-stack's `kube-state-metrics.customResourceState.config`. Label names follow the
 * config's renames, so the object namespace lands in the label the queries read.
 */
export function kubeStateMetricsConfig(renames: LabelRenames): string {
  return toYaml({ kind: "CustomResourceStateMetrics", spec: { resources: ksmResources(renames) } });
}

/** The config as a file and as kube-prometheus-stack values with the RBAC it needs, by file name. */
export function externalSecretsKsmFiles(mixin: string, renames: LabelRenames): Map<string, string> {
  return ksmFiles({
    mixin,
    readBy:
      "ExternalSecretRefreshStale, PushSecretNotReady (to leave deleted PushSecrets out) and the dashboard's reason and message columns (kubeStateMetrics.enabled) read the eso_* series",
    apiGroups: [group],
    resources: ["externalsecrets", "pushsecrets", "secretstores", "clustersecretstores"],
    config: ksmResources(renames),
  });
}
