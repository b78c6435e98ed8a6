/**
 * Proof that both libraries build the same dashboard: the same variables (name, type, query), and
 * the same panels in the same order (kind, title, description, size, unit, min/max, thresholds and
 * every query's expr, legend, format and instant/range). Run before anything is timed.
 */

interface Summary {
  variables: string[];
  panels: string[];
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function summarize(dashboard: Json): Summary {
  const variables = (dashboard.templating?.list ?? []).map((v: Json) => {
    const query = typeof v.query === "object" ? v.query.query : v.query;
    return JSON.stringify([v.name, v.type, v.type === "datasource" ? "prometheus" : query]);
  });
  const panels = (dashboard.panels ?? []).map((p: Json) => {
    const d = p.fieldConfig?.defaults ?? {};
    const steps = (d.thresholds?.steps ?? []).map((s: Json) => [s.color, s.value]);
    const targets = (p.targets ?? []).map((t: Json) => [
      t.refId,
      t.expr,
      t.legendFormat,
      t.format,
      t.instant === true,
    ]);
    return JSON.stringify({
      type: p.type,
      title: p.title,
      description: p.description,
      size: p.type === "row" ? undefined : [p.gridPos?.w, p.gridPos?.h],
      unit: d.unit,
      min: d.min,
      max: d.max,
      steps: p.type === "row" || p.type === "text" || steps.length < 2 ? undefined : steps,
      targets,
    });
  });
  return { variables, panels };
}

/** Throws, naming the first difference, unless the two dashboard JSON models agree. */
export function assertSameDashboards(mixkit: unknown, sdk: unknown): { panels: number } {
  const a = summarize(mixkit as Json);
  const b = summarize(sdk as Json);
  for (const key of ["variables", "panels"] as const) {
    const n = Math.max(a[key].length, b[key].length);
    for (let i = 0; i < n; i++) {
      if (a[key][i] !== b[key][i]) {
        throw new Error(
          `the two benchmark dashboards differ at ${key}[${i}]:\n  mixkit: ${a[key][i]}\n  sdk:    ${b[key][i]}`,
        );
      }
    }
  }
  return { panels: a.panels.filter((p) => JSON.parse(p).type !== "row").length };
}
