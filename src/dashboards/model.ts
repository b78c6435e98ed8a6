/**
 * The immutable model the builders produce: plain, frozen data with PromQL already printed, and a
 * few pure helpers to walk it. Nothing here is validated (validate.ts) or emitted (emit.ts).
 */
import type { Loose } from "./loose.js";
import type { FieldColor, ThresholdsConfig, ValueMapping } from "@grafana/schema";

/** Grafana's plugin ids of the panel kinds the builders offer. */
export type PanelKind =
  | "timeseries"
  | "stat"
  | "gauge"
  | "bargauge"
  | "table"
  | "state-timeline"
  | "status-history"
  | "piechart"
  | "heatmap"
  | "text";

/** A lint rule silenced on one object, with the reason a reviewer will read. */
export interface SilenceModel {
  readonly rule: string;
  readonly reason: string;
  /** Panel title the silence applies to (all panels when absent, at dashboard level). */
  readonly panel?: string;
  /** refId of the query the silence applies to (all queries of the panel when absent). */
  readonly query?: string;
}

export type QueryType = "range" | "instant" | "both";
export type QueryFormat = "time_series" | "table" | "heatmap";

export interface QueryModel {
  /** The PromQL text, printed when the query was added. */
  readonly expr: string;
  /** The label names the result carries, when known (typed PromQL, or raw with declared labels). */
  readonly labels?: readonly string[];
  readonly legend?: string;
  readonly refId?: string;
  readonly type?: QueryType;
  readonly format?: QueryFormat;
  /** Lower limit of the query step (Grafana's "Min interval"), e.g. `1m` or `$interval`. */
  readonly minInterval?: string;
  readonly hide?: boolean;
  readonly exemplar?: boolean;
}

export interface DataLinkModel {
  readonly title: string;
  readonly url: string;
  readonly targetBlank?: boolean;
}

export interface OverrideModel {
  readonly matcher: { readonly id: string; readonly options: string };
  readonly properties: readonly { readonly id: string; readonly value: unknown }[];
}

/** Field config applied to every field; `custom` is kept apart because its type depends on the kind. */
export interface FieldDefaultsModel {
  readonly unit?: string;
  readonly decimals?: number;
  readonly min?: number;
  readonly max?: number;
  readonly noValue?: string;
  readonly displayName?: string;
  readonly color?: Loose<FieldColor>;
  readonly thresholds?: Loose<ThresholdsConfig>;
  readonly mappings?: readonly Loose<ValueMapping>[];
  readonly links?: readonly DataLinkModel[];
}

export interface TransformationModel {
  readonly id: string;
  readonly options: unknown;
  readonly disabled?: boolean;
}

export interface RepeatModel {
  readonly variable: string;
  readonly direction: "h" | "v";
  readonly maxPerRow?: number;
}

export interface PanelModel {
  readonly kind: PanelKind;
  readonly title: string;
  readonly description?: string;
  /** Explicit panel id (otherwise derived from the title). */
  readonly id?: number;
  readonly width?: number;
  readonly height?: number;
  readonly queries: readonly QueryModel[];
  /** The caller's panel options, merged over the kind's defaults when emitted. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The caller's `fieldConfig.defaults.custom`, merged over the kind's defaults when emitted. */
  readonly custom: Readonly<Record<string, unknown>>;
  readonly defaults: FieldDefaultsModel;
  readonly overrides: readonly OverrideModel[];
  /** Links in the panel header. */
  readonly links: readonly DataLinkModel[];
  readonly transformations: readonly TransformationModel[];
  readonly repeat?: RepeatModel;
  readonly interval?: string;
  readonly maxDataPoints?: number;
  readonly timeFrom?: string;
  readonly timeShift?: string;
  readonly transparent?: boolean;
  readonly silences: readonly SilenceModel[];
}

export interface RowModel {
  readonly title: string;
  readonly collapsed: boolean;
  readonly repeat?: string;
  readonly panels: readonly PanelModel[];
}

export type VariableHideMode = "none" | "label" | "variable";

interface VariableBase {
  readonly name: string;
  readonly label?: string;
  readonly description?: string;
  readonly hide?: VariableHideMode;
}

export interface DatasourceVariableModel extends VariableBase {
  readonly type: "datasource";
  /** The data source plugin id: always `prometheus` here. */
  readonly pluginId: "prometheus";
  readonly regex?: string;
  /** Name of the data source selected by default (Grafana's default data source otherwise). */
  readonly default?: string;
}

export interface QueryVariableModel extends VariableBase {
  readonly type: "query";
  /** `label_values(<selector>, <label>)`. */
  readonly query: string;
  readonly regex?: string;
  readonly multi: boolean;
  readonly includeAll: boolean;
  readonly allValue?: string;
  readonly refresh: "load" | "time";
  readonly sort: number;
}

export interface VariableOptionModel {
  readonly text: string;
  readonly value: string;
}

export interface CustomVariableModel extends VariableBase {
  readonly type: "custom";
  readonly values: readonly VariableOptionModel[];
  readonly multi: boolean;
  readonly includeAll: boolean;
  readonly allValue?: string;
  /** The value selected by default (All when includeAll, else the first value, if absent). */
  readonly default?: string;
}

export interface IntervalVariableModel extends VariableBase {
  readonly type: "interval";
  readonly values: readonly string[];
  readonly auto?: { readonly steps: number; readonly min: string };
  readonly default?: string;
}

export interface ConstantVariableModel extends VariableBase {
  readonly type: "constant";
  readonly value: string;
}

export interface TextboxVariableModel extends VariableBase {
  readonly type: "textbox";
  readonly value: string;
}

export interface AdHocVariableModel extends VariableBase {
  readonly type: "adhoc";
}

export type VariableModel =
  | DatasourceVariableModel
  | QueryVariableModel
  | CustomVariableModel
  | IntervalVariableModel
  | ConstantVariableModel
  | TextboxVariableModel
  | AdHocVariableModel;

export interface DashboardLinkModel {
  readonly type: "dashboards" | "link";
  readonly title: string;
  readonly url?: string;
  readonly tags: readonly string[];
  readonly asDropdown: boolean;
  readonly includeVars: boolean;
  readonly keepTime: boolean;
  readonly targetBlank: boolean;
  readonly tooltip: string;
  readonly icon: "external link" | "dashboard" | "doc" | "info" | "bolt" | "question" | "cloud";
}

/** An annotation query on the Prometheus data source (e.g. from `ALERTS`). */
export interface AnnotationModel {
  readonly name: string;
  readonly expr: string;
  readonly labels?: readonly string[];
  readonly iconColor: string;
  readonly step: string;
  readonly titleFormat: string;
  readonly textFormat: string;
  readonly tagKeys: readonly string[];
  readonly enable: boolean;
  readonly hide: boolean;
}

export interface DashboardModel {
  readonly title: string;
  readonly uid?: string;
  readonly tags: readonly string[];
  readonly description?: string;
  readonly time: { readonly from: string; readonly to: string };
  readonly refresh: string;
  readonly timezone: string;
  readonly weekStart?: string;
  readonly graphTooltip: "off" | "crosshair" | "tooltip";
  readonly editable: boolean;
  readonly liveNow: boolean;
  readonly schemaVersion: number;
  readonly datasource: DatasourceVariableModel;
  /** The `cluster` variable, when a cluster label is configured. */
  readonly cluster?: QueryVariableModel;
  readonly variables: readonly VariableModel[];
  readonly panels: readonly PanelModel[];
  readonly rows: readonly RowModel[];
  readonly links: readonly DashboardLinkModel[];
  readonly annotations: readonly AnnotationModel[];
  readonly silences: readonly SilenceModel[];
}

/** Every panel of the dashboard in order (top first, then row by row). */
export function allPanels(model: DashboardModel): PanelModel[] {
  return [...model.panels, ...model.rows.flatMap((r) => r.panels)];
}

/** The variables in their Grafana order: data source, cluster, then the dashboard's own. */
export function variablesOf(model: DashboardModel): VariableModel[] {
  return [model.datasource, ...(model.cluster ? [model.cluster] : []), ...model.variables];
}

/**
 * The keys panel and row ids are derived from: titles, made unique by a counter when repeated, in
 * the order of `allPanels` (and of the rows).
 */
export function panelKeys(model: DashboardModel): { panels: string[]; rows: string[] } {
  const seen = new Map<string, number>();
  const key = (base: string) => {
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  };
  const panels: string[] = [];
  for (const p of model.panels) panels.push(key(`panel:${p.title}`));
  const rows: string[] = [];
  for (const r of model.rows) {
    rows.push(key(`row:${r.title}`));
    for (const p of r.panels) panels.push(key(`panel:${p.title}`));
  }
  return { panels, rows };
}
