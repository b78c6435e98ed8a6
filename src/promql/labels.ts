/**
 * The label names an expression's result carries, computed from the syntax tree with the same rules
 * as the types (and as Prometheus): used where only run-time data is at hand, such as annotation
 * templates written as strings. `undefined` means "not known" (e.g. raw PromQL without declared labels).
 */
import type { Node } from "./ast.js";

export type LabelSet = ReadonlySet<string>;

const none: LabelSet = new Set();

/** Functions whose result keeps the labels of their first vector argument. */
const firstVectorArg = new Set([
  "rate",
  "irate",
  "increase",
  "resets",
  "delta",
  "idelta",
  "deriv",
  "predict_linear",
  "holt_winters",
  "avg_over_time",
  "min_over_time",
  "max_over_time",
  "sum_over_time",
  "stddev_over_time",
  "stdvar_over_time",
  "count_over_time",
  "last_over_time",
  "present_over_time",
  "changes",
  "abs",
  "ceil",
  "floor",
  "exp",
  "sqrt",
  "ln",
  "log2",
  "log10",
  "sgn",
  "deg",
  "rad",
  "timestamp",
  "round",
  "clamp",
  "clamp_min",
  "clamp_max",
  "sort",
  "sort_desc",
  "day_of_month",
  "day_of_week",
  "day_of_year",
  "days_in_month",
  "hour",
  "minute",
  "month",
  "year",
  "acos",
  "acosh",
  "asin",
  "asinh",
  "atan",
  "atanh",
  "cos",
  "cosh",
  "sin",
  "sinh",
  "tan",
  "tanh",
]);

function union(a: LabelSet, b: Iterable<string>): LabelSet {
  return new Set([...a, ...b]);
}

function minus(a: LabelSet, b: Iterable<string>): LabelSet {
  const drop = new Set(b);
  return new Set([...a].filter((l) => !drop.has(l)));
}

/** Labels fixed by `absent(x{a="v"})`: the equality matchers of a selector argument. */
function equalityLabels(node: Node | undefined): LabelSet {
  if (!node || (node.type !== "vectorSelector" && node.type !== "matrixSelector")) return none;
  return new Set(node.matchers.filter((m) => m.op === "=").map((m) => m.label));
}

export function isScalar(node: Node): boolean {
  if (node.type === "number" || node.type === "string") return true;
  if (node.type === "call") return node.fn === "time" || node.fn === "scalar" || node.fn === "pi";
  if (node.type === "binary") return isScalar(node.lhs) && isScalar(node.rhs);
  if (node.type === "unary") return isScalar(node.expr);
  return false;
}

export function inferLabels(node: Node): LabelSet | undefined {
  return labelsOf(node, "sure");
}

/**
 * The labels some series of the result may carry: as inferLabels, except that `or` gives the
 * labels of either side (a series from one side keeps its own). For checking expected samples.
 */
export function possibleLabels(node: Node): LabelSet | undefined {
  return labelsOf(node, "possible");
}

type Mode = "sure" | "possible";

function labelsOf(node: Node, mode: Mode): LabelSet | undefined {
  switch (node.type) {
    case "vectorSelector":
    case "matrixSelector":
    case "raw":
      return node.knownLabels ? new Set(node.knownLabels) : undefined;
    case "subquery":
      return labelsOf(node.expr, mode);
    case "number":
    case "string":
      return none;
    case "unary":
      return labelsOf(node.expr, mode);
    case "call":
      return inferCall(node.fn, node.args, mode);
    case "aggregate": {
      const input = labelsOf(node.expr, mode);
      if (node.op === "topk" || node.op === "bottomk") return input;
      const extra =
        node.op === "count_values" && node.param?.type === "string" ? [node.param.value] : [];
      if (!node.grouping) return new Set(extra);
      if (node.grouping.mode === "by") return new Set([...node.grouping.labels, ...extra]);
      return input && union(minus(input, node.grouping.labels), extra);
    }
    case "binary": {
      if (isScalar(node.lhs)) return labelsOf(node.rhs, mode);
      if (isScalar(node.rhs)) return labelsOf(node.lhs, mode);
      const lhs = labelsOf(node.lhs, mode);
      const rhs = labelsOf(node.rhs, mode);
      if (node.op === "and" || node.op === "unless") return lhs;
      if (node.op === "or") {
        if (!lhs || !rhs) return undefined;
        return mode === "sure" ? new Set([...lhs].filter((l) => rhs.has(l))) : union(lhs, rhs);
      }
      const m = node.matching;
      if (!m) return lhs;
      if (m.group) {
        const many = m.group.side === "left" ? lhs : rhs;
        return many && union(many, m.group.include);
      }
      if (m.mode === "on") return new Set(m.labels);
      return lhs && minus(lhs, m.labels);
    }
  }
}

function inferCall(fn: string, args: readonly Node[], mode: Mode): LabelSet | undefined {
  const [first] = args;
  if (fn === "absent" || fn === "absent_over_time") return equalityLabels(first);
  if (fn === "vector" || fn === "time" || fn === "scalar" || fn === "pi") return none;
  if (fn === "histogram_quantile") {
    const input = args[1] && labelsOf(args[1], mode);
    return input && minus(input, ["le"]);
  }
  if (fn === "quantile_over_time") return args[1] && labelsOf(args[1], mode);
  if (fn === "label_replace" || fn === "label_join") {
    const input = first && labelsOf(first, mode);
    const dst = args[1];
    return input && dst?.type === "string" ? union(input, [dst.value]) : undefined;
  }
  if (firstVectorArg.has(fn)) return first ? labelsOf(first, mode) : none;
  return undefined;
}
