/**
 * Aggregation operators. `sum(x)` has no labels; `.by(...)` keeps only the named labels and
 * `.without(...)` drops them. `topk`/`bottomk` return whole input series; `count_values` adds a label.
 */
import type { AggregateNode, AggregateOp, Grouping } from "./ast.js";
import { InstantVector, type ScalarInput } from "./expr.js";
import type { SampleKind } from "./kinds.js";
import { assertCarries } from "./label-checks.js";
import { assertLabelName } from "./strings.js";
import { assertInstant, assertScalar } from "./value-checks.js";

function node(op: AggregateOp, v: InstantVector, param?: ScalarInput | string): AggregateNode {
  assertInstant(v, `${op}(...)`);
  if (param !== undefined && typeof param !== "string") assertScalar(param, `${op}(...) parameter`);
  if (param === undefined) return { type: "aggregate", op, expr: v.node };
  const p =
    typeof param === "number"
      ? ({ type: "number", value: param } as const)
      : typeof param === "string"
        ? ({ type: "string", value: param } as const)
        : param.node;
  return { type: "aggregate", op, expr: v.node, param: p };
}

function group(n: AggregateNode, mode: Grouping["mode"], labels: readonly string[]): AggregateNode {
  for (const l of labels) assertLabelName(l, `${n.op} ${mode} (...)`);
  assertCarries(n.expr, labels, `${n.op}(...).${mode}(...)`);
  return { ...n, grouping: { mode, labels: [...labels] } };
}

/** An aggregation over all series; `by`/`without` choose the grouping. */
export class Aggregation<Lin extends string, K extends SampleKind> extends InstantVector<never, K> {
  declare readonly node: AggregateNode;
  by<const G extends Lin>(...labels: G[]): InstantVector<G, K> {
    return new InstantVector(group(this.node, "by", labels));
  }
  without<const G extends Lin>(...labels: G[]): InstantVector<Exclude<Lin, G>, K> {
    return new InstantVector(group(this.node, "without", labels));
  }
}

/** `topk`/`bottomk`: the grouping picks where to rank, the result keeps every input label. */
export class SelectingAggregation<L extends string, K extends SampleKind> extends InstantVector<
  L,
  K
> {
  declare readonly node: AggregateNode;
  by<const G extends L>(...labels: G[]): InstantVector<L, K> {
    return new InstantVector(group(this.node, "by", labels));
  }
  without<const G extends L>(...labels: G[]): InstantVector<L, K> {
    return new InstantVector(group(this.node, "without", labels));
  }
}

/** `count_values`: counts series per distinct value, stored in the label `D`. */
export class CountValuesAggregation<Lin extends string, D extends string> extends InstantVector<
  D,
  "gauge"
> {
  declare readonly node: AggregateNode;
  by<const G extends Lin>(...labels: G[]): InstantVector<G | D, "gauge"> {
    return new InstantVector(group(this.node, "by", labels));
  }
  without<const G extends Lin>(...labels: G[]): InstantVector<Exclude<Lin, G> | D, "gauge"> {
    return new InstantVector(group(this.node, "without", labels));
  }
}

const reducing =
  (op: AggregateOp) =>
  <L extends string>(v: InstantVector<L>): Aggregation<L, "gauge"> =>
    new Aggregation(node(op, v));

export const sum = reducing("sum");
export const avg = reducing("avg");
export const min = reducing("min");
export const max = reducing("max");
export const count = reducing("count");
export const stddev = reducing("stddev");
export const stdvar = reducing("stdvar");
/** `group`: 1 for every group (useful for joins and existence checks). */
export const groupAggregate = reducing("group");

export const quantile = <L extends string>(
  phi: ScalarInput,
  v: InstantVector<L>,
): Aggregation<L, "gauge"> => new Aggregation(node("quantile", v, phi));

export const topk = <L extends string, K extends SampleKind>(
  k: ScalarInput,
  v: InstantVector<L, K>,
) => new SelectingAggregation<L, K>(node("topk", v, k));
export const bottomk = <L extends string, K extends SampleKind>(
  k: ScalarInput,
  v: InstantVector<L, K>,
) => new SelectingAggregation<L, K>(node("bottomk", v, k));

export function countValues<const D extends string, L extends string>(
  label: D,
  v: InstantVector<L>,
): CountValuesAggregation<L, D> {
  assertLabelName(label, "count_values label");
  return new CountValuesAggregation(node("count_values", v, label));
}
