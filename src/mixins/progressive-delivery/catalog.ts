/**
 * Flagger's metrics (research/domain-metrics.md §4) and Keptn's (§5). Flagger labels a canary by its
 * target workload (`spec.targetRef.name`), not by the Canary's own name. Keptn's lifecycle-operator
 * exports through OpenTelemetry (`_total` and `_seconds` suffixes, `keptn_deployment_*` attributes);
 * the metrics-operator exports analysis results with per-run `from`/`to` labels.
 */
import { defineCatalog, defineMetric } from "../../catalog/define.js";

const recorder = { component: "flagger", file: "pkg/metrics/recorder.go" };

export const flaggerInfo = defineMetric({
  name: "flagger_info",
  kind: "info",
  labels: ["version", "mesh_provider"],
  unit: "none",
  help: "1 for a running Flagger, with its version and mesh provider.",
  source: recorder,
  since: "v1.0.0",
});
export const canaryStatus = defineMetric({
  name: "flagger_canary_status",
  kind: "gauge",
  labels: ["name", "namespace"],
  objectNamespace: "namespace",
  unit: "none",
  help: "A canary's state: 0 Progressing, 2 Failed, 1 anything else (Succeeded, Initialized, Waiting, Promoting...). name is the target workload.",
  source: recorder,
  since: "v1.0.0",
});
export const canaryWeight = defineMetric({
  name: "flagger_canary_weight",
  kind: "gauge",
  labels: ["workload", "namespace"],
  objectNamespace: "namespace",
  unit: "percent",
  help: "Traffic weight of the primary (workload <target>-primary) and the canary (workload <target>).",
  source: recorder,
  since: "v1.0.0",
});
export const canaryDuration = defineMetric({
  name: "flagger_canary_duration_seconds",
  kind: "histogram",
  labels: ["name", "namespace"],
  objectNamespace: "namespace",
  unit: "seconds",
  help: "Time of one canary analysis run (default buckets, 0.005 s to 10 s).",
  source: recorder,
  since: "v1.0.0",
});
export const canaryMetricAnalysis = defineMetric({
  name: "flagger_canary_metric_analysis",
  kind: "gauge",
  labels: ["name", "namespace", "metric"],
  objectNamespace: "namespace",
  unit: "none",
  help: "The last value of each analysis metric (MetricTemplate or builtin) of a canary.",
  source: recorder,
  since: "v1.20.0",
});
const analysisRuns = (name: string, what: string) =>
  defineMetric({
    name,
    kind: "counter",
    labels: ["name", "namespace", "deployment_strategy", "analysis_status"],
    objectNamespace: "namespace",
    unit: "count",
    help: `Canary analyses that ended in ${what}, by deployment strategy and analysis status.`,
    source: recorder,
    since: "v1.42.0",
  });
export const canarySuccesses = analysisRuns("flagger_canary_successes_total", "promotion");
export const canaryFailures = analysisRuns("flagger_canary_failures_total", "rollback");

const lifecycle = {
  component: "keptn lifecycle-operator",
  file: "controllers/common/telemetry/otel_utils.go",
};
const otelScope = ["otel_scope_name", "otel_scope_version"] as const;
const appLabels = [
  "keptn_deployment_app_name",
  "keptn_deployment_app_version",
  "keptn_deployment_app_namespace",
  "keptn_deployment_app_status",
] as const;
const workloadLabels = [
  "keptn_deployment_app_name",
  "keptn_deployment_workload_name",
  "keptn_deployment_workload_version",
  "keptn_deployment_workload_namespace",
  "keptn_deployment_workload_status",
] as const;
// The research gives lifecycle-operator's exporter but not the release that added each metric.
const keptnSupported = "v0.9.0";

export const appCount = defineMetric({
  name: "keptn_app_count_total",
  kind: "counter",
  labels: [...appLabels, ...otelScope],
  unit: "count",
  help: "App deployments by Keptn, by app, version, namespace and final status.",
  source: lifecycle,
  since: keptnSupported,
});
export const appDuration = defineMetric({
  name: "keptn_app_duration_seconds",
  kind: "histogram",
  labels: [...appLabels, ...otelScope],
  unit: "seconds",
  help: "Duration of app deployments by Keptn.",
  source: lifecycle,
  since: keptnSupported,
});
export const deploymentCount = defineMetric({
  name: "keptn_deployment_count_total",
  kind: "counter",
  labels: [...workloadLabels, ...otelScope],
  unit: "count",
  help: "Workload deployments by Keptn, by app, workload, version, namespace and final status.",
  source: lifecycle,
  since: keptnSupported,
});
export const deploymentDuration = defineMetric({
  name: "keptn_deployment_duration_seconds",
  kind: "histogram",
  labels: [...workloadLabels, ...otelScope],
  unit: "seconds",
  help: "Duration of workload deployments by Keptn.",
  source: lifecycle,
  since: keptnSupported,
});

// Tasks and evaluations carry no namespace attribute (GetMetricsAttributes of KeptnTask and
// KeptnEvaluation); the task or evaluation name ends in a random number, a new series per run.
const runLabels = [
  "keptn_deployment_app_name",
  "keptn_deployment_app_version",
  "keptn_deployment_workload_name",
  "keptn_deployment_workload_version",
] as const;
export const taskCount = defineMetric({
  name: "keptn_task_count_total",
  kind: "counter",
  labels: [
    ...runLabels,
    "keptn_deployment_task_name",
    "keptn_deployment_task_type",
    "keptn_deployment_task_status",
    ...otelScope,
  ],
  unit: "count",
  help: "Finished Keptn tasks, by app, workload, task (name, type) and final status.",
  source: { ...lifecycle, file: "controllers/lifecycle/keptntask/controller.go" },
  since: keptnSupported,
});
export const evaluationCount = defineMetric({
  name: "keptn_evaluation_count_total",
  kind: "counter",
  labels: [
    ...runLabels,
    "keptn_deployment_evaluation_name",
    "keptn_deployment_evaluation_type",
    "keptn_deployment_evaluation_status",
    ...otelScope,
  ],
  unit: "count",
  help: "Finished Keptn evaluations, by app, workload, evaluation (name, type) and overall status.",
  source: { ...lifecycle, file: "controllers/lifecycle/keptnevaluation/controller.go" },
  since: keptnSupported,
});
export const lifecycleActive = defineMetric({
  name: "keptn_lifecycle_active_total",
  kind: "counter",
  labels: [...otelScope],
  unit: "count",
  help: "1 from the start of every lifecycle-operator replica (before leader election): the operator is up.",
  source: { ...lifecycle, file: "main.go" },
  since: "v0.8.3",
});

const analysisResults = {
  component: "keptn metrics-operator",
  file: "pkg/metrics/analysis/results.go",
};
export const analysisResult = defineMetric({
  name: "keptn_analysis_result",
  kind: "gauge",
  labels: ["name", "namespace", "from", "to"],
  objectNamespace: "namespace",
  unit: "percent",
  help: "Achieved percentage of a Keptn Analysis; from and to are the analysed time frame (new series per run).",
  source: analysisResults,
  since: "v0.8.3",
});
export const objectiveResult = defineMetric({
  name: "keptn_objective_result",
  kind: "gauge",
  labels: [
    "name",
    "namespace",
    "analysis_name",
    "analysis_namespace",
    "key_objective",
    "weight",
    "from",
    "to",
  ],
  objectNamespace: "namespace",
  unit: "none",
  help: "Value of one objective of a Keptn Analysis.",
  source: analysisResults,
  since: "v0.8.3",
});

export const catalog = defineCatalog({
  flaggerInfo,
  canaryStatus,
  canaryWeight,
  canaryDuration,
  canaryMetricAnalysis,
  canarySuccesses,
  canaryFailures,
  appCount,
  appDuration,
  deploymentCount,
  deploymentDuration,
  taskCount,
  evaluationCount,
  lifecycleActive,
  analysisResult,
  objectiveResult,
});
