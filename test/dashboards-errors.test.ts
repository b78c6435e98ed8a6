/**
 * Validation: invalid dashboards are refused before anything is emitted, with every problem named
 * by dashboard, row, panel, query and field, and a fix.
 */
import { describe, expect, it } from "vitest";
import {
  DashboardError,
  byQuery,
  customVariable,
  dashboard,
  dashboardArtifacts,
  heatmapPanel,
  queryVariable,
  row,
  statPanel,
  textboxVariable,
  thresholds,
  timeSeriesPanel,
  type DashboardBuilder,
} from "../src/dashboards/index.js";
import { counter, gauge, raw, rate, re, sum } from "../src/promql/index.js";

const up = gauge("up", ["job", "namespace"]);
const requests = counter("http_requests_total", ["job", "le"]);

function problemsOf(d: DashboardBuilder): string[] {
  try {
    d.build();
  } catch (err) {
    expect(err).toBeInstanceOf(DashboardError);
    return (err as DashboardError).problems.map((p) => `${p.where}: ${p.message}`);
  }
  throw new Error("expected the build to fail");
}

const one = (d: DashboardBuilder) => {
  const problems = problemsOf(d);
  expect(problems).toHaveLength(1);
  return problems[0];
};

describe("dashboard validation", () => {
  it("refuses a query using an undefined variable", () => {
    const d = dashboard("Vars").panels(
      statPanel("Up", { unit: "none" }).query(sum(up.where({ job: re("$job") }))),
    );
    expect(one(d)).toBe(
      'dashboard "Vars", panel "Up", query A, field "expr": uses $job, which is not defined; add the variable to the dashboard or remove the reference',
    );
  });

  it("refuses a chained variable that uses a variable defined after it", () => {
    const ns = queryVariable("namespace", {
      label: "namespace",
      selector: up.where({ job: re("$job") }),
    });
    const job = queryVariable("job", { label: "job", selector: up });
    expect(one(dashboard("Chain").variables(ns, job))).toMatch(
      /^dashboard "Chain", variable "namespace": uses \$job, which is defined after it; .* add job first$/,
    );
    expect(dashboard("Chain").variables(job, ns).validate()).toEqual([]);
  });

  it("checks legends at build time too (for callers without the types)", () => {
    const d = dashboard("Legend").rows(
      row("R", [
        timeSeriesPanel("Up", { unit: "none" }).query(sum(up).by("job"), {
          legend: "{{namespace}}" as never,
        }),
      ]),
    );
    expect(one(d)).toBe(
      'dashboard "Legend", row "R", panel "Up", query A, field "legend": names {{namespace}}, which the query does not return (it returns job); keep the label in the aggregation or change the legend',
    );
    // raw PromQL without declared labels cannot be checked, and is accepted.
    const open = dashboard("Legend").panels(
      timeSeriesPanel("Up", { unit: "none" }).query(raw("sum by (job) (up)"), {
        legend: "{{anything}}" as never,
      }),
    );
    expect(open.validate()).toEqual([]);
  });

  it("collects every problem of every panel, with the field to fix", () => {
    const problems = problemsOf(
      dashboard("Many", { uid: "not a uid!", schemaVersion: 20, refresh: "30 seconds" as never })
        .variables(customVariable("env", ["prod"], { default: "staging" }), textboxVariable("env"))
        .panels(
          timeSeriesPanel("Wide", { unit: "furlongs" as never, width: 30 }),
          statPanel("Ids", { unit: "none" })
            .query(sum(up), { refId: "A" })
            .query(sum(up), { refId: "A" })
            .override(byQuery("B"), { decimals: 1 })
            .thresholds(thresholds("green", [5, "red"], [1, "blue"]))
            .repeat("pod"),
          heatmapPanel("Latency", { unit: "s" }).query(
            sum(rate(requests.range("$__rate_interval"))).by("job"),
          ),
        ),
    );
    expect(problems).toEqual([
      'dashboard "Many", field "uid": "not a uid!" is not a valid uid: use 1 to 40 characters of [A-Za-z0-9_-], or leave it out to derive one from the title',
      'dashboard "Many", field "schemaVersion": 20 is not supported: use an integer from 36 to 42',
      'dashboard "Many", field "refresh": "30 seconds" is not a duration such as 30s or 1m',
      'dashboard "Many", variable "env", field "default": "staging" is not one of the values',
      'dashboard "Many", variable "env": another variable has the same name',
      'dashboard "Many", panel "Wide", field "width": 30 is not a width in grid columns: use 1 to 24',
      'dashboard "Many", panel "Wide", field "unit": "furlongs" is not a Grafana unit id (e.g. short, s, reqps, percentunit)',
      'dashboard "Many", panel "Ids", query A, field "refId": another query of the panel has the same refId',
      'dashboard "Many", panel "Ids", override #1: matches query "B", but the panel\'s queries are A, A',
      'dashboard "Many", panel "Ids", field "thresholds": step #3 must be a number above the step before it',
      'dashboard "Many", panel "Ids", field "repeat": variable "pod" is not defined',
      'dashboard "Many", panel "Latency", query A, field "format": format heatmap needs the "le" label of histogram buckets; aggregate with by (le, ...) or use format time_series',
    ]);
  });

  it("says how many problems there are, one per line, without a stack trace in the message", () => {
    try {
      dashboard("")
        .panels(statPanel("Up", { unit: "none", width: 0 }).query(sum(up)))
        .build();
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toBe(
        "2 problems in the dashboards:\n" +
          '  - dashboard "": the title is empty; give the dashboard a title\n' +
          '  - dashboard "", panel "Up", field "width": 0 is not a width in grid columns: use 1 to 24',
      );
    }
  });

  it("refuses two dashboards with the same uid in one set of artifacts", () => {
    const a = dashboard("Flux", { uid: "flux" });
    const b = dashboard("Flux (copy)", { uid: "flux" });
    expect(() => dashboardArtifacts([a, b])).toThrow(
      'dashboard "Flux (copy)": uid "flux" is also the uid of dashboard "Flux"; set a distinct uid',
    );
    expect([...dashboardArtifacts([a]).keys()]).toEqual(["flux.json"]);
  });
});
