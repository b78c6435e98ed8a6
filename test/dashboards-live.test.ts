/**
 * Every shipped mixin on a real Prometheus server: its rules load healthy, every recording rule
 * records series from the scenarios' fixtures, and every panel target of every dashboard returns
 * data, with the labels its legend names, as Grafana would query it ("All" for each variable).
 */
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveEvaluationInterval, liveRuleFiles } from "../src/testing/verify.js";
import { shippedMixins } from "../src/mixins/index.js";
import { RecordingRule } from "../src/index.js";
import {
  fixtureSeries,
  legendLabels,
  panelTargets,
  scenarioFixtures,
  substituteVariables,
} from "../src/testing/live.js";
import { toOpenMetrics } from "../src/testing/openmetrics.js";
import { startPrometheus, type PrometheusServer } from "../src/testing/prometheus-server.js";

const mixins = Object.values(shippedMixins).map((build) => build());
// Fixtures end now (each series' last sample an interval ago): the server's first rule evaluations,
// seconds later, see each scenario's last state, also through the 2m windows of the status rules.
const endMs = Date.now();
const ruleFiles = liveRuleFiles(mixins);
const dashboards = mixins.flatMap((m) =>
  m.dashboards.map((d) => JSON.parse(d.json()) as Parameters<typeof panelTargets>[0]),
);
const targets = dashboards.flatMap((d) => panelTargets(d));

let server: PrometheusServer;
let now: number;

beforeAll(async () => {
  const fixtures = toOpenMetrics(
    mixins.flatMap((m) => [
      ...scenarioFixtures(m.scenarios, endMs),
      ...fixtureSeries(m.dashboardFixtures, endMs),
    ]),
  );
  server = await startPrometheus({
    ruleFiles,
    fixtures,
    evaluationInterval: liveEvaluationInterval,
  });
  await server.waitForRuleEvaluations(3);
  now = Date.now() / 1000;
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe("the live Prometheus harness", () => {
  it("reports errors and empty results, so the checks below can fail", async () => {
    await expect(server.query("sum(", now)).rejects.toThrow(/Prometheus: .*parse error/);
    expect((await server.query("no_such_metric", now)).result).toHaveLength(0);
  });

  it("stops the server by PID and removes its directory", async () => {
    const other = await startPrometheus();
    expect(existsSync(other.dir)).toBe(true);
    expect(() => process.kill(other.pid, 0)).not.toThrow();
    await other.stop();
    expect(existsSync(other.dir)).toBe(false);
    expect(() => process.kill(other.pid, 0)).toThrow();
  }, 60_000);

  it("refuses fixtures promtool cannot read, leaving nothing behind", async () => {
    await expect(startPrometheus({ fixtures: "not openmetrics\n" })).rejects.toThrow(
      /promtool could not write the fixture blocks/,
    );
  });
});

describe("shipped mixins on a live Prometheus", () => {
  it("load every rule with health ok", async () => {
    const groups = await server.ruleGroups();
    expect(groups.map((g) => g.name).sort()).toEqual(
      mixins.flatMap((m) => m.groups.map((g) => g.name)).sort(),
    );
    const unhealthy = groups.flatMap((g) =>
      g.rules
        .filter((r) => r.health !== "ok")
        .map((r) => `${g.name}/${r.name}: ${r.health} ${r.lastError ?? ""}`),
    );
    expect(unhealthy).toEqual([]);
  });

  it.each(
    mixins.flatMap((m) =>
      m.groups.flatMap((g) =>
        g.rules.filter((r) => r instanceof RecordingRule).map((r) => [m.name, r.name] as const),
      ),
    ),
  )("%s: %s records series from the fixtures", async (_, record) => {
    const result = await server.query(record, now);
    expect(result.result.length, `${record} is empty`).toBeGreaterThan(0);
  });
});

/** The first value each query variable offers on the live server, earlier variables filled in. */
async function concreteValues(dashboard: {
  readonly templating?: {
    readonly list: readonly { name: string; type: string; definition?: string }[];
  };
}): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const v of dashboard.templating?.list ?? []) {
    const m = /^label_values\((.*), *([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(v.definition ?? "");
    if (v.type !== "query" || !m) continue;
    const offered = await server.labelValues(
      m[2] as string,
      substituteVariables(m[1] as string, values),
    );
    expect(offered.length, `variable ${v.name} offers no value`).toBeGreaterThan(0);
    // Grafana escapes a value for a regex matcher, and again for the PromQL string around it.
    values[v.name] = (offered[0] as string).replace(/[.*+?^${}()|[\]\\]/g, "\\\\$&");
  }
  return values;
}

describe.each(dashboards.map((d) => [d.title, d] as const))("dashboard %s", (title, dashboard) => {
  it("answers every query for a concrete value of each variable", async () => {
    const values = await concreteValues(dashboard as Parameters<typeof concreteValues>[0]);
    for (const target of targets.filter((t) => t.dashboard === title)) {
      const expr = substituteVariables(target.expr, values);
      await expect(server.query(expr, now), `${target.panel}: ${expr}`).resolves.toBeDefined();
    }
  });

  it.each(
    targets
      .filter((t) => t.dashboard === title)
      .map((t) => [`${t.panel} (${t.refId})`, t] as const),
  )("%s returns data with its legend's labels", async (_, target) => {
    const expr = substituteVariables(target.expr, {});
    const result = target.instant
      ? await server.query(expr, now)
      : await server.queryRange(expr, now - 1800, now, 60);
    const series = result.result as { metric: Record<string, string> }[];
    expect(series.length, `no data for: ${expr}`).toBeGreaterThan(0);
    for (const label of legendLabels(target.legendFormat ?? ""))
      expect(
        series.some((s) => label in s.metric),
        `legend names ${label}, absent from the result of: ${expr}`,
      ).toBe(true);
  });
});
