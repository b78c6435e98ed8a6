/**
 * Metric declarations and typed selectors. A metric knows its exposed name, its kind and its label
 * names; `where(...)` accepts only those labels, so a misspelt label is a compile error.
 */
import type { LabelMatcher, MatchOp, MatrixSelectorNode, VectorSelectorNode } from "./ast.js";
import { duration, type DurationInput } from "./duration.js";
import { PromQLError } from "./errors.js";
import { InstantVector, RangeVector, atModifier, withOffset, type AtInput } from "./expr.js";
import type { MetricKind, SampleKind } from "./kinds.js";
import { assertCarries } from "./label-checks.js";
import { assertLabelName, assertMetricName, checkRegex, escapeRegex } from "./strings.js";

/** One label matcher's operator and value, built with `eq`, `ne`, `re`, `nre` or `oneOf`. */
export interface Matcher {
  readonly op: MatchOp;
  readonly value: string;
  /**
   * The label need not be one the metric declares: a label that relabelling adds, or one a config's
   * selector names. Such a matcher is not checked against the metric's labels.
   */
  readonly undeclared?: true;
}

/** `label="value"` (a plain string means the same). */
export const eq = (value: string): Matcher => ({ op: "=", value });
/** `label!="value"`. */
export const ne = (value: string): Matcher => ({ op: "!=", value });
/** `label=~"regex"`; the regex is anchored by Prometheus and checked when the selector is built. */
export const re = (regex: string): Matcher => ({ op: "=~", value: regex });
/** `label!~"regex"`. */
export const nre = (regex: string): Matcher => ({ op: "!~", value: regex });
/** `label=~"a|b"` matching exactly these literal values (regex metacharacters are escaped). */
export const oneOf = (...values: readonly string[]): Matcher => {
  if (values.length === 0) throw new PromQLError("oneOf() needs at least one value");
  return { op: "=~", value: values.map(escapeRegex).join("|") };
};

export type MatcherInput = string | Matcher | readonly Matcher[];
/** Matchers keyed by label name; only the metric's own labels are accepted. */
export type Matchers<L extends string> = { readonly [P in L]?: MatcherInput };

/** An instant-vector selector: `name{label="value", ...}` with optional `offset` and `@`. */
export class Selector<L extends string, K extends SampleKind> extends InstantVector<L, K> {
  declare readonly node: VectorSelectorNode;

  /** Adds label matchers (they accumulate over calls). */
  where(matchers: Matchers<L>): Selector<L, K> {
    const added: LabelMatcher[] = [];
    for (const [label, input] of Object.entries(matchers) as [string, MatcherInput | undefined][]) {
      if (input === undefined) continue;
      const where = `selector ${this.node.name}, label ${label}`;
      assertLabelName(label, where);
      const matchers = toMatchers(input);
      if (!matchers.every((m) => m.undeclared))
        assertCarries(this.node, [label], `${this.node.name}.where(...)`);
      for (const m of matchers) {
        if (m.op === "=~" || m.op === "!~") checkRegex(m.value, where);
        added.push({ label, op: m.op, value: m.value });
      }
    }
    return new Selector({ ...this.node, matchers: [...this.node.matchers, ...added] });
  }

  /** A range vector `name{...}[range]` for functions such as `rate` or `avg_over_time`. */
  range(range: DurationInput): RangeVector<L, K> {
    const node: MatrixSelectorNode = {
      ...this.node,
      type: "matrixSelector",
      range: duration(range),
    };
    return new RangeVector(node);
  }

  offset(offset: DurationInput | `-${DurationInput}`): Selector<L, K> {
    return new Selector(withOffset(this.node, offset));
  }

  at(at: AtInput): Selector<L, K> {
    return new Selector({ ...this.node, at: atModifier(at) });
  }
}

function toMatchers(input: MatcherInput): readonly Matcher[] {
  if (typeof input === "string") return [eq(input)];
  if (Array.isArray(input)) return input as readonly Matcher[];
  return [input as Matcher];
}

function selector<L extends string, K extends SampleKind>(
  name: string,
  labels: readonly string[],
  kind: K,
): Selector<L, K> {
  return new Selector({
    type: "vectorSelector",
    name,
    matchers: [],
    knownLabels: labels,
    knownKind: kind,
  });
}

export interface MetricDefinition<N extends string, K extends MetricKind, L extends string> {
  /** The exact exposed name (no assumed `_total`; for histograms and summaries the base name). */
  readonly name: N;
  readonly kind: K;
  readonly labels: readonly L[];
}

/** A histogram: `bucket()` carries `le`; `sum()` and `count()` are counters. */
export interface HistogramMetric<N extends string, L extends string> {
  readonly name: N;
  readonly kind: "histogram";
  readonly labels: readonly L[];
  bucket(): Selector<L | "le", "counter">;
  sum(): Selector<L, "counter">;
  count(): Selector<L, "counter">;
}

/** A summary: the metric itself has a `quantile` label; `sum()` and `count()` are counters. */
export interface SummaryMetric<N extends string, L extends string> {
  readonly name: N;
  readonly kind: "summary";
  readonly labels: readonly L[];
  quantiles(): Selector<L | "quantile", "gauge">;
  sum(): Selector<L, "counter">;
  count(): Selector<L, "counter">;
}

export type SimpleMetric<
  N extends string,
  K extends "counter" | "gauge" | "info",
  L extends string,
> = Selector<L, K> & {
  readonly metricName: N;
  readonly kind: K;
  readonly labels: readonly L[];
};

export type Metric<N extends string, K extends MetricKind, L extends string> = K extends "histogram"
  ? HistogramMetric<N, L>
  : K extends "summary"
    ? SummaryMetric<N, L>
    : K extends "counter" | "gauge" | "info"
      ? SimpleMetric<N, K, L>
      : never;

const reservedLabels: Readonly<Partial<Record<MetricKind, string>>> = {
  histogram: "le",
  summary: "quantile",
};

/** Declares a metric as its component exposes it and returns typed selectors for it. */
export function metric<const N extends string, const K extends MetricKind, const L extends string>(
  def: MetricDefinition<N, K, L>,
): Metric<N, K, L> {
  const where = `metric ${def.name}`;
  assertMetricName(def.name, where);
  const seen = new Set<string>();
  for (const label of def.labels) {
    assertLabelName(label, where);
    if (seen.has(label)) throw new PromQLError(`${where}: label "${label}" is listed twice`);
    if (label === reservedLabels[def.kind]) {
      throw new PromQLError(
        `${where}: "${label}" is added by the ${def.kind} itself; do not list it`,
      );
    }
    seen.add(label);
  }
  const labels = [...def.labels];
  switch (def.kind) {
    case "histogram":
    case "summary": {
      for (const suffix of ["_bucket", "_sum", "_count"]) {
        if (def.name.endsWith(suffix)) {
          throw new PromQLError(`${where}: give the ${def.kind}'s base name, without "${suffix}"`);
        }
      }
      const common = {
        name: def.name,
        kind: def.kind,
        labels,
        sum: () => selector(`${def.name}_sum`, labels, "counter"),
        count: () => selector(`${def.name}_count`, labels, "counter"),
      };
      return (
        def.kind === "histogram"
          ? {
              ...common,
              bucket: () => selector(`${def.name}_bucket`, [...labels, "le"], "counter"),
            }
          : { ...common, quantiles: () => selector(def.name, [...labels, "quantile"], "gauge") }
      ) as never;
    }
    default:
      return Object.assign(selector(def.name, labels, def.kind), {
        metricName: def.name,
        kind: def.kind,
        labels,
      }) as never;
  }
}

export const counter = <const N extends string, const L extends string>(
  name: N,
  labels: readonly L[],
) => metric({ name, kind: "counter", labels });
export const gauge = <const N extends string, const L extends string>(
  name: N,
  labels: readonly L[],
) => metric({ name, kind: "gauge", labels });
export const info = <const N extends string, const L extends string>(
  name: N,
  labels: readonly L[],
) => metric({ name, kind: "info", labels });
export const histogram = <const N extends string, const L extends string>(
  name: N,
  labels: readonly L[],
) => metric({ name, kind: "histogram", labels });
export const summary = <const N extends string, const L extends string>(
  name: N,
  labels: readonly L[],
) => metric({ name, kind: "summary", labels });
