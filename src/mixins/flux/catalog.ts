/**
 * Flux's metrics (research/domain-metrics.md §2): the object state from kube-state-metrics
 * (`gotk_resource_info`), from flux-operator (`flux_resource_info`) or, before Flux 2.2/2.5, from the
 * controllers themselves (`gotk_reconcile_condition`, `gotk_suspend_status`), and the controllers'
 * reconcile duration histogram, which every Flux version has.
 */
import { defineCatalog, defineMetric } from "../../catalog/define.js";
import * as controllerRuntime from "../common/controller-runtime.js";
import { fluxKinds, ksmAutoLabels } from "./kube-state-metrics.js";

/** Every label `gotk_resource_info` can carry, over all kinds of the kube-state-metrics table. */
const ksmLabels = [
  ...new Set([
    "name",
    "exported_namespace",
    "ready",
    "suspended",
    ...fluxKinds.flatMap((k) => Object.keys(k.labels)),
  ]),
] as readonly string[];

export const gotkResourceInfo = defineMetric({
  name: "gotk_resource_info",
  kind: "info",
  labels: [
    "name",
    "exported_namespace",
    "ready",
    "suspended",
    "revision",
    "source_name",
    "chart_name",
    "chart_app_version",
    "chart_ref_name",
    "chart_source_name",
    "chart_version",
    "url",
    "endpoint",
    "bucket_name",
    "webhook_path",
    "image",
    ...ksmAutoLabels,
  ],
  unit: "none",
  help: "State of a Flux object (Ready status, suspension, revision), from kube-state-metrics.",
  source: {
    component: "kube-state-metrics",
    file: "CustomResourceStateMetrics from mixkit (after flux2-monitoring-example)",
  },
  since: "v2.12.0",
});

/** The labels the catalog declares and the kube-state-metrics table produces must be the same set. */
export const gotkResourceInfoTableLabels = [...ksmLabels, ...ksmAutoLabels];

export const fluxResourceInfo = defineMetric({
  name: "flux_resource_info",
  kind: "info",
  labels: [
    "uid",
    "kind",
    "name",
    "exported_namespace",
    "ready",
    "reason",
    "suspended",
    "revision",
    "url",
    "ref",
    "source_name",
    "path",
  ],
  unit: "none",
  help: "State of a Flux object reported by flux-operator (ready True|False|Unknown, suspended True|False).",
  source: { component: "flux-operator", file: "internal/reporter/metrics.go" },
  // The research does not pin the flux-operator release that added it.
  since: "v0.1.0",
});

export const fluxInstanceInfo = defineMetric({
  name: "flux_instance_info",
  kind: "info",
  labels: [
    "uid",
    "kind",
    "name",
    "exported_namespace",
    "ready",
    "reason",
    "suspended",
    "registry",
    "revision",
  ],
  unit: "none",
  help: "State of the FluxInstance flux-operator manages (ready True|False|Unknown, suspended True|False).",
  source: { component: "flux-operator", file: "internal/reporter/metrics.go" },
  since: "v0.1.0",
});

export const gotkReconcileCondition = defineMetric({
  name: "gotk_reconcile_condition",
  kind: "gauge",
  labels: ["kind", "name", "namespace", "type", "status"],
  objectNamespace: "namespace",
  unit: "none",
  help: "1 for a Flux object's current condition status (legacy: gone for HelmRelease in Flux 2.2, for the rest in 2.5).",
  source: { component: "fluxcd/pkg", file: "runtime/metrics/recorder.go" },
  since: "v0.1.0",
  removedIn: "v2.5.0",
});

export const gotkSuspendStatus = defineMetric({
  name: "gotk_suspend_status",
  kind: "gauge",
  labels: ["kind", "name", "namespace"],
  objectNamespace: "namespace",
  unit: "none",
  help: "1 while a Flux object is suspended (legacy, removed with gotk_reconcile_condition).",
  source: { component: "fluxcd/pkg", file: "runtime/metrics/recorder.go" },
  since: "v0.1.0",
  removedIn: "v2.5.0",
});

export const gotkReconcileDuration = defineMetric({
  name: "gotk_reconcile_duration_seconds",
  kind: "histogram",
  labels: ["kind", "name", "namespace"],
  objectNamespace: "namespace",
  unit: "seconds",
  help: "Duration of a Flux object's reconciliation (buckets 0.01 s to 1800 s).",
  source: { component: "fluxcd/pkg", file: "runtime/metrics/recorder.go" },
  since: "v0.1.0",
});

export const catalog = defineCatalog({
  gotkResourceInfo,
  fluxResourceInfo,
  fluxInstanceInfo,
  gotkReconcileCondition,
  gotkSuspendStatus,
  gotkReconcileDuration,
  reconcileTotal: controllerRuntime.reconcileTotal,
  reconcileErrorsTotal: controllerRuntime.reconcileErrorsTotal,
  reconcileTime: controllerRuntime.reconcileTime,
  workqueueDepth: controllerRuntime.workqueueDepth,
  workqueueLongestRunning: controllerRuntime.workqueueLongestRunning,
  up: controllerRuntime.up,
});
