/**
 * The one generic walk of the expression tree: a node's direct children, and a node rebuilt with
 * each child replaced. Raw PromQL is read into a tree first, so a walk never skips what it holds.
 */
import type { Node } from "./ast.js";
import { parsePromQL } from "./parse.js";

/** The direct children of `node` (raw text read into its tree). */
export function childNodes(node: Node): Node[] {
  switch (node.type) {
    case "raw":
      return [parsePromQL(node.text)];
    case "subquery":
    case "unary":
      return [node.expr];
    case "call":
      return [...node.args];
    case "aggregate":
      return node.param ? [node.expr, node.param] : [node.expr];
    case "binary":
      return [node.lhs, node.rhs];
    default:
      return [];
  }
}

/** `node` with every direct child replaced by `f(child)` (raw text read into its tree first). */
export function mapChildren(node: Node, f: (child: Node) => Node): Node {
  switch (node.type) {
    case "raw":
      return f(parsePromQL(node.text));
    case "subquery":
    case "unary":
      return { ...node, expr: f(node.expr) };
    case "call":
      return { ...node, args: node.args.map(f) };
    case "aggregate":
      return { ...node, expr: f(node.expr), ...(node.param ? { param: f(node.param) } : {}) };
    case "binary":
      return { ...node, lhs: f(node.lhs), rhs: f(node.rhs) };
    default:
      return node;
  }
}
