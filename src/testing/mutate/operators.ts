/**
 * Mutation operators: each turns one node of a rule's syntax tree into a slightly wrong one, the
 * kind of slip a reviewer misses (a `min` for a `max`, a threshold off by ten, a dropped matcher).
 * A mutant carries the operator's id, which names the change ("threshold ×10", "min→max"); a
 * rule silences an equivalent mutant by that id.
 */
import type { BinaryOp, ComparisonOp, LabelMatcher, MatchOp, Node } from "../../promql/ast.js";
import type { Duration } from "../../promql/duration.js";
import { print } from "../../promql/printer.js";

export interface NodeMutant {
  /** What changed, e.g. `aggregation min→max`, `threshold ×10`, `matcher -job`. */
  readonly operator: string;
  /** The subexpression it changed, as printed before the change. */
  readonly site: string;
  readonly node: Node;
}

/** The operator families, for docs and for checking silences. */
export const mutationOperators = [
  "aggregation",
  "threshold",
  "comparison",
  "bool",
  "set-operand",
  "grouping",
  "matching",
  "matcher",
  "range",
  "offset",
  "absent",
  "unwrap",
  "for",
] as const;
export type MutationOperator = (typeof mutationOperators)[number];

const swappableAggregations = ["min", "max", "avg", "sum"] as const;
const comparisonFlips: Readonly<Record<ComparisonOp, readonly ComparisonOp[]>> = {
  ">": [">=", "<"],
  ">=": [">", "<"],
  "<": ["<=", ">"],
  "<=": ["<", ">"],
  "==": ["!="],
  "!=": ["=="],
};
const negated: Readonly<Record<MatchOp, MatchOp>> = {
  "=": "!=",
  "!=": "=",
  "=~": "!~",
  "!~": "=~",
};
const thresholdFactors = [0.1, 0.5, 2, 10];
const unwrappable = new Set(["label_replace", "label_join", "clamp", "clamp_min", "clamp_max"]);
const isComparison = (op: BinaryOp): op is ComparisonOp => op in comparisonFlips;

const scaled = (d: Duration, factor: number): Duration | undefined =>
  d.kind === "literal"
    ? { kind: "literal", ms: Math.max(1000, Math.round(d.ms * factor)) }
    : undefined;
const factorName = (f: number) => (f === 1 / 3 ? "×⅓" : `×${f}`);

function matcherMutants(matchers: readonly LabelMatcher[]): [string, LabelMatcher[]][] {
  const out: [string, LabelMatcher[]][] = [];
  matchers.forEach((m, i) => {
    const rest = matchers.filter((_, j) => j !== i);
    out.push([`matcher -${m.label}`, rest]);
    const op = negated[m.op];
    out.push([
      `matcher ${m.label}${m.op}→${op}`,
      matchers.map((x, j) => (j === i ? { ...x, op } : x)),
    ]);
  });
  return out;
}

/** The mutants that change `node` itself, not its children. */
function localMutants(node: Node): NodeMutant[] {
  const out: NodeMutant[] = [];
  const site = print(node);
  const add = (operator: string, changed: Node) => out.push({ operator, site, node: changed });
  switch (node.type) {
    case "aggregate": {
      const op = node.op;
      if ((swappableAggregations as readonly string[]).includes(op))
        for (const other of swappableAggregations)
          if (other !== op) add(`aggregation ${op}→${other}`, { ...node, op: other });
      if (node.grouping?.mode === "by")
        for (const label of node.grouping.labels)
          add(`grouping by -${label}`, {
            ...node,
            grouping: { mode: "by", labels: node.grouping.labels.filter((l) => l !== label) },
          });
      break;
    }
    case "binary": {
      if (isComparison(node.op)) {
        for (const side of ["rhs", "lhs"] as const) {
          const n = node[side];
          if (n.type !== "number") continue;
          const values =
            n.value === 0
              ? [1, -1].map((v) => [`threshold 0→${v}`, v] as const)
              : thresholdFactors.map(
                  (f) =>
                    [`threshold ${factorName(f)}`, Number((n.value * f).toPrecision(12))] as const,
                );
          for (const [name, value] of values)
            add(name, { ...node, [side]: { type: "number", value } });
        }
        for (const op of comparisonFlips[node.op])
          add(`comparison ${node.op}→${op}`, { ...node, op });
        if (node.bool) add("bool dropped", { ...node, bool: false });
      }
      if (node.op === "and" || node.op === "unless") add(`set-operand ${node.op} -rhs`, node.lhs);
      if (node.op === "or") {
        add("set-operand or -rhs", node.lhs);
        add("set-operand or -lhs", node.rhs);
      }
      const matching = node.matching;
      if (matching?.mode === "on")
        for (const label of matching.labels)
          add(`matching on -${label}`, {
            ...node,
            matching: { ...matching, labels: matching.labels.filter((l) => l !== label) },
          });
      break;
    }
    case "vectorSelector":
    case "matrixSelector":
      for (const [name, matchers] of matcherMutants(node.matchers))
        add(name, { ...node, matchers });
      break;
    case "call": {
      const arg = node.args[0];
      if (node.fn === "absent" && arg?.type === "binary" && isComparison(arg.op) && !arg.bool)
        add("absent -comparison", {
          ...node,
          args: [arg.rhs.type === "number" ? arg.lhs : arg.rhs],
        });
      if (unwrappable.has(node.fn) && arg) add(`unwrap ${node.fn}`, arg);
      break;
    }
    default:
      break;
  }
  if (node.type === "matrixSelector" || node.type === "subquery")
    for (const f of [1 / 3, 3]) {
      const range = scaled(node.range, f);
      if (range) add(`range ${factorName(f)}`, { ...node, range });
    }
  if (
    (node.type === "matrixSelector" ||
      node.type === "vectorSelector" ||
      node.type === "subquery") &&
    node.offset
  )
    for (const f of [1 / 3, 3]) {
      const offset = scaled(node.offset, f);
      if (offset) add(`offset ${factorName(f)}`, { ...node, offset });
    }
  return out;
}

const replaced = <T>(list: readonly T[], i: number, value: T) =>
  list.map((x, j) => (j === i ? value : x));

/** Every single-change mutant of `node`, in tree order (outermost first). */
export function mutantsOf(node: Node): NodeMutant[] {
  const inner = (child: Node, rebuild: (n: Node) => Node): NodeMutant[] =>
    mutantsOf(child).map((m) => ({ ...m, node: rebuild(m.node) }));
  const out = localMutants(node);
  switch (node.type) {
    case "call":
      node.args.forEach((a, i) =>
        out.push(...inner(a, (n) => ({ ...node, args: replaced(node.args, i, n) }))),
      );
      break;
    case "aggregate":
      if (node.param) out.push(...inner(node.param, (n) => ({ ...node, param: n })));
      out.push(...inner(node.expr, (n) => ({ ...node, expr: n })));
      break;
    case "binary":
      out.push(...inner(node.lhs, (n) => ({ ...node, lhs: n })));
      out.push(...inner(node.rhs, (n) => ({ ...node, rhs: n })));
      break;
    case "unary":
    case "subquery":
      out.push(...inner(node.expr, (n) => ({ ...node, expr: n })));
      break;
    default:
      break;
  }
  return out;
}

/** The family of an operator id: `threshold ×10` → `threshold`. */
export function operatorFamily(operator: string): MutationOperator | undefined {
  const family = operator.split(" ")[0];
  return (mutationOperators as readonly string[]).includes(family ?? "")
    ? (family as MutationOperator)
    : undefined;
}
