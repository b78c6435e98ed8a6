/**
 * Scenario input series as OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`: the
 * same series a promtool test feeds its rules, placed on a real clock so that a real Prometheus can
 * serve them. Families are declared `unknown` (counters here need not end in `_total`); a staleness
 * marker ends a series, which OpenMetrics can only say by sending no more samples.
 */
import { expandNotation } from "./expand.js";
import type { InputSeries } from "./scenario.js";

export interface TimedSeries {
  readonly series: InputSeries;
  /** Unix milliseconds of the first scrape. */
  readonly startMs: number;
  readonly intervalMs: number;
}

function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

/** Series sharing a metric name and labels are merged: later samples win at equal timestamps. */
export function toOpenMetrics(input: readonly TimedSeries[]): string {
  const families = new Map<string, Map<string, Map<number, number>>>();
  for (const { series, startMs, intervalMs } of input) {
    const labels = Object.entries(series.labels)
      .filter(([, v]) => v !== "")
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
      .join(",");
    const family = families.get(series.metric) ?? new Map<string, Map<number, number>>();
    const samples = family.get(labels) ?? new Map<number, number>();
    const values = expandNotation(series.values);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === "stale") break;
      if (v !== undefined) samples.set(startMs + i * intervalMs, v);
    }
    family.set(labels, samples);
    families.set(series.metric, family);
  }
  const lines: string[] = [];
  for (const name of [...families.keys()].sort()) {
    lines.push(`# TYPE ${name} unknown`);
    for (const [labels, samples] of [...(families.get(name) ?? [])].sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    )) {
      const head = labels === "" ? name : `${name}{${labels}}`;
      for (const [t, v] of [...samples].sort(([a], [b]) => a - b))
        lines.push(`${head} ${formatValue(v)} ${(t / 1000).toFixed(3)}`);
    }
  }
  lines.push("# EOF");
  return `${lines.join("\n")}\n`;
}
