/**
 * PromQL 2.42 functions with their signatures. Counter functions take counter range vectors only;
 * gauge functions refuse counters; `histogram_quantile` needs an `le` label; label functions add one.
 */
import type { Node } from "./ast.js";
import { PromQLError } from "./errors.js";
import { InstantVector, RangeVector, Scalar, type ScalarInput } from "./expr.js";
import type { SampleKind } from "./kinds.js";
import { assertCarries } from "./label-checks.js";
import { assertLabelName, checkRegex } from "./strings.js";
import { assertInstant, assertKinds, assertRange, assertScalar } from "./value-checks.js";

type Arg = InstantVector | RangeVector | Scalar | number | string;

/**
 * What each function takes, checked at run time as the types check it at compile time (see
 * value-checks.ts): counter functions take counter ranges, gauge functions refuse them.
 */
type Param = "instant" | "range" | "counterRange" | "gaugeRange" | "scalar" | "string";
const counterRange = ["counterRange"] as const;
const gaugeRange = ["gaugeRange"] as const;
const anyRange = ["range"] as const;
const instant = ["instant"] as const;
const signatures: Readonly<Record<string, readonly Param[]>> = {
  rate: counterRange,
  irate: counterRange,
  increase: counterRange,
  resets: counterRange,
  delta: gaugeRange,
  idelta: gaugeRange,
  deriv: gaugeRange,
  predict_linear: ["gaugeRange", "scalar"],
  holt_winters: ["gaugeRange", "scalar", "scalar"],
  avg_over_time: gaugeRange,
  min_over_time: gaugeRange,
  max_over_time: gaugeRange,
  sum_over_time: gaugeRange,
  stddev_over_time: gaugeRange,
  stdvar_over_time: gaugeRange,
  quantile_over_time: ["scalar", "gaugeRange"],
  count_over_time: anyRange,
  last_over_time: anyRange,
  present_over_time: anyRange,
  changes: anyRange,
  absent_over_time: anyRange,
  absent: instant,
  round: ["instant", "scalar"],
  clamp: ["instant", "scalar", "scalar"],
  clamp_min: ["instant", "scalar"],
  clamp_max: ["instant", "scalar"],
  histogram_quantile: ["scalar", "instant"],
  label_replace: ["instant", "string", "string", "string", "string"],
  label_join: ["instant", "string", "string"],
  scalar: instant,
  vector: ["scalar"],
};

function checkArgs(fn: string, args: readonly Arg[]): void {
  const params = signatures[fn] ?? instant;
  args.forEach((arg, i) => {
    const param = params[Math.min(i, params.length - 1)] as Param;
    const context = `${fn}(...) argument ${i + 1}`;
    if (param === "instant") assertInstant(arg, context);
    else if (param === "scalar") assertScalar(arg, context);
    else if (param === "string") {
      if (typeof arg !== "string") throw new PromQLError(`${context} must be a string`);
    } else {
      assertRange(arg, context);
      const range = arg as RangeVector;
      if (param === "counterRange") assertKinds(range, "counter", `${fn}(...)`);
      if (param === "gaugeRange") assertKinds(range, "not counter", `${fn}(...)`);
    }
  });
}

function call(fn: string, args: readonly Arg[]): Node {
  checkArgs(fn, args);
  return {
    type: "call",
    fn,
    args: args.map((a): Node => {
      if (typeof a === "number") return { type: "number", value: a };
      if (typeof a === "string") return { type: "string", value: a };
      return a.node;
    }),
  };
}
const vectorCall = <L extends string, K extends SampleKind>(fn: string, ...args: Arg[]) =>
  new InstantVector<L, K>(call(fn, args));

/** Shown by the compiler when a vector lacks a label a function needs. */
export type NeedsLabel<L extends string, N extends string, Fn extends string> = [N] extends [L]
  ? unknown
  : { readonly [P in `${Fn} needs a vector with the label "${N}"`]: never };

type NotCounter = "gauge" | "info";

// Counters: per-second rate, increase and resets over a counter range vector.
export const rate = <L extends string>(v: RangeVector<L, "counter">) =>
  vectorCall<L, "gauge">("rate", v);
export const irate = <L extends string>(v: RangeVector<L, "counter">) =>
  vectorCall<L, "gauge">("irate", v);
export const increase = <L extends string>(v: RangeVector<L, "counter">) =>
  vectorCall<L, "gauge">("increase", v);
export const resets = <L extends string>(v: RangeVector<L, "counter">) =>
  vectorCall<L, "gauge">("resets", v);

// Gauges: differences, derivatives and aggregations over time.
export const delta = <L extends string>(v: RangeVector<L, NotCounter>) =>
  vectorCall<L, "gauge">("delta", v);
export const idelta = <L extends string>(v: RangeVector<L, NotCounter>) =>
  vectorCall<L, "gauge">("idelta", v);
export const deriv = <L extends string>(v: RangeVector<L, NotCounter>) =>
  vectorCall<L, "gauge">("deriv", v);
export const predictLinear = <L extends string>(
  v: RangeVector<L, NotCounter>,
  seconds: ScalarInput,
) => vectorCall<L, "gauge">("predict_linear", v, seconds);
export const holtWinters = <L extends string>(
  v: RangeVector<L, NotCounter>,
  sf: ScalarInput,
  tf: ScalarInput,
) => vectorCall<L, "gauge">("holt_winters", v, sf, tf);
export const avgOverTime = <L extends string>(v: RangeVector<L, NotCounter>) =>
  vectorCall<L, "gauge">("avg_over_time", v);
export const minOverTime = <L extends string>(v: RangeVector<L, NotCounter>) =>
  vectorCall<L, "gauge">("min_over_time", v);
export const maxOverTime = <L extends string>(v: RangeVector<L, NotCounter>) =>
  vectorCall<L, "gauge">("max_over_time", v);
export const sumOverTime = <L extends string>(v: RangeVector<L, NotCounter>) =>
  vectorCall<L, "gauge">("sum_over_time", v);
export const stddevOverTime = <L extends string>(v: RangeVector<L, NotCounter>) =>
  vectorCall<L, "gauge">("stddev_over_time", v);
export const stdvarOverTime = <L extends string>(v: RangeVector<L, NotCounter>) =>
  vectorCall<L, "gauge">("stdvar_over_time", v);
export const quantileOverTime = <L extends string>(
  phi: ScalarInput,
  v: RangeVector<L, NotCounter>,
) => vectorCall<L, "gauge">("quantile_over_time", phi, v);

// Any kind: presence, counts and changes over time.
export const countOverTime = <L extends string>(v: RangeVector<L>) =>
  vectorCall<L, "gauge">("count_over_time", v);
export const lastOverTime = <L extends string, K extends SampleKind>(v: RangeVector<L, K>) =>
  vectorCall<L, K>("last_over_time", v);
export const presentOverTime = <L extends string>(v: RangeVector<L>) =>
  vectorCall<L, "gauge">("present_over_time", v);
export const changes = <L extends string>(v: RangeVector<L>) =>
  vectorCall<L, "gauge">("changes", v);
/** 1 when the range has no samples; its labels come from equality matchers only, so none are typed. */
export const absentOverTime = (v: RangeVector) => vectorCall<never, "gauge">("absent_over_time", v);
/** 1 when the vector is empty; its labels come from equality matchers only, so none are typed. */
export const absent = (v: InstantVector) => vectorCall<never, "gauge">("absent", v);

// Element-wise math on instant vectors.
const elementwise =
  (fn: string) =>
  <L extends string>(v: InstantVector<L>) =>
    vectorCall<L, "gauge">(fn, v);
export const abs = elementwise("abs");
export const ceil = elementwise("ceil");
export const floor = elementwise("floor");
export const exp = elementwise("exp");
export const sqrt = elementwise("sqrt");
export const ln = elementwise("ln");
export const log2 = elementwise("log2");
export const log10 = elementwise("log10");
export const sgn = elementwise("sgn");
export const deg = elementwise("deg");
export const rad = elementwise("rad");
export const timestamp = elementwise("timestamp");
export const round = <L extends string>(v: InstantVector<L>, toNearest?: ScalarInput) =>
  toNearest === undefined
    ? vectorCall<L, "gauge">("round", v)
    : vectorCall<L, "gauge">("round", v, toNearest);
export const clamp = <L extends string>(v: InstantVector<L>, min: ScalarInput, max: ScalarInput) =>
  vectorCall<L, "gauge">("clamp", v, min, max);
export const clampMin = <L extends string>(v: InstantVector<L>, min: ScalarInput) =>
  vectorCall<L, "gauge">("clamp_min", v, min);
export const clampMax = <L extends string>(v: InstantVector<L>, max: ScalarInput) =>
  vectorCall<L, "gauge">("clamp_max", v, max);
export const sort = <L extends string, K extends SampleKind>(v: InstantVector<L, K>) =>
  vectorCall<L, K>("sort", v);
export const sortDesc = <L extends string, K extends SampleKind>(v: InstantVector<L, K>) =>
  vectorCall<L, K>("sort_desc", v);

// Calendar functions; without an argument they use vector(time()).
const calendar =
  (fn: string) =>
  <L extends string = never>(v?: InstantVector<L>) =>
    v === undefined ? vectorCall<never, "gauge">(fn) : vectorCall<L, "gauge">(fn, v);
export const dayOfMonth = calendar("day_of_month");
export const dayOfWeek = calendar("day_of_week");
export const dayOfYear = calendar("day_of_year");
export const daysInMonth = calendar("days_in_month");
export const hour = calendar("hour");
export const minute = calendar("minute");
export const month = calendar("month");
export const year = calendar("year");

/** φ-quantile from classic histogram buckets; the input must keep `le`, which the result drops. */
export const histogramQuantile = <L extends string>(
  phi: ScalarInput,
  buckets: InstantVector<L> & NeedsLabel<L, "le", "histogram_quantile">,
) => {
  assertInstant(buckets, "histogram_quantile(...) argument 2");
  assertCarries(buckets.node, ["le"], "histogram_quantile(...) needs the buckets of a histogram");
  return vectorCall<Exclude<L, "le">, "gauge">("histogram_quantile", phi, buckets);
};

/**
 * `label_replace`: sets `dst` from `src` when `regex` matches (the regex is anchored). An empty
 * `src` reads as the empty string, the usual way to set a constant label.
 */
export function labelReplace<L extends string, K extends SampleKind, const D extends string>(
  v: InstantVector<L, K>,
  dst: D,
  replacement: string,
  src: NoInfer<L> | "",
  regex: string,
): InstantVector<L | D, K> {
  assertLabelName(dst, "label_replace destination");
  if (src !== "") {
    assertLabelName(src, "label_replace source");
    assertInstant(v, "label_replace(...) argument 1");
    assertCarries(v.node, [src], "label_replace(...) source");
  }
  checkRegex(regex, "label_replace");
  return vectorCall<L | D, K>("label_replace", v, dst, replacement, src, regex);
}

/** `label_join`: sets `dst` to the values of `src` labels joined by `separator`. */
export function labelJoin<L extends string, K extends SampleKind, const D extends string>(
  v: InstantVector<L, K>,
  dst: D,
  separator: string,
  ...src: L[]
): InstantVector<L | D, K> {
  assertLabelName(dst, "label_join destination");
  for (const s of src) assertLabelName(s, "label_join source");
  assertInstant(v, "label_join(...) argument 1");
  assertCarries(v.node, src, "label_join(...) sources");
  return vectorCall<L | D, K>("label_join", v, dst, separator, ...src);
}

/** The evaluation time in seconds since the epoch. */
export const time = () => new Scalar(call("time", []));
export const pi = () => new Scalar(call("pi", []));
/** The single sample of a one-element vector as a scalar (NaN otherwise). */
export const scalar = (v: InstantVector) => new Scalar(call("scalar", [v]));
/** A vector with one series without labels. */
export const vector = (s: ScalarInput) => vectorCall<never, "gauge">("vector", s);

export function assertNever(x: never, what: string): never {
  throw new PromQLError(`unexpected ${what}: ${JSON.stringify(x)}`);
}
