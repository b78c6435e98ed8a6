/**
 * A threshold as PromQL: an expression that is 1 when the value breaks it and 0 when it does not,
 * for the one series the query returns. How NaN (0/0 without traffic) fares depends on the tool:
 * Flagger's Prometheus provider treats it as "no values" and fails the check (RunQuery in
 * pkg/metrics/providers/prometheus.go), while Go comparisons with NaN are false, so it breaks
 * nothing in Keptn's targets or in a KeptnMetric value Flagger reads.
 */
import type { InstantVector } from "../promql/expr.js";
import type { Operator } from "./keptn-analysis.js";

/**
 * 1 when `value` is below `min` or above `max` (Flagger's thresholdRange check), else 0. With
 * `nanFails`, NaN counts as broken: `value >= bool min * value <= bool max == bool 0`.
 */
export function thresholdViolation(
  value: InstantVector,
  range: { readonly min?: number; readonly max?: number },
  options: { readonly nanFails: boolean },
): InstantVector {
  if (range.min === undefined && range.max === undefined)
    throw new Error("thresholdViolation: a range without bounds");
  if (options.nanFails) {
    const atLeast = range.min !== undefined ? value.ge(range.min).bool() : undefined;
    const atMost = range.max !== undefined ? value.le(range.max).bool() : undefined;
    const ok = atLeast && atMost ? atLeast.mul(atMost) : (atLeast ?? atMost)!;
    return ok.eq(0).bool();
  }
  const below = range.min !== undefined ? value.lt(range.min).bool() : undefined;
  const above = range.max !== undefined ? value.gt(range.max).bool() : undefined;
  return below && above ? below.add(above) : (below ?? above)!;
}

/** 1 when `value` meets a Keptn target operator (the objective fails or warns), else 0. */
export function operatorMet(value: InstantVector, op: Operator): InstantVector {
  switch (op.op) {
    case "lessThan":
      return value.lt(op.value).bool();
    case "lessThanOrEqual":
      return value.le(op.value).bool();
    case "greaterThan":
      return value.gt(op.value).bool();
    case "greaterThanOrEqual":
      return value.ge(op.value).bool();
    case "equalTo":
      return value.eq(op.value).bool();
    case "inRange":
      return value.ge(op.low).bool().mul(value.le(op.high).bool());
    case "notInRange":
      return value.lt(op.low).bool().add(value.gt(op.high).bool());
  }
}
