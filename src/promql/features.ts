/**
 * Which Prometheus versions can run an expression. Typed builders only produce PromQL 2.42; raw text
 * may use anything lezer-promql knows, so functions and aggregations are checked against the target.
 */
import { parser } from "@prometheus-io/lezer-promql";
import type { Node } from "./ast.js";
import { substituteGrafanaVariables } from "./grafana.js";

export type PrometheusVersion = `${number}.${number}`;

/** The functions of PromQL as of Prometheus 2.42 (the oldest target we support). */
const functions242 = new Set([
  "abs",
  "absent",
  "absent_over_time",
  "acos",
  "acosh",
  "asin",
  "asinh",
  "atan",
  "atanh",
  "avg_over_time",
  "ceil",
  "changes",
  "clamp",
  "clamp_max",
  "clamp_min",
  "cos",
  "cosh",
  "count_over_time",
  "day_of_month",
  "day_of_week",
  "day_of_year",
  "days_in_month",
  "deg",
  "delta",
  "deriv",
  "exp",
  "floor",
  "histogram_count",
  "histogram_fraction",
  "histogram_quantile",
  "histogram_sum",
  "holt_winters",
  "hour",
  "idelta",
  "increase",
  "irate",
  "label_join",
  "label_replace",
  "last_over_time",
  "ln",
  "log10",
  "log2",
  "max_over_time",
  "min_over_time",
  "minute",
  "month",
  "pi",
  "predict_linear",
  "present_over_time",
  "quantile_over_time",
  "rad",
  "rate",
  "resets",
  "round",
  "scalar",
  "sgn",
  "sin",
  "sinh",
  "sort",
  "sort_desc",
  "sqrt",
  "stddev_over_time",
  "stdvar_over_time",
  "sum_over_time",
  "tan",
  "tanh",
  "time",
  "timestamp",
  "vector",
  "year",
]);
const aggregations242 = new Set([
  "sum",
  "avg",
  "min",
  "max",
  "count",
  "group",
  "stddev",
  "stdvar",
  "topk",
  "bottomk",
  "quantile",
  "count_values",
]);
/** Known minimum versions of later additions; anything else unknown to 2.42 needs 3.0. */
const addedIn: Readonly<Record<string, PrometheusVersion>> = {
  limitk: "2.54",
  limit_ratio: "2.54",
};
const removedIn: Readonly<Record<string, PrometheusVersion>> = { holt_winters: "3.0" };

export function compareVersions(a: PrometheusVersion, b: PrometheusVersion): number {
  const [a1 = 0, a2 = 0] = a.split(".").map(Number);
  const [b1 = 0, b2 = 0] = b.split(".").map(Number);
  return a1 - b1 || a2 - b2;
}

export function isVersion(text: string): text is PrometheusVersion {
  return /^\d+\.\d+$/.test(text);
}

export interface Usage {
  readonly functions: Set<string>;
  readonly aggregations: Set<string>;
  /** Metric names of the selectors (recorded series included). */
  readonly metrics: Set<string>;
}

/** The functions, aggregation operators and metrics an expression uses, raw PromQL included. */
export function operationsUsed(node: Node): Usage {
  const out: Usage = { functions: new Set(), aggregations: new Set(), metrics: new Set() };
  const visit = (n: Node): void => {
    switch (n.type) {
      case "vectorSelector":
      case "matrixSelector":
        out.metrics.add(n.name);
        return;
      case "call":
        out.functions.add(n.fn);
        n.args.forEach(visit);
        return;
      case "aggregate":
        out.aggregations.add(n.op);
        visit(n.expr);
        if (n.param) visit(n.param);
        return;
      case "binary":
        visit(n.lhs);
        visit(n.rhs);
        return;
      case "unary":
      case "subquery":
        visit(n.expr);
        return;
      case "raw":
        parser.parse(substituteGrafanaVariables(n.text)).iterate({
          enter: (c) => {
            if (c.name === "FunctionIdentifier")
              out.functions.add(/^[A-Za-z_][A-Za-z0-9_]*/.exec(n.text.slice(c.from))?.[0] ?? "");
            if (c.name === "AggregateOp") out.aggregations.add(n.text.slice(c.from, c.to));
            if (c.name === "Identifier" && c.node.parent?.name === "VectorSelector")
              out.metrics.add(n.text.slice(c.from, c.to));
          },
        });
        return;
      default:
        return;
    }
  };
  visit(node);
  return out;
}

/** Problems running `node` on Prometheus `target`, one sentence each. */
export function versionProblems(node: Node, target: PrometheusVersion): string[] {
  const problems: string[] = [];
  const { functions, aggregations } = operationsUsed(node);
  const check = (name: string, known: ReadonlySet<string>, what: string) => {
    const removed = removedIn[name];
    if (removed && compareVersions(target, removed) >= 0) {
      problems.push(`${what} ${name}() was removed in Prometheus ${removed} (target ${target})`);
      return;
    }
    if (known.has(name)) return;
    const since = addedIn[name] ?? "3.0";
    if (compareVersions(target, since) < 0) {
      problems.push(
        `${what} ${name}() needs Prometheus ${since} or newer, but the target is ${target}`,
      );
    }
  };
  for (const f of [...functions].sort()) check(f, functions242, "function");
  for (const a of [...aggregations].sort()) check(a, aggregations242, "aggregation");
  return problems;
}
