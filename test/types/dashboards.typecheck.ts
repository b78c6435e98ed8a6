/**
 * Type tests of the dashboard builders, checked by `tsc` in `npm test`. Each `@ts-expect-error` line
 * must be a compile error; test/type-tests.test.ts strips every annotation in turn and proves the
 * line then fails with the compiler message given in the `// error:` comment above it.
 */
import { counter, gauge, num, raw, rate, sum } from "../../src/promql/index.js";
import {
  alertsAnnotation,
  annotation,
  byName,
  dashboard,
  heatmapPanel,
  intervalVariable,
  queryVariable,
  row,
  statPanel,
  tablePanel,
  textPanel,
  thresholds,
  timeSeriesPanel,
} from "../../src/dashboards/index.js";

const condition = gauge("externalsecret_status_condition", [
  "name",
  "exported_namespace",
  "condition",
  "status",
]);
const syncErrors = counter("externalsecret_sync_calls_error", ["name", "exported_namespace"]);
const byObject = sum(rate(syncErrors.range("$__rate_interval"))).by("exported_namespace", "name");
const upByJob = raw("sum by (job) (up)", { labels: ["job"] });

// Allowed: the same shapes used correctly.
export const ok = dashboard("Type tests", { refresh: "1m" })
  .variables(
    queryVariable("namespace", { selector: condition, label: "exported_namespace" }),
    intervalVariable("window", ["5m", "1h"]),
  )
  .panels(
    timeSeriesPanel("Errors", { unit: "ops" })
      .query(byObject, { legend: "{{exported_namespace}}/{{ name }}" })
      .query(upByJob, { legend: "{{job}}" })
      .query(num(1), { legend: "one" })
      .options({ legend: { displayMode: "table", calcs: ["max"] }, tooltip: { mode: "multi" } })
      .custom({ drawStyle: "bars", stacking: { mode: "normal" } })
      .override(byName("total"), { unit: "percentunit", custom: { lineWidth: 2 } })
      .thresholds(thresholds("green", [1, "semi-dark-red"], [5, "#ff0000"])),
    statPanel("Ready", { unit: "suffix: objects" })
      .query(sum(condition), { legend: "all" })
      .options({ colorMode: "background", graphMode: "area" }),
    heatmapPanel("Latency", { unit: "s" }).options({ calculate: false, yAxis: { unit: "s" } }),
    textPanel("About", { content: "Read me." }),
  )
  .rows(row("More", [tablePanel("Table", { unit: "none" }).query(byObject)]))
  .annotations(
    annotation("Changes", { expr: byObject, title: "{{name}}", tags: ["exported_namespace"] }),
    alertsAnnotation(),
  )
  .silence("panel-description", "the sample explains itself");

// unknown-unit: a unit Grafana does not know.
// error: Type '"furlongs"' is not assignable to type 'GrafanaUnit'
// @ts-expect-error the unit is a literal union of Grafana's unit ids
timeSeriesPanel("Distance", { unit: "furlongs" });

// missing-unit: data panels need a unit.
// error: Property 'unit' is missing
// @ts-expect-error every data panel states its unit
statPanel("Count", {});

// legend-unknown-label: the legend names a label `sum by` dropped.
// error: legend uses {{status}}, a label the query does not return
// @ts-expect-error status is not among exported_namespace, name
timeSeriesPanel("Errors", { unit: "ops" }).query(byObject, { legend: "{{status}}" });

// legend-raw-declared: raw PromQL checks its legend against the labels it declares.
// error: legend uses {{instance}}, a label the query does not return
// @ts-expect-error raw declared only job
timeSeriesPanel("Up", { unit: "none" }).query(upByJob, { legend: "{{instance}}" });

// legend-scalar: a scalar has no labels at all.
// error: legend uses {{job}}, a label the query does not return
// @ts-expect-error scalars carry no labels
statPanel("One", { unit: "none" }).query(num(1), { legend: "{{job}}" });

// options-of-other-kind: a time series option passed to a stat panel.
// error: 'legend' does not exist in type
// @ts-expect-error stat panels have no legend option
statPanel("Ready", { unit: "none" }).options({ legend: { showLegend: false } });

// custom-of-other-kind: time series field config passed to a stat panel.
// error: 'lineWidth' does not exist in type
// @ts-expect-error stat panels have no custom field config
statPanel("Ready", { unit: "none" }).custom({ lineWidth: 2 });

// option-value: a value the option does not take.
// error: Type '"bar"' is not assignable to type '"line" | "bars" | "points"'
// @ts-expect-error drawStyle is bars, not bar
timeSeriesPanel("Errors", { unit: "ops" }).custom({ drawStyle: "bar" });

// override-custom-of-other-kind: overrides are typed by the panel kind too.
// error: 'lineWidth' does not exist in type
// @ts-expect-error tables have no lineWidth
tablePanel("Table", { unit: "none" }).override(byName("x"), { custom: { lineWidth: 2 } });

// text-query: text panels have no queries.
// error: Property 'query' does not exist on type 'TextPanelBuilder'
// @ts-expect-error text panels do not query
textPanel("About", { content: "x" }).query(byObject);

// variable-label: label_values of a label the selector does not have.
// error: Type '"namespace"' is not assignable to type
// @ts-expect-error the metric's label is exported_namespace
queryVariable("namespace", { selector: condition, label: "namespace" });

// interval-duration: interval variables take PromQL durations.
// error: Type '"5 minutes"' is not assignable to type
// @ts-expect-error durations are written 5m
intervalVariable("window", ["5 minutes"]);

// threshold-colour: colours are Grafana's palette names or CSS colours.
// error: Argument of type '"grean"' is not assignable to parameter of type 'GrafanaColor'
// @ts-expect-error misspelt colour
thresholds("grean");

// annotation-title: annotation templates name labels of the query only.
// error: legend uses {{status}}, a label the query does not return
// @ts-expect-error status was aggregated away
annotation("Changes", { expr: byObject, title: "{{status}}" });

// silence-rule: silences name a lint rule that exists.
// error: Argument of type '"panel-colours"' is not assignable to parameter of type
// @ts-expect-error there is no such rule
dashboard("x").silence("panel-colours", "typo");

// refresh: the refresh interval is a duration.
// error: Type '"30 seconds"' is not assignable to type
// @ts-expect-error durations are written 30s
dashboard("x", { refresh: "30 seconds" });
