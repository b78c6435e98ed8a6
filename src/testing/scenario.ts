/**
 * Typed promtool scenarios: input series from typed selectors, and expectations on alerts and
 * samples. Expected annotations are rendered from the alert's own templates, never repeated by hand.
 */
import {
  duration,
  formatDuration,
  parseDurationMs,
  type DurationLiteral,
} from "../promql/duration.js";
import { PromQLError } from "../promql/errors.js";
import { InstantVector } from "../promql/expr.js";
import { labelList } from "../promql/label-checks.js";
import { possibleLabels } from "../promql/labels.js";
import { quote } from "../promql/strings.js";
import type { Selector } from "../promql/selector.js";
import type { SampleKind } from "../promql/kinds.js";
import type { AlertingRule } from "../rules/model.js";
import { checkNotation, type Segment } from "./notation.js";

export interface InputSeries {
  readonly metric: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly values: string;
}

/** A series of `selector`'s metric with these labels and values. */
export function series<L extends string>(
  selector: Selector<L, SampleKind>,
  labels: { readonly [P in L]?: string },
  ...values: readonly (Segment | string)[]
): InputSeries {
  const metric = selector.node.name;
  if (selector.node.matchers.length > 0) {
    throw new PromQLError(
      `series(${metric}): give the labels as the second argument, not as matchers`,
    );
  }
  if (values.length === 0) throw new PromQLError(`series(${metric}): no values given`);
  const text = values.map((v) => (typeof v === "string" ? v : v.notation)).join(" ");
  checkNotation(text, `series(${metric})`);
  const clean = Object.fromEntries(
    Object.entries(labels).filter(([, v]) => v !== undefined),
  ) as Record<string, string>;
  return { metric, labels: clean, values: text };
}

/** promtool's `metric{a="b"}` notation for a series. */
export function seriesNotation(metric: string, labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${quote(v)}`);
  return pairs.length === 0 ? metric : `${metric}{${pairs.join(", ")}}`;
}

export type Expectation =
  | {
      readonly kind: "alert";
      readonly alert: AlertingRule;
      readonly at: number;
      readonly labels: Readonly<Record<string, string>>;
      readonly value?: number;
      readonly annotations?: Readonly<Record<string, string>>;
    }
  | { readonly kind: "noAlert"; readonly alert: AlertingRule; readonly at: number }
  | {
      readonly kind: "pending";
      readonly alert: AlertingRule;
      readonly at: number;
      readonly labels: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: "samples";
      readonly expr: InstantVector;
      readonly at: number;
      readonly samples: readonly {
        readonly labels: Readonly<Record<string, string>>;
        readonly value: number;
      }[];
    };

function at(time: DurationLiteral | "0s" | "0m"): number {
  return parseDurationMs(time);
}

export interface FiringOptions {
  /** The alert's value, needed when its templates print `$value`. */
  readonly value?: number;
  /** Expected annotations when a template cannot be rendered here (rare). */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** The alert fires at `time` for a series with exactly these labels (severity and rule labels added). */
export function expectAlert<L extends string>(
  alert: AlertingRule<L>,
  time: DurationLiteral,
  labels: { readonly [P in L]: string },
  options: FiringOptions = {},
): Expectation {
  assertAlertLabels(alert, labels, "expectAlert");
  return {
    kind: "alert",
    alert: alert as unknown as AlertingRule,
    at: at(time),
    labels: { ...labels },
    ...(options.value === undefined ? {} : { value: options.value }),
    ...(options.annotations === undefined ? {} : { annotations: options.annotations }),
  };
}

/** The alert does not fire at `time` (neither firing nor any other series of it). */
export function expectNoAlert(
  alert: AlertingRule<string>,
  time: DurationLiteral | "0s",
): Expectation {
  return { kind: "noAlert", alert: alert as unknown as AlertingRule, at: at(time) };
}

/**
 * The expected labels are among those the alert's expression keeps, as the types say: a label it
 * drops can never match. (One may be left out: a series without it, such as a cluster-scoped
 * object's namespace, has it empty.)
 */
function assertAlertLabels(
  alert: AlertingRule<string>,
  labels: Readonly<Record<string, string>>,
  fn: string,
): void {
  const kept = possibleLabels(alert.spec.expr.node);
  const unknown = kept && Object.keys(labels).filter((l) => !kept.has(l));
  if (!kept || !unknown || unknown.length === 0) return;
  throw new PromQLError(
    `${fn}(${alert.name}): ${unknown.map((l) => `"${l}"`).join(", ")} ${unknown.length === 1 ? "is not a label" : "are not labels"} its expression keeps (it keeps ${labelList(kept)})`,
  );
}

/** The alert is pending (condition true, `for` not yet over) at `time`, seen through `ALERTS`. */
export function expectPending<L extends string>(
  alert: AlertingRule<L>,
  time: DurationLiteral | "0s",
  labels: { readonly [P in L]: string },
): Expectation {
  assertAlertLabels(alert, labels, "expectPending");
  return {
    kind: "pending",
    alert: alert as unknown as AlertingRule,
    at: at(time),
    labels: { ...labels },
  };
}

/** `expr` evaluated at `time` gives exactly these samples (an empty list: no samples). */
export function expectSamples<L extends string>(
  expr: InstantVector<L>,
  time: DurationLiteral | "0s",
  samples: readonly { readonly labels: { readonly [P in L]: string }; readonly value: number }[],
): Expectation {
  return {
    kind: "samples",
    expr,
    at: at(time),
    samples: samples.map((s) => ({ labels: { ...s.labels }, value: s.value })),
  };
}

export interface ScenarioSpec {
  /** Spacing of the input samples (default 1m). */
  readonly interval?: DurationLiteral;
  /**
   * How often promtool evaluates the rules in this scenario (default: the test file's, 1m). promtool
   * evaluates every rule at every step up to the last expectation, so a scenario that spans hours or
   * days is much cheaper at a coarser step, e.g. `"10m"` for an alert with `for: 1d`. promtool has
   * one interval per test file: scenarios with another one are written to a file of their own (see
   * compileTestFiles). Expectations must fall on evaluations, and an alert's `for` starts at the
   * first evaluation that sees its condition: check that each expectation still means what it says.
   */
  readonly evaluationInterval?: DurationLiteral;
  readonly series: readonly InputSeries[];
  readonly expect: readonly Expectation[];
  /** `$externalLabels` for templates. */
  readonly externalLabels?: Readonly<Record<string, string>>;
}

export interface Scenario extends ScenarioSpec {
  readonly name: string;
}

export function scenario(name: string, spec: ScenarioSpec): Scenario {
  if (name.trim() === "") throw new PromQLError("scenario(): the name is empty");
  if (spec.interval !== undefined) duration(spec.interval);
  if (spec.evaluationInterval !== undefined && parseDurationMs(spec.evaluationInterval) <= 0)
    throw new PromQLError(`scenario(${JSON.stringify(name)}): evaluationInterval must be above 0`);
  return Object.freeze({ name, ...spec });
}

export { formatDuration };
