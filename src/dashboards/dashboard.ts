/**
 * The dashboard builder: immutable (every method returns a new builder), with defaults an expert
 * expects: a Prometheus data source variable used by every panel and query, a shared crosshair, the
 * built-in annotations, a uid derived from the title. `build()` validates, then emits a fresh copy.
 */
import type { DurationLiteral } from "../promql/duration.js";
import type { Annotation } from "./annotations.js";
import { dashboardJsonText, emitDashboard, type DashboardJson } from "./emit.js";
import { DashboardError, dashboardError, type DashboardProblem } from "./errors.js";
import { uidFromTitle } from "./ids.js";
import { lintDashboard, type DashboardLintOptions, type DashboardLintResult } from "./lint.js";
import { dashboardLintRules, type DashboardLintRule } from "./lint-rules.js";
import type {
  DashboardLinkModel,
  DashboardModel,
  DatasourceVariableModel,
  QueryVariableModel,
  SilenceModel,
} from "./model.js";
import type { AnyPanel } from "./panels/panel.js";
import { frozenCopy, frozenPatch } from "./plain.js";
import type { RowBuilder } from "./row.js";
import { validateDashboard } from "./validate.js";
import {
  clusterVariable,
  datasourceVariable,
  Variable,
  type DatasourceVariableSpec,
} from "./variables.js";

/** Grafana 11.3 to 12 write schema version 41; provisioning migrates older and newer Grafanas. */
export const defaultSchemaVersion = 41;

export interface DashboardSpec {
  /** 1 to 40 characters of [A-Za-z0-9_-]; derived from the title when absent. */
  readonly uid?: string;
  readonly tags?: readonly string[];
  readonly description?: string;
  /** Default: the last 6 hours. */
  readonly time?: { readonly from: string; readonly to: string };
  /** Auto-refresh interval, or "" for none. Default 30s. */
  readonly refresh?: DurationLiteral | "";
  /** "" (the viewer's preference, default), "browser", "utc" or an IANA zone. */
  readonly timezone?: "" | "browser" | "utc" | (string & {});
  readonly weekStart?: "" | "monday" | "saturday" | "sunday";
  /** Cursor sync between panels. Default: shared crosshair. */
  readonly graphTooltip?: "off" | "crosshair" | "tooltip";
  /** Default false: dashboards live in Git, changes go through review. */
  readonly editable?: boolean;
  readonly liveNow?: boolean;
  /** Default 41. */
  readonly schemaVersion?: number;
  /** The data source variable (named `datasource` unless given). */
  readonly datasource?: DatasourceVariableSpec | Variable<DatasourceVariableModel>;
  /** A cluster label: adds the `cluster` variable (from `up`), or the variable itself. */
  readonly cluster?: string | Variable<QueryVariableModel>;
}

export class DashboardBuilder {
  constructor(readonly model: DashboardModel) {
    Object.freeze(this);
  }

  private with(changes: Partial<DashboardModel>): DashboardBuilder {
    return new DashboardBuilder(frozenPatch(this.model, changes));
  }

  get title(): string {
    return this.model.title;
  }

  /** The uid: given, or derived from the title. */
  get uid(): string {
    return this.model.uid ?? uidFromTitle(this.model.title);
  }

  /** Adds template variables, after the data source (and cluster) variables, in this order. */
  variables(...variables: readonly Variable[]): DashboardBuilder {
    return this.with({ variables: [...this.model.variables, ...variables.map((v) => v.model)] });
  }

  /** Adds panels above the first row. */
  panels(...panels: readonly AnyPanel[]): DashboardBuilder {
    return this.with({ panels: [...this.model.panels, ...panels.map((p) => p.model)] });
  }

  /** Adds rows, each with its panels, below the panels and rows already added. */
  rows(...rows: readonly RowBuilder[]): DashboardBuilder {
    return this.with({ rows: [...this.model.rows, ...rows.map((r) => r.model)] });
  }

  /** Adds links to the dashboard's header. */
  links(...links: readonly DashboardLinkModel[]): DashboardBuilder {
    return this.with({ links: [...this.model.links, ...links] });
  }

  /** Adds annotation queries (after Grafana's built-in "Annotations & Alerts"). */
  annotations(...annotations: readonly Annotation[]): DashboardBuilder {
    return this.with({
      annotations: [...this.model.annotations, ...annotations.map((a) => a.model)],
    });
  }

  /**
   * Silences a lint rule for the whole dashboard, or for one panel (by title) and query (by refId),
   * with the reason a reviewer will read.
   */
  silence(
    rule: DashboardLintRule,
    reason: string,
    scope: { readonly panel?: string; readonly query?: string } = {},
  ): DashboardBuilder {
    if (!(dashboardLintRules as readonly string[]).includes(rule)) {
      throw dashboardError(
        `dashboard ${JSON.stringify(this.model.title)}, silence(...)`,
        `there is no lint rule ${JSON.stringify(rule)}; the rules are: ${dashboardLintRules.join(", ")}`,
      );
    }
    const silence: SilenceModel = { rule, reason, ...scope };
    return this.with({ silences: [...this.model.silences, silence] });
  }

  /** Every problem that would stop `build()`; empty when the dashboard is valid. */
  validate(): DashboardProblem[] {
    return validateDashboard(this.model);
  }

  /** The Grafana JSON model: a fresh object on every call. Throws a DashboardError when invalid. */
  build(): DashboardJson {
    const problems = this.validate();
    if (problems.length > 0) throw new DashboardError(problems);
    return emitDashboard(this.model);
  }

  /** The JSON text: sorted keys, 2-space indent, trailing newline. */
  json(): string {
    return dashboardJsonText(this.build());
  }

  /** Every silence given on the dashboard and its panels, scoped to the panel it was given on. */
  silences(): SilenceModel[] {
    const panels = [...this.model.panels, ...this.model.rows.flatMap((r) => r.panels)];
    return [
      ...this.model.silences,
      ...panels.flatMap((p) => p.silences.map((s) => ({ ...s, panel: p.title }))),
    ];
  }

  /** Lints the built JSON with this dashboard's silences (see lintDashboard). */
  lint(options: DashboardLintOptions = {}): DashboardLintResult {
    return lintDashboard(this.build(), {
      ...options,
      silences: [...this.silences(), ...(options.silences ?? [])],
    });
  }
}

export function dashboard(title: string, spec: DashboardSpec = {}): DashboardBuilder {
  const datasource =
    spec.datasource instanceof Variable ? spec.datasource : datasourceVariable(spec.datasource);
  const cluster =
    spec.cluster === undefined
      ? undefined
      : typeof spec.cluster === "string"
        ? clusterVariable({ label: spec.cluster })
        : spec.cluster;
  const model: DashboardModel = {
    title,
    tags: [...(spec.tags ?? [])],
    time: spec.time ?? { from: "now-6h", to: "now" },
    refresh: spec.refresh ?? "30s",
    timezone: spec.timezone ?? "",
    graphTooltip: spec.graphTooltip ?? "crosshair",
    editable: spec.editable ?? false,
    liveNow: spec.liveNow ?? false,
    schemaVersion: spec.schemaVersion ?? defaultSchemaVersion,
    datasource: datasource.model,
    variables: [],
    panels: [],
    rows: [],
    links: [],
    annotations: [],
    silences: [],
    ...(spec.uid === undefined ? {} : { uid: spec.uid }),
    ...(spec.description === undefined ? {} : { description: spec.description }),
    ...(spec.weekStart === undefined ? {} : { weekStart: spec.weekStart }),
    ...(cluster === undefined ? {} : { cluster: cluster.model }),
  };
  return new DashboardBuilder(frozenCopy(model));
}
