/**
 * The benchmark dashboard written with @grafana/grafana-foundation-sdk, as its users write one:
 * PromQL, units and data sources as strings, the SDK's builders and auto layout. Same variables,
 * panels (kinds, titles, sizes, units, thresholds), queries and legends as mixkit-dashboard.ts;
 * `sameDashboards` (equivalence.ts) checks that before anything is timed.
 */
import * as bargauge from "@grafana/grafana-foundation-sdk/bargauge";
import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dash from "@grafana/grafana-foundation-sdk/dashboard";
import * as gauge from "@grafana/grafana-foundation-sdk/gauge";
import * as heatmap from "@grafana/grafana-foundation-sdk/heatmap";
import * as piechart from "@grafana/grafana-foundation-sdk/piechart";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import * as statetimeline from "@grafana/grafana-foundation-sdk/statetimeline";
import * as table from "@grafana/grafana-foundation-sdk/table";
import * as text from "@grafana/grafana-foundation-sdk/text";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";

const ds = { type: "prometheus", uid: "${datasource}" };
const scope = 'cluster=~"$cluster", job=~"$job", namespace=~"$namespace"';
const reqs = `http_requests_total{cluster=~"$cluster", job=~"$job", method=~"$method", namespace=~"$namespace"}`;
const errs = `http_requests_total{cluster=~"$cluster", code=~"5..", job=~"$job", method=~"$method", namespace=~"$namespace"}`;
const reqRate = `rate(${reqs}[$__rate_interval])`;
const errRate = `rate(${errs}[$__rate_interval])`;
const buckets = `rate(http_request_duration_seconds_bucket{${scope}}[$__rate_interval])`;
const up = `up{${scope}}`;
const memory = `process_resident_memory_bytes{${scope}}`;
const phase = `kube_pod_status_phase{cluster=~"$cluster", namespace=~"$namespace"}`;

type Steps = [string, ...[number, string][]];

function steps(base: string, ...rest: [number, string][]): dash.ThresholdsConfigBuilder {
  const all: Steps = [base, ...rest];
  return new dash.ThresholdsConfigBuilder()
    .mode(dash.ThresholdsMode.Absolute)
    .steps([{ color: all[0], value: null }, ...rest.map(([value, color]) => ({ color, value }))]);
}

function range(expr: string, legend: string, refId = "A"): prometheus.DataqueryBuilder {
  return new prometheus.DataqueryBuilder()
    .datasource(ds)
    .editorMode(prometheus.QueryEditorMode.Code)
    .expr(expr)
    .legendFormat(legend)
    .format(prometheus.PromQueryFormat.TimeSeries)
    .range()
    .refId(refId);
}

function instant(
  expr: string,
  legend: string,
  format = prometheus.PromQueryFormat.TimeSeries,
): prometheus.DataqueryBuilder {
  return new prometheus.DataqueryBuilder()
    .datasource(ds)
    .editorMode(prometheus.QueryEditorMode.Code)
    .expr(expr)
    .legendFormat(legend)
    .format(format)
    .instant()
    .refId("A");
}

const lastValue = () => new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false);

function statPanel(title: string, unit: string, description: string) {
  return new stat.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(ds)
    .unit(unit)
    .span(6)
    .height(4)
    .graphMode(common.BigValueGraphMode.None)
    .colorMode(common.BigValueColorMode.Value)
    .reduceOptions(lastValue());
}

function timeSeries(title: string, unit: string, description: string, fill: number) {
  return new timeseries.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(ds)
    .unit(unit)
    .span(12)
    .height(8)
    .fillOpacity(fill)
    .lineWidth(1);
}

/** One dashboard of 20 panels; every call builds it from scratch. */
export function sdkDashboard(index: number): dash.Dashboard {
  const builder = new dash.DashboardBuilder(`Service ${index}`)
    .uid(`service-${index}`)
    .tags(["bench", "http"])
    .refresh("30s")
    .time({ from: "now-6h", to: "now" })
    .timezone("")
    .tooltip(dash.DashboardCursorSync.Crosshair)
    .withVariable(
      new dash.DatasourceVariableBuilder("datasource").label("Data source").type("prometheus"),
    )
    .withVariable(
      new dash.QueryVariableBuilder("cluster")
        .label("Cluster")
        .datasource(ds)
        .query("label_values(up, cluster)")
        .refresh(dash.VariableRefresh.OnTimeRangeChanged)
        .sort(dash.VariableSort.AlphabeticalAsc),
    )
    .withVariable(
      new dash.QueryVariableBuilder("namespace")
        .label("Namespace")
        .datasource(ds)
        .query('label_values(up{cluster=~"$cluster"}, namespace)')
        .refresh(dash.VariableRefresh.OnTimeRangeChanged)
        .sort(dash.VariableSort.AlphabeticalAsc)
        .multi(true)
        .includeAll(true),
    )
    .withVariable(
      new dash.QueryVariableBuilder("job")
        .label("Job")
        .datasource(ds)
        .query('label_values(up{cluster=~"$cluster", namespace=~"$namespace"}, job)')
        .refresh(dash.VariableRefresh.OnTimeRangeChanged)
        .sort(dash.VariableSort.AlphabeticalAsc)
        .multi(true)
        .includeAll(true),
    )
    .withVariable(
      new dash.CustomVariableBuilder("method")
        .label("Method")
        .values("GET,POST,PUT,DELETE")
        .multi(true)
        .includeAll(true)
        .current({ selected: true, text: "All", value: "$__all" }),
    )
    .withVariable(
      new dash.IntervalVariableBuilder("window")
        .label("Window")
        .values("1m,5m,15m,1h")
        .current({ selected: true, text: "5m", value: "5m" }),
    )
    .withRow(new dash.RowBuilder("Overview"))
    .withPanel(
      new text.PanelBuilder()
        .title("About")
        .content(`Service ${index}: traffic, errors, latency and saturation of every job.`)
        .mode(text.TextMode.Markdown)
        .span(24)
        .height(3),
    )
    .withPanel(
      statPanel("Requests", "reqps", "Requests per second.")
        .withTarget(instant(`sum(${reqRate})`, "requests"))
        .thresholds(steps("green", [1000, "orange"], [5000, "red"])),
    )
    .withPanel(
      statPanel("Errors", "percentunit", "Share of 5xx responses.")
        .withTarget(instant(`sum(${errRate}) / sum(${reqRate})`, "errors"))
        .thresholds(steps("green", [0.01, "orange"], [0.05, "red"])),
    )
    .withPanel(
      statPanel("p99 latency", "s", "99th percentile of request latency.")
        .withTarget(instant(`histogram_quantile(0.99, sum by (le) (${buckets}))`, "p99"))
        .thresholds(steps("green", [0.5, "orange"], [1, "red"])),
    )
    .withPanel(
      statPanel("Targets down", "none", "Scrape targets that are down.")
        .withTarget(instant(`sum(${up} == 0)`, "down"))
        .thresholds(steps("green", [1, "red"])),
    )
    .withPanel(
      new gauge.PanelBuilder()
        .title("Availability")
        .description("Targets up.")
        .datasource(ds)
        .unit("percentunit")
        .span(6)
        .height(6)
        .reduceOptions(lastValue())
        .withTarget(instant(`avg(${up})`, "up"))
        .thresholds(steps("red", [0.9, "orange"], [0.99, "green"])),
    )
    .withPanel(
      new gauge.PanelBuilder()
        .title("Memory")
        .description("Resident memory of the largest pod.")
        .datasource(ds)
        .unit("bytes")
        .min(0)
        .max(4 * 1024 ** 3)
        .span(6)
        .height(6)
        .reduceOptions(lastValue())
        .withTarget(instant(`max(${memory})`, "max"))
        .thresholds(steps("green", [2 * 1024 ** 3, "orange"], [3 * 1024 ** 3, "red"])),
    )
    .withRow(new dash.RowBuilder("Traffic"))
    .withPanel(
      timeSeries("Requests by code", "reqps", "Requests per second.", 10).withTarget(
        range(`sum by (code) (${reqRate})`, "{{code}}"),
      ),
    )
    .withPanel(
      timeSeries("Requests by handler", "reqps", "Per handler.", 10).withTarget(
        range(`sum by (handler) (${reqRate})`, "{{handler}}"),
      ),
    )
    .withPanel(
      timeSeries("Errors by handler", "reqps", "5xx per handler.", 10).withTarget(
        range(`sum by (handler) (${errRate})`, "{{handler}}"),
      ),
    )
    .withPanel(
      new timeseries.PanelBuilder()
        .title("Latency")
        .description("Quantiles of request latency.")
        .datasource(ds)
        .unit("s")
        .span(12)
        .height(8)
        .withTarget(range(`histogram_quantile(0.5, sum by (le) (${buckets}))`, "p50", "A"))
        .withTarget(range(`histogram_quantile(0.9, sum by (le) (${buckets}))`, "p90", "B"))
        .withTarget(range(`histogram_quantile(0.99, sum by (le) (${buckets}))`, "p99", "C")),
    )
    .withPanel(
      new heatmap.PanelBuilder()
        .title("Latency distribution")
        .description("Latency buckets.")
        .datasource(ds)
        .unit("s")
        .span(12)
        .height(8)
        .withTarget(
          range(`sum by (le) (${buckets})`, "{{le}}").format(prometheus.PromQueryFormat.Heatmap),
        ),
    )
    .withPanel(
      new bargauge.PanelBuilder()
        .title("Top handlers")
        .description("Busiest handlers.")
        .datasource(ds)
        .unit("reqps")
        .span(12)
        .height(8)
        .reduceOptions(lastValue())
        .withTarget(instant(`topk(5, sum by (handler) (${reqRate}))`, "{{handler}}")),
    )
    .withPanel(
      new piechart.PanelBuilder()
        .title("Requests by method")
        .description("Share per method.")
        .datasource(ds)
        .unit("reqps")
        .span(8)
        .height(8)
        .reduceOptions(lastValue())
        .withTarget(instant(`sum by (method) (${reqRate})`, "{{method}}")),
    )
    .withRow(new dash.RowBuilder("Pods"))
    .withPanel(
      timeSeries("Memory by pod", "bytes", "Resident memory.", 0).withTarget(
        range(`sum by (pod) (${memory})`, "{{pod}}"),
      ),
    )
    .withPanel(
      timeSeries("CPU by pod", "percentunit", "CPU cores used.", 0).withTarget(
        range(
          `sum by (pod) (rate(process_cpu_seconds_total{${scope}}[$__rate_interval]))`,
          "{{pod}}",
        ),
      ),
    )
    .withPanel(
      timeSeries("Pods by phase", "short", "Pods per phase.", 0).withTarget(
        range(`sum by (phase) (${phase})`, "{{phase}}"),
      ),
    )
    .withPanel(
      new statetimeline.PanelBuilder()
        .title("Target state")
        .description("Up (1) or down (0).")
        .datasource(ds)
        .unit("none")
        .span(24)
        .height(8)
        .withTarget(range(`max by (pod) (${up})`, "{{pod}}"))
        .thresholds(steps("red", [1, "green"])),
    )
    .withPanel(
      new table.PanelBuilder()
        .title("Targets")
        .description("Every target and its state.")
        .datasource(ds)
        .unit("none")
        .span(24)
        .height(8)
        .withTarget(
          instant(
            `max by (job, pod, instance) (${up})`,
            "__auto",
            prometheus.PromQueryFormat.Table,
          ),
        ),
    )
    .withPanel(
      new table.PanelBuilder()
        .title("Pods per phase")
        .description("Pods in each phase.")
        .datasource(ds)
        .unit("none")
        .span(24)
        .height(8)
        .withTarget(
          instant(
            `sum by (namespace, phase) (${phase})`,
            "__auto",
            prometheus.PromQueryFormat.Table,
          ),
        ),
    );
  return builder.build();
}
