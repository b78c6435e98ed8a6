/**
 * The classic Grafana dashboard JSON model (what file provisioning, the sidecar and grafana-operator
 * read), typed with @grafana/schema. Pure functions of a valid model: nothing is checked here.
 */
import {
  DashboardCursorSync,
  type AnnotationQuery,
  type Dashboard,
  type DashboardLink,
  type DataSourceRef,
} from "@grafana/schema";
import { emitPanels } from "./emit-panels.js";
import { emitVariable } from "./emit-variables.js";
import { uidFromTitle } from "./ids.js";
import { variablesOf, type AnnotationModel, type DashboardModel } from "./model.js";
import { canonicalJson } from "./plain.js";

/** The JSON model of a dashboard, as @grafana/schema types it. */
export type DashboardJson = Dashboard;

const cursorSync = {
  off: DashboardCursorSync.Off,
  crosshair: DashboardCursorSync.Crosshair,
  tooltip: DashboardCursorSync.Tooltip,
} as const;

export function datasourceRef(model: DashboardModel): DataSourceRef {
  return { type: "prometheus", uid: `\${${model.datasource.name}}` };
}

const builtInAnnotation = {
  builtIn: 1,
  datasource: { type: "grafana", uid: "-- Grafana --" },
  enable: true,
  hide: true,
  iconColor: "rgba(0, 211, 255, 1)",
  name: "Annotations & Alerts",
  target: { limit: 100, matchAny: false, tags: [], type: "dashboard" },
  type: "dashboard",
} as unknown as AnnotationQuery;

/**
 * A Prometheus annotation query. The data source reads `expr`, `step` and the formats at the top
 * level (every Grafana since 7 does); @grafana/schema's AnnotationQuery does not list them.
 */
function emitAnnotation(a: AnnotationModel, ds: DataSourceRef): AnnotationQuery {
  const query = {
    datasource: ds,
    enable: a.enable,
    hide: a.hide,
    iconColor: a.iconColor,
    name: a.name,
    expr: a.expr,
    step: a.step,
    tagKeys: a.tagKeys.join(","),
    textFormat: a.textFormat,
    titleFormat: a.titleFormat,
    useValueForTime: false,
  };
  return query as AnnotationQuery;
}

/**
 * The dashboard JSON model of a (valid) dashboard model: a fresh object in a fixed key order; its
 * text (dashboardJsonText) prints the keys sorted.
 */
export function emitDashboard(model: DashboardModel): DashboardJson {
  const ds = datasourceRef(model);
  const dashboard: Dashboard = {
    title: model.title,
    uid: model.uid ?? uidFromTitle(model.title),
    tags: [...model.tags],
    schemaVersion: model.schemaVersion,
    editable: model.editable,
    fiscalYearStartMonth: 0,
    graphTooltip: cursorSync[model.graphTooltip],
    liveNow: model.liveNow,
    refresh: model.refresh,
    time: { ...model.time },
    timepicker: {},
    timezone: model.timezone,
    links: model.links.map((l) => ({ ...l, tags: [...l.tags] }) as DashboardLink),
    annotations: {
      list: [builtInAnnotation, ...model.annotations.map((a) => emitAnnotation(a, ds))],
    },
    templating: { list: variablesOf(model).map((v) => emitVariable(v, ds)) },
    panels: emitPanels(model, ds),
    ...(model.description === undefined ? {} : { description: model.description }),
    ...(model.weekStart === undefined ? {} : { weekStart: model.weekStart }),
  };
  return dashboard;
}

/** Canonical text of a dashboard JSON model: sorted keys, 2-space indent, trailing newline. */
export function dashboardJsonText(dashboard: DashboardJson): string {
  return canonicalJson(dashboard);
}
