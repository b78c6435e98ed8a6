/**
 * What differs between panel kinds: the option and field-config types (from @grafana/schema), the
 * defaults written for them, the default size and the default query type and format.
 */
import type { Options as BarGaugeOptions } from "@grafana/schema/dist/esm/raw/composable/bargauge/panelcfg/x/BarGaugePanelCfg_types.gen";
import type { Options as GaugeOptions } from "@grafana/schema/dist/esm/raw/composable/gauge/panelcfg/x/GaugePanelCfg_types.gen";
import type {
  FieldConfig as HeatmapFieldConfig,
  Options as HeatmapOptions,
} from "@grafana/schema/dist/esm/raw/composable/heatmap/panelcfg/x/HeatmapPanelCfg_types.gen";
import type {
  FieldConfig as PieChartFieldConfig,
  Options as PieChartOptions,
} from "@grafana/schema/dist/esm/raw/composable/piechart/panelcfg/x/PieChartPanelCfg_types.gen";
import type { Options as StatOptions } from "@grafana/schema/dist/esm/raw/composable/stat/panelcfg/x/StatPanelCfg_types.gen";
import type {
  FieldConfig as StateTimelineFieldConfig,
  Options as StateTimelineOptions,
} from "@grafana/schema/dist/esm/raw/composable/statetimeline/panelcfg/x/StateTimelinePanelCfg_types.gen";
import type {
  FieldConfig as StatusHistoryFieldConfig,
  Options as StatusHistoryOptions,
} from "@grafana/schema/dist/esm/raw/composable/statushistory/panelcfg/x/StatusHistoryPanelCfg_types.gen";
import type {
  FieldConfig as TableFieldConfig,
  Options as TableOptions,
} from "@grafana/schema/dist/esm/raw/composable/table/panelcfg/x/TablePanelCfg_types.gen";
import type { Options as TextOptions } from "@grafana/schema/dist/esm/raw/composable/text/panelcfg/x/TextPanelCfg_types.gen";
import type {
  FieldConfig as TimeSeriesFieldConfig,
  Options as TimeSeriesOptions,
} from "@grafana/schema/dist/esm/raw/composable/timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen";
import type { Loose } from "../loose.js";
import type { PanelKind, QueryFormat, QueryType } from "../model.js";

/** Panel kinds that query data (every kind but text). */
export type DataPanelKind = Exclude<PanelKind, "text">;

/** A kind without a custom field config: any key passed to `custom()` is refused. */
interface NoCustom {
  readonly "this panel kind has no custom field config"?: never;
}

/** The @grafana/schema option and custom field-config types of each panel kind. */
export interface PanelTypes {
  timeseries: { options: TimeSeriesOptions; custom: TimeSeriesFieldConfig };
  stat: { options: StatOptions; custom: NoCustom };
  gauge: { options: GaugeOptions; custom: NoCustom };
  bargauge: { options: BarGaugeOptions; custom: NoCustom };
  table: { options: TableOptions; custom: TableFieldConfig };
  "state-timeline": { options: StateTimelineOptions; custom: StateTimelineFieldConfig };
  "status-history": { options: StatusHistoryOptions; custom: StatusHistoryFieldConfig };
  piechart: { options: PieChartOptions; custom: PieChartFieldConfig };
  heatmap: { options: HeatmapOptions; custom: HeatmapFieldConfig };
  text: { options: TextOptions; custom: NoCustom };
}

/** The options a panel of kind `K` accepts: its @grafana/schema options, every field optional. */
export type PanelOptions<K extends PanelKind> = Loose<PanelTypes[K]["options"]>;
/** The custom field config of kind `K` (`fieldConfig.defaults.custom`), every field optional. */
export type PanelCustom<K extends PanelKind> = Loose<PanelTypes[K]["custom"]>;

interface KindDefaults {
  readonly width: number;
  readonly height: number;
  readonly queryType: QueryType;
  readonly format: QueryFormat;
  readonly colorMode: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly custom: Readonly<Record<string, unknown>>;
}

const reduceLast = { calcs: ["lastNotNull"], fields: "", values: false };
const listLegend = { calcs: [], displayMode: "list", placement: "bottom", showLegend: true };
const hideFrom = { legend: false, tooltip: false, viz: false };

/** What Grafana writes for a new panel of each kind, so a saved copy does not differ from ours. */
export const kindDefaults: Readonly<Record<PanelKind, KindDefaults>> = {
  timeseries: {
    width: 12,
    height: 8,
    queryType: "range",
    format: "time_series",
    colorMode: "palette-classic",
    options: {
      legend: listLegend,
      // A shared crosshair with every series in the tooltip, largest first.
      tooltip: { mode: "multi", sort: "desc" },
    },
    custom: {
      axisBorderShow: false,
      axisCenteredZero: false,
      axisColorMode: "text",
      axisLabel: "",
      axisPlacement: "auto",
      barAlignment: 0,
      drawStyle: "line",
      fillOpacity: 10,
      gradientMode: "none",
      hideFrom,
      insertNulls: false,
      lineInterpolation: "linear",
      lineWidth: 1,
      pointSize: 5,
      scaleDistribution: { type: "linear" },
      showPoints: "never",
      spanNulls: false,
      stacking: { group: "A", mode: "none" },
      thresholdsStyle: { mode: "off" },
    },
  },
  stat: {
    width: 6,
    height: 4,
    queryType: "instant",
    format: "time_series",
    colorMode: "thresholds",
    options: {
      colorMode: "value",
      graphMode: "none",
      justifyMode: "auto",
      orientation: "auto",
      percentChangeColorMode: "standard",
      reduceOptions: reduceLast,
      showPercentChange: false,
      textMode: "auto",
      wideLayout: true,
    },
    custom: {},
  },
  gauge: {
    width: 6,
    height: 6,
    queryType: "instant",
    format: "time_series",
    colorMode: "thresholds",
    options: {
      minVizHeight: 75,
      minVizWidth: 75,
      orientation: "auto",
      reduceOptions: reduceLast,
      showThresholdLabels: false,
      showThresholdMarkers: true,
      sizing: "auto",
    },
    custom: {},
  },
  bargauge: {
    width: 12,
    height: 8,
    queryType: "instant",
    format: "time_series",
    colorMode: "thresholds",
    options: {
      displayMode: "gradient",
      legend: { ...listLegend, showLegend: false },
      maxVizHeight: 300,
      minVizHeight: 16,
      minVizWidth: 8,
      namePlacement: "auto",
      orientation: "horizontal",
      reduceOptions: reduceLast,
      showUnfilled: true,
      sizing: "auto",
      valueMode: "color",
    },
    custom: {},
  },
  table: {
    width: 24,
    height: 8,
    queryType: "instant",
    format: "table",
    colorMode: "thresholds",
    options: { cellHeight: "sm", showHeader: true },
    custom: { align: "auto", cellOptions: { type: "auto" }, inspect: false },
  },
  "state-timeline": {
    width: 24,
    height: 8,
    queryType: "range",
    format: "time_series",
    colorMode: "thresholds",
    options: {
      alignValue: "left",
      legend: listLegend,
      mergeValues: true,
      rowHeight: 0.9,
      showValue: "auto",
      tooltip: { mode: "single", sort: "none" },
    },
    custom: { fillOpacity: 70, hideFrom, lineWidth: 0 },
  },
  "status-history": {
    width: 24,
    height: 8,
    queryType: "range",
    format: "time_series",
    colorMode: "thresholds",
    options: {
      colWidth: 0.9,
      legend: listLegend,
      rowHeight: 0.9,
      showValue: "auto",
      tooltip: { mode: "single", sort: "none" },
    },
    custom: { fillOpacity: 70, hideFrom, lineWidth: 1 },
  },
  piechart: {
    width: 8,
    height: 8,
    queryType: "instant",
    format: "time_series",
    colorMode: "palette-classic",
    options: {
      displayLabels: [],
      legend: { ...listLegend, placement: "right", values: [] },
      pieType: "pie",
      reduceOptions: reduceLast,
      sort: "desc",
      tooltip: { mode: "single", sort: "none" },
    },
    custom: { hideFrom },
  },
  heatmap: {
    width: 12,
    height: 8,
    queryType: "range",
    format: "heatmap",
    colorMode: "thresholds",
    options: {
      // Prometheus histograms arrive bucketed: show the buckets, do not re-bucket them.
      calculate: false,
      cellGap: 1,
      color: {
        exponent: 0.5,
        fill: "dark-orange",
        mode: "scheme",
        reverse: false,
        scale: "exponential",
        scheme: "Oranges",
        steps: 64,
      },
      exemplars: { color: "rgba(255,0,255,0.7)" },
      filterValues: { le: 1e-9 },
      legend: { show: true },
      rowsFrame: { layout: "auto" },
      selectionMode: "x",
      showValue: "auto",
      tooltip: { mode: "single", showColorScale: false, yHistogram: false },
      yAxis: { axisPlacement: "left", reverse: false },
    },
    custom: { hideFrom, scaleDistribution: { type: "linear" } },
  },
  text: {
    width: 24,
    height: 3,
    queryType: "range",
    format: "time_series",
    colorMode: "thresholds",
    options: {
      code: { language: "plaintext", showLineNumbers: false, showMiniMap: false },
      content: "",
      mode: "markdown",
    },
    custom: {},
  },
};
