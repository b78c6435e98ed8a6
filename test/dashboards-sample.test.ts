/**
 * The sample dashboard (every panel kind and variable kind): its JSON is pinned by a committed file,
 * passes the runtime schema check, lints clean, and is byte-identical across runs and processes.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  byName,
  checkDashboardJson,
  dashboard,
  lintDashboards,
  statPanel,
  timeSeriesPanel,
  type DashboardJson,
} from "../src/dashboards/index.js";
import { count, gauge } from "../src/promql/index.js";
import { detailDashboard, sampleDashboard } from "./fixtures/sample-dashboard.js";

const fixtures = path.join(import.meta.dirname, "fixtures", "dashboards");

function panelsIn(d: DashboardJson): { type: string }[] {
  return (d.panels ?? []).flatMap((p) => [p, ...("panels" in p ? (p.panels ?? []) : [])]);
}

describe("sample dashboard", () => {
  it("matches the committed JSON", async () => {
    await expect(sampleDashboard.json()).toMatchFileSnapshot(path.join(fixtures, "sample.json"));
    await expect(detailDashboard.json()).toMatchFileSnapshot(
      path.join(fixtures, "externalsecret.json"),
    );
  });

  it("uses every panel kind and every variable kind", () => {
    const built = sampleDashboard.build();
    const kinds = new Set(panelsIn(built).map((p) => p.type));
    expect([...kinds].sort()).toEqual(
      [
        "bargauge",
        "gauge",
        "heatmap",
        "piechart",
        "row",
        "stat",
        "state-timeline",
        "status-history",
        "table",
        "text",
        "timeseries",
      ].sort(),
    );
    const variables = new Set(built.templating?.list?.map((v) => v.type));
    expect([...variables].sort()).toEqual(
      ["adhoc", "constant", "custom", "datasource", "interval", "query", "textbox"].sort(),
    );
    expect(built.templating?.list?.map((v) => v.name)).toContain("cluster");
  });

  it("passes the runtime check of the dashboard JSON model", () => {
    expect(checkDashboardJson(sampleDashboard.build())).toEqual([]);
    expect(checkDashboardJson(detailDashboard.build())).toEqual([]);
  });

  it("the schema check can fail: overlapping panels, a missing refId, a panel past column 24", () => {
    type Broken = {
      panels: { gridPos: { x: number; y: number; w: number }; targets?: { refId?: string }[] }[];
    };
    const mutate = (change: (d: Broken) => void) => {
      const copy = structuredClone(sampleDashboard.build()) as unknown as Broken;
      change(copy);
      return checkDashboardJson(copy).join("\n");
    };
    expect(
      mutate((d) => {
        const [first, second] = d.panels;
        if (first && second) second.gridPos.y = first.gridPos.y;
      }),
    ).toMatch(/panels 0 and 1 overlap/);
    expect(mutate((d) => delete d.panels[1]?.targets?.[0]?.refId)).toMatch(
      /panels\.1\.targets\.0\.refId/,
    );
    expect(
      mutate((d) => {
        const p = d.panels[1];
        if (p) p.gridPos.x = 20;
      }),
    ).toMatch(/extends past column 24/);
  });

  it("lints clean with the dashboard it links to", () => {
    const result = lintDashboards([sampleDashboard, detailDashboard]);
    expect(result.findings).toEqual([]);
  });

  it("every panel and query uses the data source variable", () => {
    for (const p of panelsIn(sampleDashboard.build()) as {
      type: string;
      datasource?: unknown;
      targets?: { datasource?: unknown }[];
    }[]) {
      if (p.type === "row" || p.type === "text") continue;
      expect(p.datasource).toEqual({ type: "prometheus", uid: "${datasource}" });
      for (const t of p.targets ?? [])
        expect(t.datasource).toEqual({ type: "prometheus", uid: "${datasource}" });
    }
  });

  it("has a derived uid of at most 40 characters of [A-Za-z0-9_-]", () => {
    expect(sampleDashboard.uid).toBe("gitops-platform-sample");
    const long = dashboard("A very long dashboard title that goes on and on about flux".repeat(2));
    expect(long.uid).toMatch(/^[A-Za-z0-9_-]{1,40}$/);
    expect(long.uid).toBe(long.build().uid);
  });

  it("is byte-identical in another process, time zone and locale", () => {
    const script = path.join(import.meta.dirname, "fixtures", "print-sample-dashboard.ts");
    const other = execFileSync(process.execPath, ["--import", "tsx", script], {
      encoding: "utf8",
      env: { ...process.env, TZ: "Pacific/Chatham", LC_ALL: "tr_TR.UTF-8", LANG: "tr_TR.UTF-8" },
    });
    expect(other).toBe(sampleDashboard.json());
    expect(sampleDashboard.json()).toBe(sampleDashboard.json());
  });

  it("sorts keys: the order of builder calls does not change the bytes", () => {
    const up = gauge("up", ["job"]);
    const a = dashboard("Order", { tags: ["a"], refresh: "1m" }).panels(
      statPanel("Up", { unit: "none", description: "Targets up." })
        .query(count(up), { legend: "up" })
        .field({ decimals: 0, min: 0 })
        .override(byName("up"), { unit: "percent", decimals: 1 })
        .options({ colorMode: "background", graphMode: "none" }),
    );
    const b = dashboard("Order", { refresh: "1m", tags: ["a"] }).panels(
      statPanel("Up", { description: "Targets up.", unit: "none" })
        .options({ graphMode: "none", colorMode: "background" })
        .field({ min: 0, decimals: 0 })
        .query(count(up), { legend: "up" })
        .override(byName("up"), { decimals: 1, unit: "percent" }),
    );
    expect(a.json()).toBe(b.json());
    const text = a.json();
    expect(text.endsWith("}\n")).toBe(true);
    const keys = Object.keys(JSON.parse(text) as object);
    expect(keys).toEqual([...keys].sort());
  });

  it("builds 200 panels with unique ids and refIds A, B, ...", () => {
    const up = gauge("up", ["job", "instance"]);
    const many = dashboard("Many").panels(
      ...Array.from({ length: 200 }, (_, i) =>
        timeSeriesPanel(`Panel ${i}`, { unit: "short", description: `Panel number ${i}.` })
          .query(count(up).by("job"), { legend: "{{job}}" })
          .query(count(up).by("instance"), { legend: "{{instance}}" }),
      ),
    );
    const built = many.build();
    const ids = (built.panels ?? []).map((p) => p.id);
    expect(new Set(ids).size).toBe(200);
    const refIds = (built.panels ?? []).flatMap((p) =>
      "targets" in p ? (p.targets ?? []).map((t) => t.refId) : [],
    );
    expect(new Set(refIds)).toEqual(new Set(["A", "B"]));
  });
});
