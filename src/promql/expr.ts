/**
 * Typed PromQL values: instant vectors, range vectors, scalars and strings. Each wraps an immutable
 * syntax-tree node; every method returns a new value. The type parameters carry what the compiler can
 * check: `L` is the union of label names a vector's series carry, `K` the kind of its samples.
 */
import type {
  ArithmeticOp,
  AtModifier,
  BinaryNode,
  BinaryOp,
  ComparisonOp,
  Node,
  SetOp,
  TimeModifiers,
  VectorMatching,
} from "./ast.js";
import { comparisonOps, setOps } from "./ast.js";
import { duration, type Duration, type DurationInput } from "./duration.js";
import { PromQLError } from "./errors.js";
import type { SampleKind } from "./kinds.js";
import { print } from "./printer.js";
import { assertCarries, assertEitherCarries } from "./label-checks.js";
import { assertLabelName } from "./strings.js";
import { assertInstant, assertOperand } from "./value-checks.js";

/** Anything that prints as PromQL. */
export abstract class Expr {
  constructor(readonly node: Node) {}
  /** The canonical PromQL text. */
  toString(): string {
    return print(this.node);
  }
}

export type ScalarInput = Scalar | number;

function operand(x: Expr | number): Node {
  return typeof x === "number" ? { type: "number", value: x } : x.node;
}

function binaryNode(
  op: BinaryOp,
  lhs: Expr | number,
  rhs: Expr | number,
  bool = false,
): BinaryNode {
  return { type: "binary", op, lhs: operand(lhs), rhs: operand(rhs), bool };
}

function assertComparison(op: BinaryOp): void {
  if (!comparisonOps.has(op))
    throw new PromQLError(`bool is only allowed on comparison operators, not "${op}"`);
}

export type AtInput = number | "start()" | "end()";

function atModifier(at: AtInput): AtModifier {
  if (at === "start()") return { kind: "start" };
  if (at === "end()") return { kind: "end" };
  if (!Number.isFinite(at))
    throw new PromQLError(`@ modifier needs a finite unix timestamp, got ${at}`);
  return { kind: "timestamp", seconds: at };
}

function withOffset<N extends TimeModifiers>(
  node: N,
  offset: DurationInput | `-${DurationInput}`,
): N {
  const negative = offset.startsWith("-");
  const d: Duration = duration((negative ? offset.slice(1) : offset) as DurationInput);
  const { offsetNegative: _dropped, ...rest } = node;
  return (negative ? { ...rest, offset: d, offsetNegative: true } : { ...rest, offset: d }) as N;
}

/** A vector of series whose label names are `L` and whose samples are of kind `K`. */
export class InstantVector<
  L extends string = string,
  K extends SampleKind = SampleKind,
> extends Expr {
  declare readonly __value: "instant vector";
  declare readonly __labels: L;
  declare readonly __kind: K;

  add<L2 extends string>(rhs: InstantVector<L2>): VectorBinary<L, L2, L, "gauge", "+">;
  add(rhs: ScalarInput): VectorBinary<L, never, L, "gauge", "+">;
  add(rhs: InstantVector | ScalarInput): unknown {
    return this.arith("+", rhs);
  }
  sub<L2 extends string>(rhs: InstantVector<L2>): VectorBinary<L, L2, L, "gauge", "-">;
  sub(rhs: ScalarInput): VectorBinary<L, never, L, "gauge", "-">;
  sub(rhs: InstantVector | ScalarInput): unknown {
    return this.arith("-", rhs);
  }
  mul<L2 extends string>(rhs: InstantVector<L2>): VectorBinary<L, L2, L, "gauge", "*">;
  mul(rhs: ScalarInput): VectorBinary<L, never, L, "gauge", "*">;
  mul(rhs: InstantVector | ScalarInput): unknown {
    return this.arith("*", rhs);
  }
  div<L2 extends string>(rhs: InstantVector<L2>): VectorBinary<L, L2, L, "gauge", "/">;
  div(rhs: ScalarInput): VectorBinary<L, never, L, "gauge", "/">;
  div(rhs: InstantVector | ScalarInput): unknown {
    return this.arith("/", rhs);
  }
  mod<L2 extends string>(rhs: InstantVector<L2>): VectorBinary<L, L2, L, "gauge", "%">;
  mod(rhs: ScalarInput): VectorBinary<L, never, L, "gauge", "%">;
  mod(rhs: InstantVector | ScalarInput): unknown {
    return this.arith("%", rhs);
  }
  pow<L2 extends string>(rhs: InstantVector<L2>): VectorBinary<L, L2, L, "gauge", "^">;
  pow(rhs: ScalarInput): VectorBinary<L, never, L, "gauge", "^">;
  pow(rhs: InstantVector | ScalarInput): unknown {
    return this.arith("^", rhs);
  }
  atan2<L2 extends string>(rhs: InstantVector<L2>): VectorBinary<L, L2, L, "gauge", "atan2">;
  atan2(rhs: ScalarInput): VectorBinary<L, never, L, "gauge", "atan2">;
  atan2(rhs: InstantVector | ScalarInput): unknown {
    return this.arith("atan2", rhs);
  }

  /** `==`: keeps the series for which the comparison holds (call `.bool()` for 0/1 instead). */
  eq<L2 extends string>(rhs: InstantVector<L2>): VectorBinary<L, L2, L, K, "==">;
  eq(rhs: ScalarInput): VectorBinary<L, never, L, K, "==">;
  eq(rhs: InstantVector | ScalarInput): unknown {
    return this.arith("==", rhs);
  }
  ne<L2 extends string>(rhs: InstantVector<L2>): VectorBinary<L, L2, L, K, "!=">;
  ne(rhs: ScalarInput): VectorBinary<L, never, L, K, "!=">;
  ne(rhs: InstantVector | ScalarInput): unknown {
    return this.arith("!=", rhs);
  }
  gt<L2 extends string>(rhs: InstantVector<L2>): VectorBinary<L, L2, L, K, ">">;
  gt(rhs: ScalarInput): VectorBinary<L, never, L, K, ">">;
  gt(rhs: InstantVector | ScalarInput): unknown {
    return this.arith(">", rhs);
  }
  lt<L2 extends string>(rhs: InstantVector<L2>): VectorBinary<L, L2, L, K, "<">;
  lt(rhs: ScalarInput): VectorBinary<L, never, L, K, "<">;
  lt(rhs: InstantVector | ScalarInput): unknown {
    return this.arith("<", rhs);
  }
  ge<L2 extends string>(rhs: InstantVector<L2>): VectorBinary<L, L2, L, K, ">=">;
  ge(rhs: ScalarInput): VectorBinary<L, never, L, K, ">=">;
  ge(rhs: InstantVector | ScalarInput): unknown {
    return this.arith(">=", rhs);
  }
  le<L2 extends string>(rhs: InstantVector<L2>): VectorBinary<L, L2, L, K, "<=">;
  le(rhs: ScalarInput): VectorBinary<L, never, L, K, "<=">;
  le(rhs: InstantVector | ScalarInput): unknown {
    return this.arith("<=", rhs);
  }

  /** `and`: the series of this vector that have a match on the right. */
  and<L2 extends string>(rhs: InstantVector<L2>): VectorBinary<L, L2, L, K, "and"> {
    return this.setOp("and", rhs);
  }
  /** `unless`: the series of this vector that have no match on the right. */
  unless<L2 extends string>(rhs: InstantVector<L2>): VectorBinary<L, L2, L, K, "unless"> {
    return this.setOp("unless", rhs);
  }
  /** `or`: series from either side; only labels both sides carry are sure to be present. */
  or<L2 extends string, K2 extends SampleKind>(
    rhs: InstantVector<L2, K2>,
  ): VectorBinary<L, L2, Extract<L, L2>, K | K2, "or"> {
    return this.setOp("or", rhs) as never;
  }

  /** A subquery `expr[range:step]`, evaluating this expression at each step over the range. */
  subquery(range: DurationInput, step?: DurationInput): RangeVector<L, K> {
    const base = { type: "subquery" as const, expr: this.node, range: duration(range) };
    return new RangeVector(step === undefined ? base : { ...base, step: duration(step) });
  }

  private arith(op: ArithmeticOp | ComparisonOp, rhs: InstantVector | ScalarInput): unknown {
    assertOperand(rhs, `"${op}"`);
    return new VectorBinary(binaryNode(op, this, rhs), rhs instanceof InstantVector);
  }
  private setOp<L2 extends string>(op: SetOp, rhs: InstantVector<L2>): never {
    assertInstant(rhs, `"${op}" (a set operator)`);
    return new VectorBinary(binaryNode(op, this, rhs), true) as never;
  }
}

/**
 * The result of a binary operation with a vector on the left. Vector matching modifiers narrow its
 * labels the way Prometheus does: `on(...)` keeps only the listed labels, `ignoring(...)` drops them,
 * `groupLeft(...)`/`groupRight(...)` keep the "many" side's labels plus those copied from the "one" side.
 */
export class VectorBinary<
  La extends string,
  Lb extends string,
  L extends string,
  K extends SampleKind,
  Op extends BinaryOp,
> extends InstantVector<L, K> {
  declare readonly node: BinaryNode;
  declare readonly __op: Op;

  constructor(
    node: BinaryNode,
    private readonly vectorOnBothSides: boolean,
  ) {
    super(node);
  }

  /** Comparison returning 0 or 1 for every matched pair instead of filtering. */
  bool(this: VectorBinary<La, Lb, L, K, ComparisonOp>): VectorBinary<La, Lb, L, "gauge", Op> {
    assertComparison(this.node.op);
    return new VectorBinary({ ...this.node, bool: true }, this.vectorOnBothSides);
  }

  /** Match series only on these labels (which both sides carry). */
  on<const M extends La & Lb>(
    ...labels: M[]
  ): MatchedBinary<La, Lb, Op extends SetOp ? L : M, K, Op> {
    return new MatchedBinary(this.withMatching("on", labels), true);
  }

  /** Match series on all labels except these. */
  ignoring<const M extends La | Lb>(
    ...labels: M[]
  ): MatchedBinary<La, Lb, Op extends SetOp ? L : Exclude<L, M>, K, Op> {
    return new MatchedBinary(this.withMatching("ignoring", labels), true);
  }

  protected withMatching(mode: VectorMatching["mode"], labels: readonly string[]): BinaryNode {
    if (!this.vectorOnBothSides) {
      throw new PromQLError(
        `${mode}(...) needs an instant vector on both sides of "${this.node.op}"`,
      );
    }
    for (const label of labels) assertLabelName(label, `${mode}(...)`);
    const { lhs, rhs, op } = this.node;
    if (mode === "on") {
      assertCarries(lhs, labels, `"${op}" on(...), left side`);
      assertCarries(rhs, labels, `"${op}" on(...), right side`);
    } else {
      assertEitherCarries(lhs, rhs, labels, `"${op}" ignoring(...)`);
    }
    return { ...this.node, matching: { mode, labels: [...labels] } };
  }
}

type GroupingOp = ArithmeticOp | ComparisonOp;

/** A binary operation with `on(...)` or `ignoring(...)`; may still gain `group_left`/`group_right`. */
export class MatchedBinary<
  La extends string,
  Lb extends string,
  L extends string,
  K extends SampleKind,
  Op extends BinaryOp,
> extends InstantVector<L, K> {
  declare readonly node: BinaryNode;
  declare readonly __op: Op;

  constructor(node: BinaryNode, _matched: true) {
    super(node);
  }

  bool(this: MatchedBinary<La, Lb, L, K, ComparisonOp>): MatchedBinary<La, Lb, L, "gauge", Op> {
    assertComparison(this.node.op);
    return new MatchedBinary({ ...this.node, bool: true }, true);
  }

  /** Many-to-one: each left series may match one right series; `include` labels are copied from it. */
  groupLeft<const I extends Lb>(
    this: MatchedBinary<La, Lb, L, K, GroupingOp>,
    ...include: I[]
  ): MatchedGroup<La | I, K> {
    return new MatchedGroup(this.grouped("left", include));
  }

  /** One-to-many: each right series may match one left series; `include` labels are copied from it. */
  groupRight<const I extends La>(
    this: MatchedBinary<La, Lb, L, K, GroupingOp>,
    ...include: I[]
  ): MatchedGroup<Lb | I, K> {
    return new MatchedGroup(this.grouped("right", include));
  }

  private grouped(side: "left" | "right", include: readonly string[]): BinaryNode {
    const { matching, op } = this.node;
    if (setOps.has(op))
      throw new PromQLError(`group_${side}(...) is not allowed with the set operator "${op}"`);
    if (!matching) throw new PromQLError(`group_${side}(...) needs on(...) or ignoring(...) first`);
    for (const label of include) assertLabelName(label, `group_${side}(...)`);
    // The included labels are copied from the "one" side.
    assertCarries(side === "left" ? this.node.rhs : this.node.lhs, include, `group_${side}(...)`);
    return { ...this.node, matching: { ...matching, group: { side, include: [...include] } } };
  }
}

/** A many-to-one or one-to-many operation: finished except for `bool` on comparisons. */
export class MatchedGroup<L extends string, K extends SampleKind> extends InstantVector<L, K> {
  declare readonly node: BinaryNode;
  bool(): MatchedGroup<L, "gauge"> {
    assertComparison(this.node.op);
    return new MatchedGroup({ ...this.node, bool: true });
  }
}

/** A range vector: a matrix selector (`x[5m]`) or a subquery (`expr[1h:1m]`). */
export class RangeVector<
  L extends string = string,
  K extends SampleKind = SampleKind,
> extends Expr {
  declare readonly __value: "range vector";
  declare readonly __labels: L;
  declare readonly __kind: K;

  offset(offset: DurationInput | `-${DurationInput}`): RangeVector<L, K> {
    return new RangeVector(withOffset(this.timeModifiable(), offset));
  }
  at(at: AtInput): RangeVector<L, K> {
    return new RangeVector({ ...this.timeModifiable(), at: atModifier(at) });
  }
  private timeModifiable() {
    const node = this.node;
    if (node.type !== "matrixSelector" && node.type !== "subquery") {
      throw new PromQLError("offset and @ apply to selectors and subqueries only");
    }
    return node;
  }
}

/** A single number without labels. */
export class Scalar extends Expr {
  declare readonly __value: "scalar";

  add<L extends string>(rhs: InstantVector<L>): InstantVector<L, "gauge">;
  add(rhs: ScalarInput): Scalar;
  add(rhs: InstantVector | ScalarInput): Expr {
    return this.arith("+", rhs);
  }
  sub<L extends string>(rhs: InstantVector<L>): InstantVector<L, "gauge">;
  sub(rhs: ScalarInput): Scalar;
  sub(rhs: InstantVector | ScalarInput): Expr {
    return this.arith("-", rhs);
  }
  mul<L extends string>(rhs: InstantVector<L>): InstantVector<L, "gauge">;
  mul(rhs: ScalarInput): Scalar;
  mul(rhs: InstantVector | ScalarInput): Expr {
    return this.arith("*", rhs);
  }
  div<L extends string>(rhs: InstantVector<L>): InstantVector<L, "gauge">;
  div(rhs: ScalarInput): Scalar;
  div(rhs: InstantVector | ScalarInput): Expr {
    return this.arith("/", rhs);
  }
  mod<L extends string>(rhs: InstantVector<L>): InstantVector<L, "gauge">;
  mod(rhs: ScalarInput): Scalar;
  mod(rhs: InstantVector | ScalarInput): Expr {
    return this.arith("%", rhs);
  }
  pow<L extends string>(rhs: InstantVector<L>): InstantVector<L, "gauge">;
  pow(rhs: ScalarInput): Scalar;
  pow(rhs: InstantVector | ScalarInput): Expr {
    return this.arith("^", rhs);
  }

  /** Scalar comparisons always use `bool` (Prometheus requires it between scalars). */
  eq(rhs: ScalarInput): Scalar {
    return new Scalar(binaryNode("==", this, rhs, true));
  }
  ne(rhs: ScalarInput): Scalar {
    return new Scalar(binaryNode("!=", this, rhs, true));
  }
  gt(rhs: ScalarInput): Scalar {
    return new Scalar(binaryNode(">", this, rhs, true));
  }
  lt(rhs: ScalarInput): Scalar {
    return new Scalar(binaryNode("<", this, rhs, true));
  }
  ge(rhs: ScalarInput): Scalar {
    return new Scalar(binaryNode(">=", this, rhs, true));
  }
  le(rhs: ScalarInput): Scalar {
    return new Scalar(binaryNode("<=", this, rhs, true));
  }

  private arith(op: ArithmeticOp, rhs: InstantVector | ScalarInput): Expr {
    assertOperand(rhs, `"${op}"`);
    const node = binaryNode(op, this, rhs);
    return rhs instanceof InstantVector ? new InstantVector(node) : new Scalar(node);
  }
}

/** A string value (only used as a function argument in PromQL). */
export class StringValue extends Expr {
  declare readonly __value: "string";
}

/** A number literal. Negative numbers print as `-1`, as Prometheus folds them. */
export function num(value: number): Scalar {
  return new Scalar({ type: "number", value });
}

/** A string literal. */
export function str(value: string): StringValue {
  return new StringValue({ type: "string", value });
}

/** Unary minus. */
export function neg<L extends string>(v: InstantVector<L>): InstantVector<L, "gauge">;
export function neg(v: Scalar): Scalar;
export function neg(v: InstantVector | Scalar): Expr {
  assertOperand(v, "unary minus");
  const node: Node =
    v.node.type === "number"
      ? { type: "number", value: -v.node.value }
      : { type: "unary", op: "-", expr: v.node };
  return v instanceof Scalar ? new Scalar(node) : new InstantVector(node);
}

export { atModifier, withOffset };

// The brands the types use are also set at run time, where value-checks.ts reads them.
for (const [cls, value] of [
  [InstantVector, "instant vector"],
  [RangeVector, "range vector"],
  [Scalar, "scalar"],
  [StringValue, "string"],
] as const) {
  Object.defineProperty(cls.prototype, "__value", { value, enumerable: false });
}
