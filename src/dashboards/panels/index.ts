/** One factory per panel kind. Each data panel needs a unit; sizes default per kind (kinds.ts). */
import type { PanelKind } from "../model.js";
import { frozenCopy } from "../plain.js";
import type { DataPanelKind } from "./kinds.js";
import { PanelBuilder, TextPanelBuilder, emptyPanel, type DataPanelSpec } from "./panel.js";

function dataPanel<K extends DataPanelKind>(
  kind: K,
  title: string,
  spec: DataPanelSpec,
): PanelBuilder<K> {
  const { unit, ...rest } = spec;
  return new PanelBuilder<K>(frozenCopy(Object.assign(emptyPanel(kind, title, { unit }), rest)));
}

/** Series over time: rates, durations, counts. */
export const timeSeriesPanel = (title: string, spec: DataPanelSpec) =>
  dataPanel("timeseries", title, spec);
/** One big number per series, optionally with a sparkline. */
export const statPanel = (title: string, spec: DataPanelSpec) => dataPanel("stat", title, spec);
/** A radial gauge per series, against min, max and thresholds. */
export const gaugePanel = (title: string, spec: DataPanelSpec) => dataPanel("gauge", title, spec);
/** Horizontal or vertical bars per series. */
export const barGaugePanel = (title: string, spec: DataPanelSpec) =>
  dataPanel("bargauge", title, spec);
/** Rows of series with their labels as columns (instant queries in table format by default). */
export const tablePanel = (title: string, spec: DataPanelSpec) => dataPanel("table", title, spec);
/** States over time as coloured bands, e.g. Ready / Not ready per object. */
export const stateTimelinePanel = (title: string, spec: DataPanelSpec) =>
  dataPanel("state-timeline", title, spec);
/** States per time bucket as a grid of cells. */
export const statusHistoryPanel = (title: string, spec: DataPanelSpec) =>
  dataPanel("status-history", title, spec);
/** Shares of a whole. */
export const pieChartPanel = (title: string, spec: DataPanelSpec) =>
  dataPanel("piechart", title, spec);
/**
 * Histogram buckets over time. The query should keep `le` (format `heatmap`, legend `{{le}}`); `unit`
 * is the unit of the bucket bounds (the y axis), e.g. `s` for a duration histogram.
 */
export const heatmapPanel = (title: string, spec: DataPanelSpec) =>
  dataPanel("heatmap", title, spec);

export interface TextPanelSpec {
  readonly content: string;
  readonly mode?: "markdown" | "html" | "code";
  readonly description?: string;
  readonly width?: number;
  readonly height?: number;
  readonly id?: number;
}

/** Text for readers: what the dashboard shows, where the runbooks are. */
export function textPanel(title: string, spec: TextPanelSpec): TextPanelBuilder {
  const { content, mode, ...rest } = spec;
  const kind: PanelKind = "text";
  return new TextPanelBuilder(
    frozenCopy({
      ...emptyPanel(kind, title),
      ...rest,
      options: mode === undefined ? { content } : { content, mode },
    }),
  );
}

export { PanelBuilder, TextPanelBuilder };
export type { AnyPanel, DataPanelSpec, QueryTimeOptions } from "./panel.js";
export type { DataPanelKind, PanelCustom, PanelOptions, PanelTypes } from "./kinds.js";
