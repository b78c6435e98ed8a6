/**
 * Dashboard lint: every rule has a passing and a failing fixture; findings carry a rule id, a
 * location and a JSON path; silences need a reason and must match something.
 */
import { describe, expect, it } from "vitest";
import {
  dashboard,
  dashboardLintRules,
  dashboardUrl,
  lintDashboard,
  lintDashboards,
  queryVariable,
  statPanel,
  textPanel,
  timeSeriesPanel,
  urlLink,
  type DashboardJson,
  type DashboardLintOptions,
  type DashboardLintRule,
} from "../src/dashboards/index.js";
import { counter, gauge, raw, rate, re, sum } from "../src/promql/index.js";

const requests = counter("http_requests_total", ["job", "namespace", "cluster"]);
const up = gauge("up", ["job", "namespace", "cluster"]);

const namespace = queryVariable("namespace", { label: "namespace", selector: up });

/** A dashboard that lints clean. */
const base = () =>
  dashboard("Lint base", { uid: "lint-base" })
    .variables(namespace)
    .panels(
      textPanel("About", { content: "What this dashboard shows." }),
      timeSeriesPanel("Requests", { unit: "reqps", description: "Requests per second." }).query(
        sum(rate(requests.where({ namespace: namespace.matcher() }).range("$__rate_interval"))).by(
          "job",
        ),
        { legend: "{{job}}" },
      ),
      statPanel("Up", { unit: "none", description: "Targets up." }).query(sum(up), {
        legend: "up",
      }),
    );

// Fixtures edit the JSON freely, as a hand-written or imported dashboard would be.
type Json = Record<string, any>;
interface Fixture {
  readonly json: DashboardJson;
  readonly options?: DashboardLintOptions;
}
const edit = (change: (d: Json) => void): Fixture => {
  const json = structuredClone(base().build()) as Json;
  change(json);
  return { json: json as DashboardJson };
};
const clean = (): Fixture => ({ json: base().build() });
const requestsPanel = (d: Json) => d.panels[1] as Json;

const cases: Record<DashboardLintRule, { fail: () => Fixture; pass: () => Fixture }> = {
  "dashboard-title-uid": { fail: () => edit((d) => delete d.uid), pass: clean },
  "template-datasource": {
    fail: () => edit((d) => d.templating.list.shift()),
    pass: clean,
  },
  "template-on-time-change-reload": {
    fail: () => edit((d) => (d.templating.list[1].refresh = 1)),
    pass: clean,
  },
  "template-undefined-variable": {
    fail: () => edit((d) => (requestsPanel(d).targets[0].expr = 'sum(up{job=~"$job"})')),
    pass: clean,
  },
  "template-multi-value-equality": {
    fail: () => edit((d) => (requestsPanel(d).targets[0].expr = 'sum(up{namespace="$namespace"})')),
    pass: () =>
      edit((d) => (requestsPanel(d).targets[0].expr = 'sum(up{namespace=~"$namespace"})')),
  },
  "panel-datasource": {
    fail: () =>
      edit((d) => (requestsPanel(d).datasource = { type: "prometheus", uid: "P1809F7CD0C75ACF3" })),
    pass: () =>
      edit((d) => (requestsPanel(d).datasource = { type: "prometheus", uid: "$datasource" })),
  },
  "target-datasource": {
    fail: () => edit((d) => (requestsPanel(d).targets[0].datasource = { uid: "prom-1" })),
    pass: () => edit((d) => delete requestsPanel(d).targets[0].datasource),
  },
  "panel-title": {
    fail: () => edit((d) => (d.panels[2].title = "Requests")),
    pass: clean,
  },
  "panel-description": {
    fail: () => edit((d) => delete requestsPanel(d).description),
    pass: clean,
  },
  "panel-units": {
    fail: () => edit((d) => delete requestsPanel(d).fieldConfig.defaults.unit),
    pass: clean,
  },
  "panel-no-targets": {
    fail: () => edit((d) => (requestsPanel(d).targets = [])),
    pass: clean,
  },
  "target-promql": {
    fail: () => edit((d) => (requestsPanel(d).targets[0].expr = "sum(rate(x[5m])")),
    pass: clean,
  },
  "target-rate-interval": {
    fail: () =>
      edit((d) => (requestsPanel(d).targets[0].expr = "sum(rate(http_requests_total[5m]))")),
    pass: clean,
  },
  "target-cluster-filter": {
    fail: () => ({
      json: dashboard("Clusters", { cluster: "cluster" })
        .panels(statPanel("Up", { unit: "none", description: "Up." }).query(sum(up)))
        .build(),
    }),
    pass: () => ({
      json: dashboard("Clusters", { cluster: "cluster" })
        .panels(
          statPanel("Up", { unit: "none", description: "Up." }).query(
            sum(up.where({ cluster: re("$cluster") })),
          ),
        )
        .build(),
    }),
  },
  "template-cluster-filter": {
    fail: () => ({
      json: dashboard("Clusters", { cluster: "cluster" })
        .variables(namespace)
        .panels(textPanel("About", { content: "Namespaces." }))
        .build(),
    }),
    pass: () => ({
      json: dashboard("Clusters", { cluster: "cluster" })
        .variables(
          queryVariable("namespace", {
            label: "namespace",
            selector: up.where({ cluster: re("$cluster") }),
          }),
        )
        .panels(textPanel("About", { content: "Namespaces." }))
        .build(),
    }),
  },
  "dashboard-links": {
    fail: () => ({
      json: base()
        .links(urlLink({ title: "Elsewhere", url: dashboardUrl("not-built") }))
        .build(),
    }),
    pass: () => ({
      json: base()
        .links(urlLink({ title: "Elsewhere", url: dashboardUrl("other-dashboard") }))
        .build(),
      options: { knownUids: ["other-dashboard"] },
    }),
  },
  "silence-without-reason": {
    fail: () => ({
      json: edit((d) => delete requestsPanel(d).description).json,
      options: { silences: [{ rule: "panel-description", reason: " ", panel: "Requests" }] },
    }),
    pass: () => ({
      json: edit((d) => delete requestsPanel(d).description).json,
      options: {
        silences: [{ rule: "panel-description", reason: "self-explanatory", panel: "Requests" }],
      },
    }),
  },
  "silence-unused": {
    fail: () => ({
      json: clean().json,
      options: { silences: [{ rule: "panel-units", reason: "kept from an old version" }] },
    }),
    pass: () => ({
      json: edit((d) => delete requestsPanel(d).fieldConfig.defaults.unit).json,
      options: { silences: [{ rule: "panel-units", reason: "the unit varies by series" }] },
    }),
  },
};

const rulesOf = (f: Fixture) => lintDashboard(f.json, f.options).findings.map((x) => x.rule);

describe("dashboard lint", () => {
  it("has a fixture pair for every rule", () => {
    expect(Object.keys(cases).sort()).toEqual([...dashboardLintRules].sort());
  });

  it("the base dashboard is clean", () => {
    expect(lintDashboard(base().build()).findings).toEqual([]);
  });

  it.each(dashboardLintRules)("%s: the failing fixture fails, the passing one passes", (rule) => {
    expect(rulesOf(cases[rule].fail())).toContain(rule);
    expect(rulesOf(cases[rule].pass())).not.toContain(rule);
  });

  it("a cluster filter on one selector does not scope the others of the query", () => {
    const scoped = up.where({ cluster: re("$cluster") });
    const json = dashboard("Clusters", { cluster: "cluster" })
      .panels(
        statPanel("Up share", { unit: "percentunit", description: "Up over all." }).query(
          sum(scoped).div(sum(up)),
        ),
      )
      .build();
    expect(lintDashboard(json).findings).toEqual([
      expect.objectContaining({
        rule: "target-cluster-filter",
        message: expect.stringMatching(/^filter up by the cluster variable/),
      }),
    ]);
  });

  it("findings name the dashboard, the panel, the query and the JSON path", () => {
    const result = lintDashboard(
      edit((d) => (requestsPanel(d).targets[0].expr = "sum(rate(http_requests_total[5m]))")).json,
    );
    expect(result.findings).toEqual([
      expect.objectContaining({
        rule: "target-rate-interval",
        dashboard: "lint-base",
        panel: "Requests",
        query: "A",
        path: "panels[1].targets[0].expr",
        where: expect.stringMatching(/^panel "Requests" \(id \d+\), query A$/),
        message: expect.stringContaining("$__rate_interval"),
      }),
    ]);
  });

  it("checks panels inside collapsed rows too", () => {
    const json = base().build() as Json;
    const panel = structuredClone(json.panels[1]);
    panel.fieldConfig.defaults.unit = "";
    panel.title = "Hidden";
    json.panels.push({
      type: "row",
      id: 9,
      title: "Row",
      collapsed: true,
      gridPos: { x: 0, y: 50, w: 24, h: 1 },
      panels: [panel],
    });
    const found = lintDashboard(json).findings;
    expect(found.map((f) => [f.rule, f.path])).toEqual([
      ["panel-units", "panels[3].panels[0].fieldConfig.defaults.unit"],
    ]);
  });

  it("silences on builders apply to their panel and query, with the reason kept", () => {
    const d = dashboard("Silenced", { uid: "silenced" }).panels(
      timeSeriesPanel("Raw rate", { unit: "reqps", description: "A rate over 5m." })
        .query(raw("sum(rate(http_requests_total[5m]))"))
        .silence("target-rate-interval", "the recording rule uses 5m as well", "A"),
    );
    const result = d.lint();
    expect(result.findings).toEqual([]);
    expect(result.silenced.map((s) => [s.rule, s.reason])).toEqual([
      ["target-rate-interval", "the recording rule uses 5m as well"],
    ]);
    const other = dashboard("Silenced", { uid: "silenced" }).panels(
      timeSeriesPanel("Raw rate", { unit: "reqps", description: "A rate over 5m." })
        .query(raw("sum(rate(http_requests_total[5m]))"))
        .silence("target-rate-interval", "wrong query", "B"),
    );
    expect(
      other
        .lint()
        .findings.map((f) => f.rule)
        .sort(),
    ).toEqual(["silence-unused", "target-rate-interval"]);
  });

  it("links resolve against every dashboard of the build", () => {
    const a = dashboard("A", { uid: "a" }).links(urlLink({ title: "B", url: dashboardUrl("b") }));
    const b = dashboard("B", { uid: "b" }).links(urlLink({ title: "A", url: dashboardUrl(a) }));
    expect(lintDashboards([a, b]).findings).toEqual([]);
    expect(lintDashboards([a]).findings.map((f) => f.rule)).toEqual(["dashboard-links"]);
  });

  it("a shared silence counts as used when it silences something in any dashboard", () => {
    const noDescription = (uid: string) =>
      dashboard(uid, { uid }).panels(statPanel("Up", { unit: "none" }).query(sum(up)));
    const described = (uid: string) =>
      dashboard(uid, { uid }).panels(
        statPanel("Up", { unit: "none", description: "Up." }).query(sum(up)),
      );
    const silences = [{ rule: "panel-description", reason: "stat titles say it all" }];
    const both = lintDashboards([noDescription("a"), described("b")], { silences });
    expect(both.findings).toEqual([]);
    expect(both.silenced.map((f) => f.dashboard)).toEqual(["a"]);
    const none = lintDashboards([described("a"), described("b")], { silences });
    expect(none.findings.map((f) => f.rule)).toEqual(["silence-unused"]);
  });
});
