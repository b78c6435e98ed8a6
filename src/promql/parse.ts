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
import { atomPrecedence, binaryPrecedence, unaryPrecedence } from "./printer.js";
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
  switch (top.name) {
    case "BinaryExpr": {
      const op = binaryOps[top.getChild("Expr")?.nextSibling?.name ?? ""] ?? operatorOf(top);
      return binaryPrecedence[op];
    }
    case "UnaryExpr":
      return unaryPrecedence;
    case "NumberDurationLiteral":
      return /^\s*-/.test(text) ? unaryPrecedence : atomPrecedence;
    default:
      return atomPrecedence;
  }
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
    /^(?:\$__[A-Za-z_]+|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\[\[[A-Za-z_][A-Za-z0-9_]*\]\])/.exec(
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

function convert(node: SyntaxNode, text: string): Node {
  const kids = children(node);
  const first = kids[0];
  switch (node.name) {
    case "ParenExpr":
      return convert(need(first), text);
    case "NumberDurationLiteral":
      return { type: "number", value: parseNumber(textOf(node, text)) };
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
    case "MatrixSelector": {
      const inner = convert(need(first), text);
      if (inner.type !== "vectorSelector")
        throw new PromQLError(`range applied to a ${inner.type}`);
      return {
        ...inner,
        type: "matrixSelector",
        range: durationOf(need(node.getChild("DurationExpr")), text),
      };
    }
    case "SubqueryExpr": {
      const [range, step] = node.getChildren("DurationExpr");
      const base = {
        type: "subquery" as const,
        expr: convert(need(first), text),
        range: durationOf(need(range), text),
      };
      return step ? { ...base, step: durationOf(step, text) } : base;
    }
    case "OffsetExpr": {
      const d = need(node.getChild("OffsetDurationExpr"));
      const negative = textOf(d, text).trim().startsWith("-");
      const value = need(
        d.getChild("NumberDurationLiteralInDurationContext") ?? d.getChild("OffsetDurationExpr"),
      );
      const offset = durationOf(value, text);
      return withTime(
        convert(need(first), text),
        negative ? { offset, offsetNegative: true } : { offset },
      );
    }
    case "StepInvariantExpr": {
      const inner = convert(need(first), text);
      const pre = node.getChild("AtModifierPreprocessors");
      if (pre) return withTime(inner, { at: { kind: pre.getChild("AtStart") ? "start" : "end" } });
      const ts = need(node.getChild("NumberDurationLiteral"));
      return withTime(inner, { at: { kind: "timestamp", seconds: parseNumber(textOf(ts, text)) } });
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
    case "BinaryExpr": {
      const exprs = kids.filter((k) => k.type.is("Expr"));
      const op = operatorOf(node);
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
        lhs: convert(need(exprs[0]), text),
        rhs: convert(need(exprs[1]), text),
        bool: node.getChild("BoolModifier") !== null,
      };
      return matching ? { ...base, matching } : base;
    }
    case "UnaryExpr": {
      const op = textOf(need(node.getChild("UnaryOp")), text).trim() as "-" | "+";
      return { type: "unary", op, expr: convert(need(kids[kids.length - 1]), text) };
    }
    default:
      throw new PromQLError(`unsupported PromQL construct ${node.name}: ${textOf(node, text)}`);
  }
}

function need<T>(x: T | null | undefined): T {
  if (x === null || x === undefined) throw new PromQLError("malformed PromQL syntax tree");
  return x;
}
