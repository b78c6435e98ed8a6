/**
 * The sample kinds an expression's result may have, computed from the syntax tree with the same
 * rules as the types: a counter stays a counter through comparisons, set operators, `sort`,
 * `last_over_time`, `topk` and the label functions; anything computed is a gauge. Functions use it
 * to refuse a wrong kind in a plain-JavaScript config as tsc does in a typed one. `undefined` means
 * "not known" (raw PromQL without a declared kind).
 */
import type { Node } from "./ast.js";
import { comparisonOps } from "./ast.js";
import type { SampleKind } from "./kinds.js";
import { isScalar } from "./labels.js";

export type KindSet = ReadonlySet<SampleKind>;

const gauge: KindSet = new Set(["gauge"]);

/** Functions whose result has the sample kind of their first argument. */
const kindPreserving = new Set([
  "last_over_time",
  "sort",
  "sort_desc",
  "label_replace",
  "label_join",
]);

export function inferKinds(node: Node): KindSet | undefined {
  switch (node.type) {
    case "vectorSelector":
    case "matrixSelector":
    case "raw":
      return node.knownKind ? new Set([node.knownKind]) : undefined;
    case "subquery":
      return inferKinds(node.expr);
    case "number":
    case "string":
      return undefined;
    case "unary":
      return gauge;
    case "call": {
      const [first] = node.args;
      return kindPreserving.has(node.fn) && first ? inferKinds(first) : gauge;
    }
    case "aggregate":
      return node.op === "topk" || node.op === "bottomk" ? inferKinds(node.expr) : gauge;
    case "binary": {
      if (isScalar(node.lhs) || node.bool) return gauge;
      if (node.op === "or") {
        const [lhs, rhs] = [inferKinds(node.lhs), inferKinds(node.rhs)];
        return lhs && rhs && new Set([...lhs, ...rhs]);
      }
      if (node.op === "and" || node.op === "unless" || comparisonOps.has(node.op)) {
        return inferKinds(node.lhs);
      }
      return gauge;
    }
  }
}
