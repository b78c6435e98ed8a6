/**
 * Panels, rows and their queries in the JSON model: layout applied, ids derived, kind defaults
 * merged under the caller's options. Pure functions of a valid model.
 */
import {
  type DashboardLink,
  type DataSourceRef,
  type FieldConfigSource,
  type Panel,
  type RowPanel,
  type ThresholdsConfig,
  type ValueMapping,
} from "@grafana/schema";
import { panelIds } from "./ids.js";
import { layout, type GridPos } from "./layout.js";
import {
  allPanels,
  panelKeys,
  type DashboardModel,
  type PanelModel,
  type QueryModel,
} from "./model.js";
import { kindDefaults } from "./panels/kinds.js";
import { deepMerge } from "./plain.js";
import { assignRefIds } from "./targets.js";

function sizeOf(p: PanelModel) {
  const d = kindDefaults[p.kind];
  return { width: p.width ?? d.width, height: p.height ?? d.height };
}

function emitTarget(q: QueryModel, refId: string, p: PanelModel, ds: DataSourceRef) {
  const d = kindDefaults[p.kind];
  const type = q.type ?? d.queryType;
  const format = q.format ?? d.format;
  // Heatmap rows are the buckets: name them by their upper bound unless told otherwise.
  const legend = q.legend ?? (format === "heatmap" ? "{{le}}" : "__auto");
  // Optional keys are assigned, not spread in: spreading a literal per key costs a temporary object.
  const target: Record<string, unknown> = {
    datasource: ds,
    editorMode: "code",
    expr: q.expr,
    format,
    instant: type !== "range",
    legendFormat: legend,
    range: type !== "instant",
    refId,
  };
  if (q.minInterval !== undefined) target.interval = q.minInterval;
  if (q.hide !== undefined) target.hide = q.hide;
  if (q.exemplar !== undefined) target.exemplar = q.exemplar;
  return target;
}

function emitFieldConfig(p: PanelModel): FieldConfigSource {
  const d = kindDefaults[p.kind];
  const f = p.defaults;
  // Value mappings carry their position as `index`, as Grafana's editor writes them.
  let index = 0;
  const mappings = (f.mappings ?? []).map((m) => {
    if (m.type === "value") {
      const options = Object.fromEntries(
        Object.entries(m.options ?? {}).map(([k, r]) => [k, { ...r, index: index++ }]),
      );
      return { ...m, options };
    }
    return { ...m, options: { ...m.options, result: { ...m.options?.result, index: index++ } } };
  });
  const defaults: Record<string, unknown> = {
    color: { ...(f.color ?? { mode: d.colorMode }) },
    custom: deepMerge(d.custom, p.custom),
    mappings: mappings as ValueMapping[],
    thresholds: (f.thresholds ?? {
      mode: "absolute",
      steps: [{ color: "green", value: null }],
    }) as ThresholdsConfig,
  };
  if (f.unit !== undefined) defaults.unit = f.unit;
  if (f.decimals !== undefined) defaults.decimals = f.decimals;
  if (f.min !== undefined) defaults.min = f.min;
  if (f.max !== undefined) defaults.max = f.max;
  if (f.noValue !== undefined) defaults.noValue = f.noValue;
  if (f.displayName !== undefined) defaults.displayName = f.displayName;
  if (f.links !== undefined) defaults.links = [...f.links];
  return {
    defaults: defaults as FieldConfigSource["defaults"],
    overrides: p.overrides.map((o) => ({
      matcher: { ...o.matcher },
      properties: o.properties.map((prop) => ({ ...prop })),
    })),
  };
}

function emitPanel(p: PanelModel, id: number, gridPos: GridPos, ds: DataSourceRef): Panel {
  const d = kindDefaults[p.kind];
  const options = deepMerge(d.options, p.options) as Record<string, unknown>;
  if (p.kind === "heatmap" && p.defaults.unit !== undefined) {
    // The heatmap's unit is that of its buckets, shown on the y axis.
    options.yAxis = { unit: p.defaults.unit, ...(options.yAxis as object) };
  }
  const panel: Panel = { id, type: p.kind, title: p.title, gridPos: { ...gridPos }, options };
  if (p.description !== undefined) panel.description = p.description;
  if (p.links.length > 0) panel.links = p.links.map((l) => ({ ...l }) as DashboardLink);
  if (p.transformations.length > 0)
    panel.transformations = p.transformations.map((t) => ({ ...t }));
  if (p.repeat !== undefined) {
    panel.repeat = p.repeat.variable;
    panel.repeatDirection = p.repeat.direction;
    if (p.repeat.maxPerRow !== undefined) panel.maxPerRow = p.repeat.maxPerRow;
  }
  if (p.interval !== undefined) panel.interval = p.interval;
  if (p.maxDataPoints !== undefined) panel.maxDataPoints = p.maxDataPoints;
  if (p.timeFrom !== undefined) panel.timeFrom = p.timeFrom;
  if (p.timeShift !== undefined) panel.timeShift = p.timeShift;
  if (p.transparent !== undefined) panel.transparent = p.transparent;
  if (p.kind === "text") return panel;
  const refIds = assignRefIds(p.queries);
  panel.datasource = ds;
  panel.fieldConfig = emitFieldConfig(p);
  panel.targets = p.queries.map((q, i) => emitTarget(q, refIds[i] ?? "A", p, ds));
  return panel;
}

/** Grafana keeps panels ordered by position; so do we, so that a saved copy has the same order. */
function byPosition(a: { gridPos?: GridPos }, b: { gridPos?: GridPos }): number {
  return (a.gridPos?.y ?? 0) - (b.gridPos?.y ?? 0) || (a.gridPos?.x ?? 0) - (b.gridPos?.x ?? 0);
}

/** The dashboard's `panels`: top panels, then each row followed (or, collapsed, filled) by its own. */
export function emitPanels(model: DashboardModel, ds: DataSourceRef): (Panel | RowPanel)[] {
  const keys = panelKeys(model);
  const explicit = new Map<string, number>();
  allPanels(model).forEach((p, i) => {
    const key = keys.panels[i];
    if (p.id !== undefined && key !== undefined) explicit.set(key, p.id);
  });
  const ids = panelIds([...keys.panels, ...keys.rows], explicit);
  const idOf = (key: string | undefined) => ids.get(key ?? "") ?? 0;
  const placed = layout({
    top: model.panels.map(sizeOf),
    rows: model.rows.map((r) => ({ collapsed: r.collapsed, panels: r.panels.map(sizeOf) })),
  });

  let k = 0;
  const top = model.panels.map((p, i) =>
    emitPanel(p, idOf(keys.panels[k++]), placed.top[i] as GridPos, ds),
  );
  const out: (Panel | RowPanel)[] = top.sort(byPosition);
  model.rows.forEach((r, ri) => {
    const pos = placed.rows[ri];
    const inner = r.panels
      .map((p, i) => emitPanel(p, idOf(keys.panels[k++]), pos?.panels[i] as GridPos, ds))
      .sort(byPosition);
    const rowPanel: RowPanel = {
      id: idOf(keys.rows[ri]),
      type: "row",
      title: r.title,
      collapsed: r.collapsed,
      gridPos: { ...(pos?.pos as GridPos) },
      panels: r.collapsed ? inner : [],
      ...(r.repeat === undefined ? {} : { repeat: r.repeat }),
    };
    out.push(rowPanel, ...(r.collapsed ? [] : inner));
  });
  return out;
}
