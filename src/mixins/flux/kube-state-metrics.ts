/**
 * Flux objects as kube-state-metrics exposes them with a CustomResourceStateMetrics config: one
 * `gotk_resource_info` series per object (research/domain-metrics.md §2.2). One table of kinds gives
 * both the config and the label set the queries may use, so the two cannot disagree; every kind gets
 * its own `help`, since kube-state-metrics drops kinds whose help texts collide
 * (flux2-monitoring-example#32).
 */
import type { LabelRenames } from "../../promql/rename.js";
import { ksmFiles } from "../common/kube-state-metrics.js";

type Path = readonly string[];

export interface FluxKind {
  readonly kind: string;
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  /** Whether the kind has a Ready condition (Alert and Provider do not). */
  readonly ready: boolean;
  /** Labels beyond name, namespace, ready and suspended, with where they are read from. */
  readonly labels: Readonly<Record<string, Path>>;
}

const source = "source.toolkit.fluxcd.io";
const artifactRevision: Path = ["status", "artifact", "revision"];

export const fluxKinds: readonly FluxKind[] = [
  {
    kind: "Kustomization",
    group: "kustomize.toolkit.fluxcd.io",
    version: "v1",
    plural: "kustomizations",
    ready: true,
    labels: {
      revision: ["status", "lastAppliedRevision"],
      source_name: ["spec", "sourceRef", "name"],
    },
  },
  {
    kind: "HelmRelease",
    group: "helm.toolkit.fluxcd.io",
    version: "v2",
    plural: "helmreleases",
    ready: true,
    labels: {
      revision: ["status", "history", "0", "chartVersion"],
      chart_name: ["status", "history", "0", "chartName"],
      chart_app_version: ["status", "history", "0", "appVersion"],
      chart_ref_name: ["spec", "chartRef", "name"],
      chart_source_name: ["spec", "chart", "spec", "sourceRef", "name"],
    },
  },
  {
    kind: "GitRepository",
    group: source,
    version: "v1",
    plural: "gitrepositories",
    ready: true,
    labels: { revision: artifactRevision, url: ["spec", "url"] },
  },
  {
    kind: "Bucket",
    group: source,
    version: "v1",
    plural: "buckets",
    ready: true,
    labels: {
      revision: artifactRevision,
      endpoint: ["spec", "endpoint"],
      bucket_name: ["spec", "bucketName"],
    },
  },
  {
    kind: "HelmRepository",
    group: source,
    version: "v1",
    plural: "helmrepositories",
    ready: true,
    labels: { revision: artifactRevision, url: ["spec", "url"] },
  },
  {
    kind: "HelmChart",
    group: source,
    version: "v1",
    plural: "helmcharts",
    ready: true,
    labels: {
      revision: artifactRevision,
      chart_name: ["spec", "chart"],
      chart_version: ["spec", "version"],
    },
  },
  {
    kind: "OCIRepository",
    group: source,
    version: "v1",
    plural: "ocirepositories",
    ready: true,
    labels: { revision: artifactRevision, url: ["spec", "url"] },
  },
  {
    kind: "Alert",
    group: "notification.toolkit.fluxcd.io",
    version: "v1beta3",
    plural: "alerts",
    ready: false,
    labels: {},
  },
  {
    kind: "Provider",
    group: "notification.toolkit.fluxcd.io",
    version: "v1beta3",
    plural: "providers",
    ready: false,
    labels: {},
  },
  {
    kind: "Receiver",
    group: "notification.toolkit.fluxcd.io",
    version: "v1",
    plural: "receivers",
    ready: true,
    labels: { webhook_path: ["status", "webhookPath"] },
  },
  {
    kind: "ImageRepository",
    group: "image.toolkit.fluxcd.io",
    version: "v1",
    plural: "imagerepositories",
    ready: true,
    labels: { image: ["spec", "image"] },
  },
  {
    kind: "ImagePolicy",
    group: "image.toolkit.fluxcd.io",
    version: "v1",
    plural: "imagepolicies",
    ready: true,
    labels: { source_name: ["spec", "imageRepositoryRef", "name"] },
  },
  {
    kind: "ImageUpdateAutomation",
    group: "image.toolkit.fluxcd.io",
    version: "v1",
    plural: "imageupdateautomations",
    ready: true,
    labels: { source_name: ["spec", "sourceRef", "name"] },
  },
];

/** The labels kube-state-metrics puts on `gotk_resource_info` for one kind, symbolic names. */
export function ksmLabelsOf(kind: FluxKind): Record<string, Path> {
  return {
    name: ["metadata", "name"],
    exported_namespace: ["metadata", "namespace"],
    ...(kind.ready ? { ready: ["status", "conditions", "[type=Ready]", "status"] } : {}),
    suspended: ["spec", "suspend"],
    ...kind.labels,
  };
}

/** kube-state-metrics adds these to every custom resource metric. */
export const ksmAutoLabels = [
  "customresource_group",
  "customresource_kind",
  "customresource_version",
] as const;

function resources(renames: LabelRenames) {
  const rename = (labels: Readonly<Record<string, Path>>) =>
    Object.fromEntries(Object.entries(labels).map(([l, p]) => [renames[l] ?? l, [...p]]));
  return fluxKinds.map((k) => ({
    groupVersionKind: { group: k.group, version: k.version, kind: k.kind },
    metricNamePrefix: "gotk",
    metrics: [
      {
        name: "resource_info",
        help: `The current state of a Flux ${k.kind} resource.`,
        each: { type: "Info", info: { labelsFromPath: rename(ksmLabelsOf(k)) } },
      },
    ],
  }));
}

/**
 * The CustomResourceStateMetrics config and the same as kube-prometheus-stack values, with the RBAC
 * kube-state-metrics needs to list and watch Flux objects and their definitions.
 */
export function fluxKsmFiles(mixin: string, renames: LabelRenames): Map<string, string> {
  return ksmFiles({
    mixin,
    readBy: "the Flux mixin's alerts and dashboard (data source ksm) read gotk_resource_info",
    apiGroups: [...new Set(fluxKinds.map((k) => k.group))],
    resources: fluxKinds.map((k) => k.plural),
    config: resources(renames),
  });
}
