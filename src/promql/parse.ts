/**
 * Reads PromQL text with @prometheus-io/lezer-promql: a syntax check with positioned errors, and a
 * conversion of the lezer tree into our syntax tree (used to verify the printer and to classify raw text).
 */
import type { SyntaxNode } from "@lezer/common";
import { parser } from "@prometheus-io/lezer-promql";
import type {
  AggregateOp,
  BinaryOp,
  LabelMatcher,
  MatchOp,
  Node,
  TimeModifiers,
  VectorMatching,
} from "./ast.js";
import { parseDurationMs, type Duration } from "./duration.js";
import { PromQLError } from "./errors.js";
import { substituteGrafanaVariables } from "./grafana.js";
import { atomPrecedence, binaryPrecedence, nodePrecedence } from "./printer.js";
import { unquote } from "./strings.js";

/** A syntax error with its position (0-based offset, 1-based line and column). */
export interface SyntaxProblem {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

function parseTree(text: string) {
  return parser.parse(substituteGrafanaVariables(text));
}

/** The first syntax problem in `text`, or undefined when lezer-promql reads it without error. */
export function findSyntaxProblem(text: string): SyntaxProblem | undefined {
  if (text.trim() === "") return { offset: 0, line: 1, column: 1, message: "empty expression" };
  let offset: number | undefined;
  parseTree(text).iterate({
    enter(node) {
      if (offset === undefined && node.type.isError) offset = node.from;
      return offset === undefined;
    },
  });
  if (offset === undefined) return undefined;
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - (before.lastIndexOf("\n") + 1) + 1;
  const found =
    offset < text.length
      ? `unexpected ${JSON.stringify(text.slice(offset, offset + 12))}`
      : "unexpected end of expression";
  return { offset, line, column, message: found };
}

/** Throws a PromQLError naming `where`, the position and the expression when `text` does not parse. */
export function checkSyntax(text: string, where: string): void {
  const problem = findSyntaxProblem(text);
  if (!problem) return;
  const lines = text.split("\n");
  const shown = lines[problem.line - 1] ?? "";
  throw new PromQLError(
    `${where}: PromQL syntax error at line ${problem.line}, column ${problem.column}: ${problem.message}\n` +
      `  ${shown}\n  ${" ".repeat(problem.column - 1)}^`,
  );
}

/** How tightly a (valid) expression binds, so that the printer knows when to bracket it. */
export function precedenceOf(text: string): number {
  const top = parseTree(text).topNode.firstChild;
  if (!top) return atomPrecedence;
  // Only the shape matters here: operands become a stand-in atom and are never converted.
  const atom: Node = { type: "vectorSelector", name: "x", matchers: [] };
  return nodePrecedence(
    buildChain(flatten(top, text), text, {
      operand: () => atom,
      postfix: (node) => node,
    }),
  );
}

const binaryOps: Readonly<Record<string, BinaryOp>> = {
  Pow: "^",
  Mul: "*",
  Div: "/",
  Mod: "%",
  Atan2: "atan2",
  Add: "+",
  Sub: "-",
  Eql: "==",
  Neq: "!=",
  Gtr: ">",
  Lss: "<",
  Gte: ">=",
  Lte: "<=",
  And: "and",
  Unless: "unless",
  Or: "or",
};

const matchOps: Readonly<Record<string, MatchOp>> = {
  EqlSingle: "=",
  Neq: "!=",
  EqlRegex: "=~",
  NeqRegex: "!~",
};

function operatorOf(node: SyntaxNode): BinaryOp {
  for (let c = node.firstChild; c; c = c.nextSibling) {
    const op = binaryOps[c.name];
    if (op && c !== node.firstChild) return op;
  }
  throw new PromQLError(`binary expression without operator`);
}

/** Converts valid PromQL text into our syntax tree (parentheses disappear; the printer restores them). */
export function parsePromQL(text: string): Node {
  const problem = findSyntaxProblem(text);
  if (problem)
    throw new PromQLError(
      `cannot parse ${JSON.stringify(text)}: ${problem.message} at ${problem.offset}`,
    );
  // Grafana variables were replaced by same-length placeholders, so positions in `text` still hold.
  const top = parseTree(text).topNode.firstChild;
  if (!top) throw new PromQLError(`empty expression`);
  return convert(top, text);
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

function textOf(node: SyntaxNode, text: string): string {
  return text.slice(node.from, node.to);
}

function parseNumber(raw: string): number {
  const t = raw.replace(/_/g, "").trim();
  if (/^[-+]?\$/.test(t))
    throw new PromQLError(
      `Grafana variable ${t} stands where a number is expected; use raw() for it`,
    );
  if (/^[-+]?\{/.test(t))
    throw new PromQLError(`a template action stands where a number is expected; use raw() for it`);
  const sign = t.startsWith("-") ? -1 : 1;
  const body = t.replace(/^[-+]/, "").toLowerCase();
  if (body === "inf") return sign * Infinity;
  if (body === "nan") return NaN;
  if (/^[0-9]+(ms|s|m|h|d|w|y)/.test(body)) return (sign * parseDurationMs(body)) / 1000;
  return sign * Number(body);
}

function durationOf(node: SyntaxNode, text: string): Duration {
  const t = textOf(node, text).trim();
  // A placeholder covers only the start of the variable it replaced: read the variable itself.
  const variable =
    /^(?:\$__[A-Za-z_]+|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\[\[[A-Za-z_][A-Za-z0-9_]*\]\]|\{\{[^{}]*\}\})/.exec(
      text.slice(node.from),
    );
  if (variable) return { kind: "variable", text: variable[0] };
  return /^[0-9.]+$/.test(t)
    ? { kind: "literal", ms: Number(t) * 1000 }
    : { kind: "literal", ms: parseDurationMs(t) };
}

function labelList(node: SyntaxNode | null, text: string): string[] {
  if (!node) return [];
  return children(node).map((c) =>
    c.name === "QuotedLabelName" ? unquote(textOf(c, text)) : textOf(c, text),
  );
}

function withTime(node: Node, mods: TimeModifiers): Node {
  if (
    node.type !== "vectorSelector" &&
    node.type !== "matrixSelector" &&
    node.type !== "subquery"
  ) {
    throw new PromQLError(`offset or @ applied to a ${node.type}`);
  }
  return { ...node, ...mods } as Node;
}

/**
 * Operators, signs and postfix modifiers as lezer-promql nests them are not always as Prometheus
 * binds them: lezer attaches `offset`, `@`, `[range]` and `[range:step]` to a whole `a - b` and reads
 * `-1 ^ 2` as `(-1) ^ 2`. Prometheus binds the modifiers to the operand just before them and a sign
 * looser than `^`. So an unbracketed chain is flattened into tokens and rebuilt with Prometheus' rules.
 */
type Token =
  | { readonly kind: "operand"; readonly node: SyntaxNode }
  | { readonly kind: "number"; readonly text: string }
  | { readonly kind: "sign"; readonly op: "-" | "+" }
  | { readonly kind: "binary"; readonly node: SyntaxNode }
  | { readonly kind: "postfix"; readonly node: SyntaxNode };

const postfixNodes = new Set(["OffsetExpr", "StepInvariantExpr", "SubqueryExpr", "MatrixSelector"]);

function flatten(node: SyntaxNode, text: string): Token[] {
  const kids = children(node);
  if (node.name === "BinaryExpr") {
    const [lhs, rhs] = kids.filter((k) => k.type.is("Expr"));
    return [...flatten(need(lhs), text), { kind: "binary", node }, ...flatten(need(rhs), text)];
  }
  if (node.name === "UnaryExpr") {
    const op = textOf(need(node.getChild("UnaryOp")), text).trim() as "-" | "+";
    return [{ kind: "sign", op }, ...flatten(need(kids[kids.length - 1]), text)];
  }
  if (postfixNodes.has(node.name)) {
    return [...flatten(need(kids[0]), text), { kind: "postfix", node }];
  }
  if (node.name === "NumberDurationLiteral") {
    const literal = textOf(node, text).trim();
    const sign = literal[0];
    if (sign === "-" || sign === "+") {
      return [
        { kind: "sign", op: sign },
        { kind: "number", text: literal.slice(1) },
      ];
    }
    return [{ kind: "number", text: literal }];
  }
  return [{ kind: "operand", node }];
}

interface ChainLeaves {
  operand(token: Extract<Token, { kind: "operand" | "number" }>): Node;
  postfix(node: Node, modifier: SyntaxNode): Node;
}

/** Precedence climbing over the tokens: `^` is right-associative, a sign binds looser than `^`. */
function buildChain(tokens: readonly Token[], text: string, leaves: ChainLeaves): Node {
  let at = 0;
  const peek = (): Token | undefined => tokens[at];

  const primary = (): Node => {
    const token = need(tokens[at++]);
    if (token.kind === "sign") {
      const expr = climb(binaryPrecedence["^"]);
      // Prometheus folds a sign into the number it precedes: `-1` is one literal.
      if (expr.type === "number")
        return { type: "number", value: token.op === "-" ? -expr.value : expr.value };
      return { type: "unary", op: token.op, expr };
    }
    if (token.kind !== "operand" && token.kind !== "number")
      throw new PromQLError(`malformed PromQL syntax tree near ${token.kind}`);
    let node = leaves.operand(token);
    for (let next = peek(); next?.kind === "postfix"; next = peek()) {
      node = leaves.postfix(node, next.node);
      at++;
    }
    return node;
  };

  const climb = (minPrecedence: number): Node => {
    let lhs = primary();
    for (let next = peek(); next?.kind === "binary"; next = peek()) {
      const op = operatorOf(next.node);
      const p = binaryPrecedence[op];
      if (p < minPrecedence) break;
      at++;
      const rhs = climb(op === "^" ? p : p + 1);
      lhs = binaryNode(next.node, op, lhs, rhs, text);
    }
    return lhs;
  };

  const node = climb(0);
  if (at !== tokens.length) throw new PromQLError("malformed PromQL syntax tree");
  return node;
}

function binaryNode(node: SyntaxNode, op: BinaryOp, lhs: Node, rhs: Node, text: string): Node {
  const clause = node.getChild("MatchingModifierClause");
  let matching: VectorMatching | undefined;
  if (clause) {
    const [onLabels, includeLabels] = clause.getChildren("GroupingLabels");
    const side = clause.getChild("GroupLeft")
      ? "left"
      : clause.getChild("GroupRight")
        ? "right"
        : undefined;
    matching = {
      mode: clause.getChild("On") ? "on" : "ignoring",
      labels: labelList(onLabels ?? null, text),
      ...(side ? { group: { side, include: labelList(includeLabels ?? null, text) } } : {}),
    };
  }
  const base = {
    type: "binary" as const,
    op,
    lhs,
    rhs,
    bool: node.getChild("BoolModifier") !== null,
  };
  return matching ? { ...base, matching } : base;
}

function applyPostfix(inner: Node, node: SyntaxNode, text: string): Node {
  switch (node.name) {
    case "MatrixSelector": {
      if (inner.type !== "vectorSelector" || "offset" in inner || "at" in inner)
        throw new PromQLError(`range applied to a ${inner.type}`);
      return {
        ...inner,
        type: "matrixSelector",
        range: durationOf(need(node.getChild("DurationExpr")), text),
      };
    }
    case "SubqueryExpr": {
      const [range, step] = node.getChildren("DurationExpr");
      const base = { type: "subquery" as const, expr: inner, range: durationOf(need(range), text) };
      return step ? { ...base, step: durationOf(step, text) } : base;
    }
    case "OffsetExpr": {
      const d = need(node.getChild("OffsetDurationExpr"));
      const negative = textOf(d, text).trim().startsWith("-");
      const value = need(
        d.getChild("NumberDurationLiteralInDurationContext") ?? d.getChild("OffsetDurationExpr"),
      );
      const offset = durationOf(value, text);
      return withTime(inner, negative ? { offset, offsetNegative: true } : { offset });
    }
    default: {
      const pre = node.getChild("AtModifierPreprocessors");
      if (pre) return withTime(inner, { at: { kind: pre.getChild("AtStart") ? "start" : "end" } });
      const ts = need(node.getChild("NumberDurationLiteral"));
      return withTime(inner, { at: { kind: "timestamp", seconds: parseNumber(textOf(ts, text)) } });
    }
  }
}

function convert(node: SyntaxNode, text: string): Node {
  return buildChain(flatten(node, text), text, {
    operand: (token) =>
      token.kind === "number"
        ? { type: "number", value: parseNumber(token.text) }
        : convertOperand(token.node, text),
    postfix: (inner, modifier) => applyPostfix(inner, modifier, text),
  });
}

function convertOperand(node: SyntaxNode, text: string): Node {
  const kids = children(node);
  const first = kids[0];
  switch (node.name) {
    case "ParenExpr":
      return convert(need(first), text);
    case "StringLiteral":
      return { type: "string", value: unquote(textOf(node, text)) };
    case "VectorSelector": {
      const name = node.getChild("Identifier");
      const matchers: LabelMatcher[] = [];
      for (const m of node.getChild("LabelMatchers")?.getChildren("UnquotedLabelMatcher") ?? []) {
        const op = matchOps[m.getChild("MatchOp")?.firstChild?.name ?? ""];
        const label = m.getChild("LabelName");
        const value = m.getChild("StringLiteral");
        if (!op || !label || !value) throw new PromQLError(`incomplete matcher ${textOf(m, text)}`);
        matchers.push({ label: textOf(label, text), op, value: unquote(textOf(value, text)) });
      }
      return { type: "vectorSelector", name: name ? textOf(name, text) : "", matchers };
    }
    case "FunctionCall": {
      // Read the name from the original text: a placeholder may stand in its place in the tree.
      const fn =
        /^[A-Za-z_][A-Za-z0-9_]*/.exec(
          text.slice(need(node.getChild("FunctionIdentifier")).from),
        )?.[0] ?? "";
      const body = need(node.getChild("FunctionCallBody"));
      return { type: "call", fn, args: children(body).map((c) => convert(c, text)) };
    }
    case "AggregateExpr": {
      const op = textOf(need(node.getChild("AggregateOp")), text) as AggregateOp;
      const args = children(need(node.getChild("FunctionCallBody"))).map((c) => convert(c, text));
      const mod = node.getChild("AggregateModifier");
      const grouping = mod
        ? {
            mode: mod.getChild("By") ? ("by" as const) : ("without" as const),
            labels: labelList(mod.getChild("GroupingLabels"), text),
          }
        : undefined;
      const expr = need(args[args.length - 1]);
      const base = {
        type: "aggregate" as const,
        op,
        expr,
        ...(args.length === 2 ? { param: need(args[0]) } : {}),
      };
      return grouping ? { ...base, grouping } : base;
    }
    default:
      throw new PromQLError(`unsupported PromQL construct ${node.name}: ${textOf(node, text)}`);
  }
}

function need<T>(x: T | null | undefined): T {
  if (x === null || x === undefined) throw new PromQLError("malformed PromQL syntax tree");
  return x;
}
