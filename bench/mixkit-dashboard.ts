/**
 * The benchmark dashboard, written with mixkit as a user would: typed metrics, typed PromQL,
 * chained variables, 20 panels of nine kinds in three rows. `index` varies the title (and so the
 * uid) so that N dashboards are N distinct dashboards.
 */
import {
  counter,
  customVariable,
  dashboard,
  gauge,
  gaugePanel,
  barGaugePanel,
  heatmapPanel,
  histogram,
  histogramQuantile,
  intervalVariable,
  avg,
  max,
  pieChartPanel,
  queryVariable,
  rate,
  re,
  row,
  stateTimelinePanel,
  statPanel,
  sum,
  tablePanel,
  textPanel,
  thresholds,
  timeSeriesPanel,
  topk,
  type DashboardBuilder,
} from "../src/index.js";

const requests = counter("http_requests_total", [
  "cluster",
  "namespace",
  "job",
  "pod",
  "code",
  "method",
  "handler",
]);
const latency = histogram("http_request_duration_seconds", [
  "cluster",
  "namespace",
  "job",
  "pod",
  "handler",
]);
const memory = gauge("process_resident_memory_bytes", ["cluster", "namespace", "job", "pod"]);
const cpu = counter("process_cpu_seconds_total", ["cluster", "namespace", "job", "pod"]);
const up = gauge("up", ["cluster", "namespace", "job", "pod", "instance"]);
const phase = gauge("kube_pod_status_phase", ["cluster", "namespace", "pod", "phase"]);

/** One dashboard of 20 panels; every call builds it from scratch, as a build script does. */
export function mixkitDashboard(index: number): DashboardBuilder {
  const cluster = re("$cluster");
  const namespace = queryVariable("namespace", {
    title: "Namespace",
    label: "namespace",
    selector: up.where({ cluster }),
  });
  const job = queryVariable("job", {
    title: "Job",
    label: "job",
    selector: up.where({ cluster, namespace: namespace.matcher() }),
  });
  const method = customVariable("method", ["GET", "POST", "PUT", "DELETE"], {
    title: "Method",
    multi: true,
    includeAll: true,
  });
  const window = intervalVariable("window", ["1m", "5m", "15m", "1h"], {
    title: "Window",
    default: "5m",
  });
  const scope = { cluster, namespace: namespace.matcher(), job: job.matcher() } as const;
  const reqs = requests.where({ ...scope, method: method.matcher() });
  const reqRate = rate(reqs.range("$__rate_interval"));
  const errRate = rate(reqs.where({ code: re("5..") }).range("$__rate_interval"));
  const buckets = rate(latency.bucket().where(scope).range("$__rate_interval"));
  const ready = up.where(scope);

  const overview = row("Overview", [
    textPanel("About", {
      content: `Service ${index}: traffic, errors, latency and saturation of every job.`,
      width: 24,
      height: 3,
    }),
    statPanel("Requests", { unit: "reqps", description: "Requests per second." })
      .query(sum(reqRate), { legend: "requests" })
      .thresholds(thresholds("green", [1000, "orange"], [5000, "red"])),
    statPanel("Errors", { unit: "percentunit", description: "Share of 5xx responses." })
      .query(sum(errRate).div(sum(reqRate)), { legend: "errors" })
      .thresholds(thresholds("green", [0.01, "orange"], [0.05, "red"])),
    statPanel("p99 latency", { unit: "s", description: "99th percentile of request latency." })
      .query(histogramQuantile(0.99, sum(buckets).by("le")), { legend: "p99" })
      .thresholds(thresholds("green", [0.5, "orange"], [1, "red"])),
    statPanel("Targets down", { unit: "none", description: "Scrape targets that are down." })
      .query(sum(ready.eq(0)), { legend: "down" })
      .thresholds(thresholds("green", [1, "red"])),
    gaugePanel("Availability", { unit: "percentunit", description: "Targets up." })
      .query(avg(ready), { legend: "up" })
      .thresholds(thresholds("red", [0.9, "orange"], [0.99, "green"])),
    gaugePanel("Memory", { unit: "bytes", description: "Resident memory of the largest pod." })
      .query(max(memory.where(scope)), { legend: "max" })
      .field({ min: 0, max: 4 * 1024 ** 3 })
      .thresholds(thresholds("green", [2 * 1024 ** 3, "orange"], [3 * 1024 ** 3, "red"])),
  ]);

  const traffic = row("Traffic", [
    timeSeriesPanel("Requests by code", { unit: "reqps", description: "Requests per second." })
      .query(sum(reqRate).by("code"), { legend: "{{code}}" })
      .custom({ fillOpacity: 10, lineWidth: 1 }),
    timeSeriesPanel("Requests by handler", { unit: "reqps", description: "Per handler." })
      .query(sum(reqRate).by("handler"), { legend: "{{handler}}" })
      .custom({ fillOpacity: 10, lineWidth: 1 }),
    timeSeriesPanel("Errors by handler", { unit: "reqps", description: "5xx per handler." })
      .query(sum(errRate).by("handler"), { legend: "{{handler}}" })
      .custom({ fillOpacity: 10, lineWidth: 1 }),
    timeSeriesPanel("Latency", { unit: "s", description: "Quantiles of request latency." })
      .query(histogramQuantile(0.5, sum(buckets).by("le")), { legend: "p50" })
      .query(histogramQuantile(0.9, sum(buckets).by("le")), { legend: "p90" })
      .query(histogramQuantile(0.99, sum(buckets).by("le")), { legend: "p99" }),
    heatmapPanel("Latency distribution", { unit: "s", description: "Latency buckets." }).query(
      sum(buckets).by("le"),
      { legend: "{{le}}", format: "heatmap" },
    ),
    barGaugePanel("Top handlers", { unit: "reqps", description: "Busiest handlers." }).query(
      topk(5, sum(reqRate).by("handler")),
      { legend: "{{handler}}" },
    ),
    pieChartPanel("Requests by method", { unit: "reqps", description: "Share per method." }).query(
      sum(reqRate).by("method"),
      { legend: "{{method}}" },
    ),
  ]);

  const pods = row("Pods", [
    timeSeriesPanel("Memory by pod", { unit: "bytes", description: "Resident memory." })
      .query(sum(memory.where(scope)).by("pod"), { legend: "{{pod}}" })
      .custom({ fillOpacity: 0, lineWidth: 1 }),
    timeSeriesPanel("CPU by pod", { unit: "percentunit", description: "CPU cores used." })
      .query(sum(rate(cpu.where(scope).range("$__rate_interval"))).by("pod"), {
        legend: "{{pod}}",
      })
      .custom({ fillOpacity: 0, lineWidth: 1 }),
    timeSeriesPanel("Pods by phase", { unit: "short", description: "Pods per phase." })
      .query(sum(phase.where({ cluster, namespace: namespace.matcher() })).by("phase"), {
        legend: "{{phase}}",
      })
      .custom({ fillOpacity: 0, lineWidth: 1 }),
    stateTimelinePanel("Target state", { unit: "none", description: "Up (1) or down (0)." })
      .query(max(ready).by("pod"), { legend: "{{pod}}" })
      .thresholds(thresholds("red", [1, "green"])),
    tablePanel("Targets", { unit: "none", description: "Every target and its state." }).query(
      max(ready).by("job", "pod", "instance"),
    ),
    tablePanel("Pods per phase", { unit: "none", description: "Pods in each phase." }).query(
      sum(phase.where({ cluster, namespace: namespace.matcher() })).by("namespace", "phase"),
    ),
  ]);

  return dashboard(`Service ${index}`, { tags: ["bench", "http"], cluster: "cluster" })
    .variables(namespace, job, method, window)
    .rows(overview, traffic, pods);
}
