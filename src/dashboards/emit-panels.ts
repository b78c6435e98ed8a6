/**
 * Panels, rows and their queries in the JSON model: layout applied, ids derived, kind defaults
 * merged under the caller's options. Pure functions of a valid model.
 */
import {
  FieldColorModeId,
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
  return {
    datasource: ds,
    editorMode: "code",
    expr: q.expr,
    format,
    instant: type !== "range",
    legendFormat: legend,
    range: type !== "instant",
    refId,
    ...(q.minInterval === undefined ? {} : { interval: q.minInterval }),
    ...(q.hide === undefined ? {} : { hide: q.hide }),
    ...(q.exemplar === undefined ? {} : { exemplar: q.exemplar }),
  };
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
  const defaults = {
    color: f.color ?? { mode: d.colorMode },
    custom: deepMerge(d.custom, p.custom),
    mappings: mappings as ValueMapping[],
    thresholds: (f.thresholds ?? {
      mode: "absolute",
      steps: [{ color: "green", value: null }],
    }) as ThresholdsConfig,
    ...(f.unit === undefined ? {} : { unit: f.unit }),
    ...(f.decimals === undefined ? {} : { decimals: f.decimals }),
    ...(f.min === undefined ? {} : { min: f.min }),
    ...(f.max === undefined ? {} : { max: f.max }),
    ...(f.noValue === undefined ? {} : { noValue: f.noValue }),
    ...(f.displayName === undefined ? {} : { displayName: f.displayName }),
    ...(f.links === undefined ? {} : { links: [...f.links] }),
  };
  return {
    defaults: {
      ...defaults,
      color: { ...defaults.color, mode: defaults.color.mode as FieldColorModeId },
    },
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
  const panel: Panel = {
    id,
    type: p.kind,
    title: p.title,
    gridPos: { ...gridPos },
    options,
    ...(p.description === undefined ? {} : { description: p.description }),
    ...(p.links.length === 0 ? {} : { links: p.links.map((l) => ({ ...l }) as DashboardLink) }),
    ...(p.transformations.length === 0
      ? {}
      : { transformations: p.transformations.map((t) => ({ ...t })) }),
    ...(p.repeat === undefined
      ? {}
      : {
          repeat: p.repeat.variable,
          repeatDirection: p.repeat.direction,
          ...(p.repeat.maxPerRow === undefined ? {} : { maxPerRow: p.repeat.maxPerRow }),
        }),
    ...(p.interval === undefined ? {} : { interval: p.interval }),
    ...(p.maxDataPoints === undefined ? {} : { maxDataPoints: p.maxDataPoints }),
    ...(p.timeFrom === undefined ? {} : { timeFrom: p.timeFrom }),
    ...(p.timeShift === undefined ? {} : { timeShift: p.timeShift }),
    ...(p.transparent === undefined ? {} : { transparent: p.transparent }),
  };
  if (p.kind === "text") return panel;
  const refIds = assignRefIds(p.queries);
  return {
    ...panel,
    datasource: ds,
    fieldConfig: emitFieldConfig(p),
    targets: p.queries.map((q, i) => emitTarget(q, refIds[i] ?? "A", p, ds)),
  };
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
