/**
 * The PromQL syntax tree: plain, deeply readonly data. Node kinds follow Prometheus' own parser
 * (VectorSelector, MatrixSelector, SubqueryExpr, Call, AggregateExpr, BinaryExpr, ...).
 * Builders produce it, the printer prints it, the parse module reads lezer trees back into it.
 */
import type { Duration } from "./duration.js";
import type { SampleKind } from "./kinds.js";

export type MatchOp = "=" | "!=" | "=~" | "!~";

export interface LabelMatcher {
  readonly label: string;
  readonly op: MatchOp;
  readonly value: string;
}

/** `@ <timestamp>`, `@ start()` or `@ end()`. */
export type AtModifier =
  | { readonly kind: "timestamp"; readonly seconds: number }
  | { readonly kind: "start" }
  | { readonly kind: "end" };

export interface TimeModifiers {
  readonly offset?: Duration;
  /** A negative offset (`offset -5m`) looks into the future; kept as a flag so durations stay positive. */
  readonly offsetNegative?: boolean;
  readonly at?: AtModifier;
}

export interface VectorSelectorNode extends TimeModifiers {
  readonly type: "vectorSelector";
  readonly name: string;
  readonly matchers: readonly LabelMatcher[];
  /** The label names the metric declares (not printed; lets rules check `$labels` at run time). */
  readonly knownLabels?: readonly string[];
  /** The metric's sample kind (not printed; lets functions refuse a wrong kind at run time). */
  readonly knownKind?: SampleKind;
}

export interface MatrixSelectorNode extends TimeModifiers {
  readonly type: "matrixSelector";
  readonly name: string;
  readonly matchers: readonly LabelMatcher[];
  readonly range: Duration;
  readonly knownLabels?: readonly string[];
  readonly knownKind?: SampleKind;
}

export interface SubqueryNode extends TimeModifiers {
  readonly type: "subquery";
  readonly expr: Node;
  readonly range: Duration;
  readonly step?: Duration;
}

export interface NumberNode {
  readonly type: "number";
  readonly value: number;
}

export interface StringNode {
  readonly type: "string";
  readonly value: string;
}

export interface CallNode {
  readonly type: "call";
  readonly fn: string;
  readonly args: readonly Node[];
}

export type AggregateOp =
  | "sum"
  | "avg"
  | "min"
  | "max"
  | "count"
  | "group"
  | "stddev"
  | "stdvar"
  | "topk"
  | "bottomk"
  | "quantile"
  | "count_values";

export interface Grouping {
  readonly mode: "by" | "without";
  readonly labels: readonly string[];
}

export interface AggregateNode {
  readonly type: "aggregate";
  readonly op: AggregateOp;
  readonly expr: Node;
  readonly param?: Node;
  readonly grouping?: Grouping;
}

export type ArithmeticOp = "+" | "-" | "*" | "/" | "%" | "^" | "atan2";
export type ComparisonOp = "==" | "!=" | ">" | "<" | ">=" | "<=";
export type SetOp = "and" | "or" | "unless";
export type BinaryOp = ArithmeticOp | ComparisonOp | SetOp;

export interface VectorMatching {
  readonly mode: "on" | "ignoring";
  readonly labels: readonly string[];
  readonly group?: { readonly side: "left" | "right"; readonly include: readonly string[] };
}

export interface BinaryNode {
  readonly type: "binary";
  readonly op: BinaryOp;
  readonly lhs: Node;
  readonly rhs: Node;
  readonly bool: boolean;
  readonly matching?: VectorMatching;
}

export interface UnaryNode {
  readonly type: "unary";
  readonly op: "-" | "+";
  readonly expr: Node;
}

/** Hand-written PromQL (checked with lezer-promql when built), printed verbatim. */
export interface RawNode {
  readonly type: "raw";
  readonly text: string;
  /** How tightly the text binds (an operator's precedence, or that of an atom), read when it was parsed. */
  readonly precedence: number;
  readonly knownLabels?: readonly string[];
  readonly knownKind?: SampleKind;
}

export type Node =
  | VectorSelectorNode
  | MatrixSelectorNode
  | SubqueryNode
  | NumberNode
  | StringNode
  | CallNode
  | AggregateNode
  | BinaryNode
  | UnaryNode
  | RawNode;

export const comparisonOps: ReadonlySet<BinaryOp> = new Set(["==", "!=", ">", "<", ">=", "<="]);
export const setOps: ReadonlySet<BinaryOp> = new Set(["and", "or", "unless"]);
