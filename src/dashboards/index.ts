/** Typed Grafana dashboards: builders, JSON emitter, Kubernetes wrappers and lint. */
export { DashboardBuilder, dashboard, defaultSchemaVersion } from "./dashboard.js";
export type { DashboardSpec } from "./dashboard.js";
export { DashboardError } from "./errors.js";
export type { DashboardProblem } from "./errors.js";
export { RowBuilder, row } from "./row.js";
export type { RowSpec } from "./row.js";
export {
  PanelBuilder,
  TextPanelBuilder,
  barGaugePanel,
  gaugePanel,
  heatmapPanel,
  pieChartPanel,
  stateTimelinePanel,
  statPanel,
  statusHistoryPanel,
  tablePanel,
  textPanel,
  timeSeriesPanel,
} from "./panels/index.js";
export type {
  AnyPanel,
  DataPanelKind,
  DataPanelSpec,
  PanelCustom,
  PanelOptions,
  PanelTypes,
  QueryTimeOptions,
  TextPanelSpec,
} from "./panels/index.js";
export type { PanelKind, QueryFormat, QueryType } from "./model.js";
export type {
  CheckLegend,
  LabelsOf,
  LegendLabels,
  QueryOptions,
  Queryable,
  TypedQueryOptions,
} from "./targets.js";
export {
  byName,
  byQuery,
  byRegexp,
  byType,
  fixedColor,
  mapRange,
  mapRegex,
  mapSpecial,
  mapValues,
  percentThresholds,
  thresholds,
} from "./fields.js";
export type {
  ColorSpec,
  DataLink,
  FieldMatcher,
  FieldSpec,
  Mapping,
  MappingResult,
  OverrideSpec,
  Thresholds,
} from "./fields.js";
export { grafanaUnits, isGrafanaUnit } from "./units.js";
export type { CustomUnit, GrafanaUnit } from "./units.js";
export type { GrafanaColor, NamedColor } from "./colors.js";
export {
  Variable,
  adHocVariable,
  clusterVariable,
  constantVariable,
  customVariable,
  datasourceVariable,
  intervalVariable,
  queryVariable,
  textboxVariable,
} from "./variables.js";
export type {
  ClusterVariableSpec,
  CustomVariableSpec,
  DatasourceVariableSpec,
  IntervalVariableSpec,
  QueryVariableSpec,
  VariableSort,
} from "./variables.js";
export { dashboardUrl, dashboardsLink, urlLink } from "./links.js";
export type { DashboardRef, DashboardUrlOptions } from "./links.js";
export { Annotation, alertsAnnotation, annotation } from "./annotations.js";
export type { AlertsAnnotationSpec, AnnotationSpec } from "./annotations.js";
export { layout, findOverlap, gridColumns } from "./layout.js";
export type { GridPos, LayoutInput, LayoutResult } from "./layout.js";
export { dashboardJsonText } from "./emit.js";
export type { DashboardJson } from "./emit.js";
export {
  configMapMaxBytes,
  dashboardConfigMap,
  fluxSubstituteLabel,
  grafanaDashboardResource,
} from "./wrappers.js";
export type { ConfigMapOptions, DashboardSource, GrafanaDashboardOptions } from "./wrappers.js";
export { dashboardArtifacts } from "./artifacts.js";
export type { DashboardArtifactOptions } from "./artifacts.js";
export { dashboardLintRules, lintDashboard, lintDashboards } from "./lint.js";
export type {
  DashboardLintFinding,
  DashboardLintOptions,
  DashboardLintResult,
  DashboardLintRule,
  DashboardSilence,
  LintableDashboard,
} from "./lint.js";
export { checkDashboardJson, dashboardJsonSchema } from "./schema.js";
