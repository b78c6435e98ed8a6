/**
 * Type tests: checked by `tsc` in `npm test`. Each `@ts-expect-error` line must be a compile error;
 * test/type-tests.test.ts strips every annotation in turn and proves the line then fails with the
 * compiler message given in the `// error:` comment above it.
 */
import {
  avgOverTime,
  counter,
  gauge,
  histogram,
  histogramQuantile,
  increase,
  labelReplace,
  max,
  num,
  rate,
  sum,
  time,
  topk,
} from "../../src/index.js";

const syncErrors = counter("externalsecret_sync_calls_error", ["name", "exported_namespace"]);
const condition = gauge("externalsecret_status_condition", [
  "name",
  "exported_namespace",
  "condition",
  "status",
]);
const reconcile = histogram("gotk_reconcile_duration_seconds", [
  "kind",
  "name",
  "exported_namespace",
]);

// Allowed: the same shapes used correctly.
export const ok = [
  rate(syncErrors.range("5m")),
  avgOverTime(condition.range("1h")),
  sum(increase(syncErrors.range("15m"))).by("exported_namespace", "name"),
  histogramQuantile(0.99, sum(rate(reconcile.bucket().range("5m"))).by("le", "kind")),
  max(condition.where({ condition: "Ready", status: "False" }))
    .by("name")
    .eq(1),
  time().sub(max(condition).by("name")),
  topk(5, rate(syncErrors.range("5m"))).by("exported_namespace"),
  labelReplace(condition, "namespace", "$1", "exported_namespace", "(.*)"),
  rate(syncErrors.range("5m"))
    .div(rate(syncErrors.range("5m")))
    .on("name")
    .groupLeft(),
];

// rate-of-gauge: rate() of a gauge.
// error: Type '"gauge"' is not assignable to type '"counter"'
// @ts-expect-error rate needs a counter range vector
rate(condition.range("5m"));

// increase-of-gauge: increase() of a gauge.
// error: Type '"gauge"' is not assignable to type '"counter"'
// @ts-expect-error increase needs a counter range vector
increase(condition.range("5m"));

// over-time-of-counter: avg_over_time() of a counter.
// error: Type '"counter"' is not assignable to type 'NotCounter'
// @ts-expect-error gauge functions refuse counters
avgOverTime(syncErrors.range("5m"));

// unknown-label-matcher: a misspelt label in a matcher.
// error: 'namespce' does not exist in type 'Matchers<"name" | "exported_namespace">'
// @ts-expect-error "namespce" is not a label of the metric
syncErrors.where({ namespce: "default" });

// unknown-label-by: a misspelt label in `by`.
// error: '"nmae"' is not assignable to parameter of type '"name" | "exported_namespace"'
// @ts-expect-error "nmae" is not a label of the vector
sum(syncErrors).by("nmae");

// label-after-sum-by: a label used after `sum by` removed it.
// error: '"exported_namespace"' is not assignable to parameter of type '"name"'
// @ts-expect-error "exported_namespace" was dropped by sum by (name)
sum(sum(rate(syncErrors.range("5m"))).by("name")).by("exported_namespace");

// label-after-without: a label used after `without` removed it.
// error: '"condition"' is not assignable to parameter of type '"name" | "exported_namespace" | "status"'
// @ts-expect-error "condition" was dropped by without (condition)
max(max(condition).without("condition")).by("condition");

// range-for-instant: a range vector where an instant vector is needed.
// error: is not assignable to parameter of type 'InstantVector<
// @ts-expect-error sum needs an instant vector, not x[5m]
sum(syncErrors.range("5m"));

// instant-for-range: an instant vector where a range vector is needed.
// error: is not assignable to parameter of type 'RangeVector<
// @ts-expect-error rate needs a range vector
rate(syncErrors);

// quantile-without-le: histogram_quantile on a vector without `le`.
// error: histogram_quantile needs a vector with the label \"le\"
// @ts-expect-error the le label was aggregated away
histogramQuantile(0.9, sum(rate(reconcile.bucket().range("5m"))).by("kind"));

// on-missing-label: on() with a label one side does not carry.
// error: '"status"' is not assignable to parameter of type '"name" | "exported_namespace"'
// @ts-expect-error "status" is not on the right-hand side
condition.div(syncErrors).on("status");

// bool-on-arithmetic: bool on an arithmetic operator.
// error: Type '"+"' is not assignable to type 'ComparisonOp'
// @ts-expect-error bool is only for comparisons
condition.add(num(1)).bool();

// group-on-set-operator: group_left with `and`.
// error: Type '"and"' is not assignable to type 'GroupingOp'
// @ts-expect-error no grouping with set operators
condition.and(syncErrors).on("name").groupLeft();

// set-operator-scalar: `and` with a scalar.
// error: Argument of type 'Scalar' is not assignable to parameter of type 'InstantVector<
// @ts-expect-error and needs two instant vectors
condition.and(num(1));

// bad-duration: a duration that is not one.
// error: '"5 minutes"' is not assignable to parameter of type 'DurationInput'
// @ts-expect-error "5 minutes" is not a duration
syncErrors.range("5 minutes");

// label-after-on: a label used after on() narrowed the result.
// error: '"status"' is not assignable to parameter of type '"name"'
// @ts-expect-error the result of / on (name) only has the label "name"
sum(condition.div(condition).on("name")).by("status");
