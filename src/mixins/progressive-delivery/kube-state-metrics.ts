/**
 * The optional second source for Flagger: its Canary objects read by kube-state-metrics from the
 * API server. Flagger's own `flagger_canary_status` cannot tell a deleted canary from a live one
 * (pkg/metrics/recorder.go deletes no series, research/domain-review.md A4) nor Promoting,
 * Finalising or Waiting from Succeeded (all 1, B7); the Canary's `status.phase` can, and the
 * object's series goes away when the object does. One table gives both the catalog metric the
 * queries use and the CustomResourceStateMetrics config that makes kube-state-metrics expose it
 * (research/domain-metrics.md §6), so the two cannot disagree.
 */
import { defineMetric } from "../../catalog/define.js";
import type { LabelRenames } from "../../promql/rename.js";
import { toYaml } from "../../rules/yaml.js";
import { ksmFiles } from "../common/kube-state-metrics.js";

type Path = readonly string[];

/**
 * The phases of `status.phase` (pkg/apis/flagger/v1beta1/status.go, `CanaryPhase`). Promoting,
 * Finalising and Waiting are reported as 1 by flagger_canary_status, like Succeeded.
 */
export const canaryPhases = [
  "Initializing",
  "Initialized",
  "Waiting",
  "Progressing",
  "Promoting",
  "Finalising",
  "Succeeded",
  "Failed",
  "Terminating",
  "Terminated",
] as const;
export type CanaryPhase = (typeof canaryPhases)[number];

/** kube-state-metrics joins the prefix to the metric name with `_`: `flagger_ksm_canary_info`. */
const prefix = "flagger_ksm";
const metricName = "canary_info";

/**
 * The labels read from each Canary. `name` is the target workload (`spec.targetRef.name`), as on
 * Flagger's own series, so the two join on it; the Canary's own name is in `canary`.
 */
const labelsFromPath = {
  name: ["spec", "targetRef", "name"],
  canary: ["metadata", "name"],
  exported_namespace: ["metadata", "namespace"],
  phase: ["status", "phase"],
} as const satisfies Record<string, Path>;

const help = "A Flagger Canary from the API server: its target and status.phase.";

export const ksmCatalog = {
  canaryInfo: defineMetric({
    name: `${prefix}_${metricName}`,
    kind: "info",
    labels: [
      "name",
      "canary",
      "exported_namespace",
      "phase",
      "customresource_group",
      "customresource_kind",
      "customresource_version",
    ],
    unit: "none",
    help,
    source: { component: "kube-state-metrics", file: "CustomResourceStateMetrics from mixkit" },
    // The first release whose info metrics Prometheus accepts (research/domain-metrics.md §6).
    since: "v2.12.0",
  }),
};

function ksmResources(renames: LabelRenames) {
  const rename = (labels: Readonly<Record<string, Path>>) =>
    Object.fromEntries(Object.entries(labels).map(([l, p]) => [renames[l] ?? l, [...p]]));
  return [
    {
      groupVersionKind: { group: "flagger.app", version: "v1beta1", kind: "Canary" },
      metricNamePrefix: prefix,
      metrics: [
        {
          name: metricName,
          help,
          each: { type: "Info", info: { labelsFromPath: rename(labelsFromPath) } },
        },
      ],
    },
  ];
}

/**
 * The CustomResourceStateMetrics config, for `--custom-resource-state-config-file` or
 * kube-prometheus-stack's `kube-state-metrics.customResourceState.config` (kube-state-metrics
 * also needs RBAC to list and watch `canaries` in `flagger.app`). Label names follow the config's
 * renames, so the object namespace lands in the label the queries read.
 */
export function flaggerKsmConfig(renames: LabelRenames): string {
  return toYaml({ kind: "CustomResourceStateMetrics", spec: { resources: ksmResources(renames) } });
}

/** The config as a file and as kube-prometheus-stack values with the RBAC it needs, by file name. */
export function flaggerKsmFiles(mixin: string, renames: LabelRenames): Map<string, string> {
  return ksmFiles({
    mixin,
    readBy:
      "FlaggerCanaryFailed and FlaggerCanaryStuck (to leave deleted canaries out) and FlaggerCanaryPhaseStuck (flagger.kubeStateMetrics.enabled) read flagger_ksm_canary_info",
    apiGroups: ["flagger.app"],
    resources: ["canaries"],
    config: ksmResources(renames),
  });
}
