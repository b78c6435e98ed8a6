/**
 * The controller-runtime metrics every Kubernetes operator here exports (research/domain-metrics.md §0.3).
 * They are registered by controller-runtime itself and present in every operator release the mixins
 * support; the research does not pin the controller-runtime version that added each, so `since` is
 * controller-runtime's first release rather than a claim about when each metric appeared.
 */
import { defineMetric } from "../../catalog/define.js";

const source = {
  component: "controller-runtime",
  file: "pkg/internal/controller/metrics/metrics.go",
};

export const reconcileTotal = defineMetric({
  name: "controller_runtime_reconcile_total",
  kind: "counter",
  labels: ["controller", "result"],
  unit: "count",
  help: "Reconciliations per controller and result (success, error, requeue, requeue_after).",
  source,
  since: "v0.1.0",
});

export const reconcileErrorsTotal = defineMetric({
  name: "controller_runtime_reconcile_errors_total",
  kind: "counter",
  labels: ["controller"],
  unit: "count",
  help: "Reconciliation errors per controller.",
  source,
  since: "v0.1.0",
});

export const reconcileTime = defineMetric({
  name: "controller_runtime_reconcile_time_seconds",
  kind: "histogram",
  labels: ["controller"],
  unit: "seconds",
  help: "Time per reconciliation, per controller.",
  source,
  since: "v0.1.0",
});

export const activeWorkers = defineMetric({
  name: "controller_runtime_active_workers",
  kind: "gauge",
  labels: ["controller"],
  unit: "count",
  help: "Workers currently used, per controller.",
  source,
  since: "v0.1.0",
});

export const maxConcurrentReconciles = defineMetric({
  name: "controller_runtime_max_concurrent_reconciles",
  kind: "gauge",
  labels: ["controller"],
  unit: "count",
  help: "Maximum number of concurrent reconciles, per controller.",
  source,
  since: "v0.1.0",
});

export const workqueueDepth = defineMetric({
  name: "workqueue_depth",
  kind: "gauge",
  labels: ["name"],
  unit: "count",
  help: "Items waiting in a controller's work queue.",
  source: { component: "controller-runtime", file: "pkg/metrics/workqueue.go" },
  since: "v0.1.0",
});

export const workqueueLongestRunning = defineMetric({
  name: "workqueue_longest_running_processor_seconds",
  kind: "gauge",
  labels: ["name"],
  unit: "seconds",
  help: "How long the longest running item of a work queue has been processed.",
  source: { component: "controller-runtime", file: "pkg/metrics/workqueue.go" },
  since: "v0.1.0",
});

export const webhookRequestsTotal = defineMetric({
  name: "controller_runtime_webhook_requests_total",
  kind: "counter",
  labels: ["code", "webhook"],
  unit: "count",
  help: "Admission webhook requests per webhook path and HTTP code.",
  source: { component: "controller-runtime", file: "pkg/webhook/internal/metrics/metrics.go" },
  since: "v0.1.0",
});

export const webhookLatency = defineMetric({
  name: "controller_runtime_webhook_latency_seconds",
  kind: "histogram",
  labels: ["webhook"],
  unit: "seconds",
  help: "Admission webhook latency per webhook path.",
  source: { component: "controller-runtime", file: "pkg/webhook/internal/metrics/metrics.go" },
  since: "v0.1.0",
});

export const up = defineMetric({
  name: "up",
  kind: "gauge",
  labels: [],
  unit: "none",
  help: "1 when Prometheus' last scrape of the target succeeded (added by Prometheus itself).",
  source: { component: "prometheus" },
  since: "v1.0.0",
});
