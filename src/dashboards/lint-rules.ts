/** The ids of the dashboard lint rules (see lint.ts), shared by the builders' `silence` methods. */
export const dashboardLintRules = [
  "dashboard-title-uid",
  "template-datasource",
  "template-on-time-change-reload",
  "template-undefined-variable",
  "template-multi-value-equality",
  "template-cluster-filter",
  "panel-datasource",
  "target-datasource",
  "panel-title",
  "panel-description",
  "panel-units",
  "panel-no-targets",
  "target-promql",
  "target-rate-interval",
  "target-cluster-filter",
  "dashboard-links",
  "silence-without-reason",
  "silence-unused",
] as const;

export type DashboardLintRule = (typeof dashboardLintRules)[number];
