/**
 * Proof on a live Prometheus: a mixin's scenarios become fixture series on a real clock, and every
 * panel target of a dashboard is evaluated as Grafana would send it, with its variables filled in.
 */
import type { InputSeries, Scenario } from "./scenario.js";
import type { TimedSeries } from "./openmetrics.js";
import { parseDurationMs } from "../promql/duration.js";
import { expandNotation } from "./expand.js";

/** Labels that name an object: made distinct per scenario, so scenarios do not mix in aggregations. */
const identityLabels = ["name", "host", "exported_namespace", "workload"];

/**
 * Every scenario's input series on a real clock, each ending one interval before `endMs` so that
 * a server started now sees every series' last state. A scenario's objects get a `-s<n>` suffix.
 */
export function scenarioFixtures(scenarios: readonly Scenario[], endMs: number): TimedSeries[] {
  return scenarios.flatMap((s, i) => {
    const intervalMs = parseDurationMs(s.interval ?? "1m");
    return s.series.map((series) => {
      const length = expandNotation(series.values).length;
      const labels = Object.fromEntries(
        Object.entries(series.labels).map(([k, v]) => [
          k,
          identityLabels.includes(k) && v !== "" ? `${v}-s${i}` : v,
        ]),
      );
      return { series: { ...series, labels }, startMs: endMs - length * intervalMs, intervalMs };
    });
  });
}

/** Series given on their own (not from a scenario), on the same clock: `samples` scrapes. */
export function fixtureSeries(
  series: readonly InputSeries[],
  endMs: number,
  intervalMs = 60_000,
): TimedSeries[] {
  return series.map((s) => ({
    series: s,
    startMs: endMs - expandNotation(s.values).length * intervalMs,
    intervalMs,
  }));
}

export interface PanelTarget {
  readonly dashboard: string;
  readonly panel: string;
  readonly refId: string;
  readonly expr: string;
  readonly legendFormat?: string;
  readonly instant: boolean;
}

interface PanelJson {
  readonly title?: string;
  readonly type?: string;
  readonly panels?: readonly PanelJson[];
  readonly targets?: readonly {
    readonly expr?: string;
    readonly refId?: string;
    readonly legendFormat?: string;
    readonly instant?: boolean;
    readonly range?: boolean;
  }[];
}

/** Every PromQL target of a dashboard, including the panels of collapsed rows. */
export function panelTargets(dashboard: {
  readonly title: string;
  readonly panels: readonly PanelJson[];
}): PanelTarget[] {
  const walk = (panels: readonly PanelJson[]): PanelTarget[] =>
    panels.flatMap((p) => [
      ...(p.targets ?? [])
        .filter((t) => (t.expr ?? "").trim() !== "")
        .map((t) => ({
          dashboard: dashboard.title,
          panel: p.title ?? "",
          refId: t.refId ?? "",
          expr: t.expr as string,
          ...(t.legendFormat ? { legendFormat: t.legendFormat } : {}),
          instant: t.instant === true && t.range !== true,
        })),
      ...walk(p.panels ?? []),
    ]);
  return walk(dashboard.panels);
}

/** Grafana's built-in interval variables as it would fill them for a 1h range at 1m resolution. */
export const builtinVariables: Readonly<Record<string, string>> = {
  __rate_interval: "5m",
  __interval: "1m",
  __range: "1h",
  __range_s: "3600",
};

/**
 * The expression with `$var`, `${var}`, `${var:fmt}` and `[[var]]` replaced: built-ins as above,
 * the rest by `values` (".*" stands for "All" in a regex matcher).
 */
export function substituteVariables(
  expr: string,
  values: Readonly<Record<string, string>>,
): string {
  const value = (name: string) => builtinVariables[name] ?? values[name] ?? ".*";
  return expr.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::[A-Za-z]+)?\}|\[\[([A-Za-z_][A-Za-z0-9_]*)\]\]|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_, a?: string, b?: string, c?: string) => value((a ?? b ?? c) as string),
  );
}

/** Label names a legend format uses: `{{label}}`. */
export function legendLabels(format: string): string[] {
  return [...format.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)].map((m) => m[1] as string);
}
