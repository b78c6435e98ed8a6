/**
 * Annotation queries on the Prometheus data source: events drawn over time series panels. Title and
 * text templates may only name labels the query returns, as panel legends.
 */
import type { DurationLiteral, GrafanaDuration } from "../promql/duration.js";
import type { InstantVector } from "../promql/expr.js";
import type { SampleKind } from "../promql/kinds.js";
import { inferLabels } from "../promql/labels.js";
import { Selector, type Matchers } from "../promql/selector.js";
import type { GrafanaColor } from "./colors.js";
import type { AnnotationModel } from "./model.js";
import { frozenCopy } from "./plain.js";
import type { CheckLegend, LabelsOf } from "./targets.js";

export class Annotation {
  constructor(readonly model: AnnotationModel) {
    Object.freeze(this);
  }
}

export interface AnnotationSpec<E, T extends string, X extends string> {
  readonly expr: E;
  /** Title template, e.g. `{{alertname}}`. */
  readonly title?: T & CheckLegend<T, LabelsOf<E>>;
  /** Text template shown under the title. */
  readonly text?: X & CheckLegend<X, LabelsOf<E>>;
  /** Labels whose values become the annotation's tags. */
  readonly tags?: readonly LabelsOf<E>[];
  readonly iconColor?: GrafanaColor;
  /** Resolution of the query (default 60s). */
  readonly step?: DurationLiteral | GrafanaDuration;
  /** Shown when the dashboard opens (default true). */
  readonly enable?: boolean;
  /** Hide the toggle in the dashboard's controls (default false). */
  readonly hide?: boolean;
}

/** An annotation from any PromQL: every sample of every series marks an event (or a region). */
export function annotation<
  E extends InstantVector<string, SampleKind>,
  const T extends string = never,
  const X extends string = never,
>(name: string, spec: AnnotationSpec<E, T, X>): Annotation {
  const labels = inferLabels(spec.expr.node);
  const model: AnnotationModel = {
    name,
    expr: spec.expr.toString(),
    ...(labels ? { labels: [...labels].sort() } : {}),
    iconColor: spec.iconColor ?? "red",
    step: spec.step ?? "60s",
    titleFormat: (spec.title as string | undefined) ?? "",
    textFormat: (spec.text as string | undefined) ?? "",
    tagKeys: [...(spec.tags ?? [])],
    enable: spec.enable ?? true,
    hide: spec.hide ?? false,
  };
  return new Annotation(frozenCopy(model));
}

/**
 * `ALERTS` carries each alert's own labels as well, so any label name may be used with it: its
 * label set is left open (not known), which the run-time label checks accept.
 */
const firingAlerts = new Selector<string, "gauge">({
  type: "vectorSelector",
  name: "ALERTS",
  matchers: [],
  knownKind: "gauge",
}).where({ alertstate: "firing" });

export interface AlertsAnnotationSpec {
  readonly name?: string;
  /** Narrows the alerts shown, e.g. `{ alertname: re("ExternalSecret.*") }`. */
  readonly matchers?: Matchers<string>;
  readonly iconColor?: GrafanaColor;
  readonly step?: DurationLiteral;
  readonly enable?: boolean;
}

/** Firing alerts from Prometheus' `ALERTS` series, titled by alert name and tagged by severity. */
export function alertsAnnotation(spec: AlertsAnnotationSpec = {}): Annotation {
  const expr = spec.matchers === undefined ? firingAlerts : firingAlerts.where(spec.matchers);
  const { model } = annotation(spec.name ?? "Alerts", {
    expr,
    title: "{{alertname}}",
    tags: ["severity"],
    iconColor: spec.iconColor ?? "red",
    ...(spec.step === undefined ? {} : { step: spec.step }),
    ...(spec.enable === undefined ? {} : { enable: spec.enable }),
  });
  const { labels: _open, ...rest } = model;
  return new Annotation(rest);
}
