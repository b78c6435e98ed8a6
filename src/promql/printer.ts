/**
 * Prints a syntax tree as canonical PromQL: the fewest parentheses that keep Prometheus' operator
 * precedence and associativity, durations in canonical units, and one form for equal trees.
 */
import type { AtModifier, BinaryOp, LabelMatcher, Node, TimeModifiers } from "./ast.js";
import { printDuration } from "./duration.js";
import { quote } from "./strings.js";

// Binding strength, loosest first. Unary minus sits between `*` and `^`: `-a ^ b` is `-(a ^ b)`.
const OR = 1;
const AND = 2;
const CMP = 3;
const ADD = 4;
const MUL = 5;
const UNARY = 5.5;
const POW = 6;
const ATOM = 7;

const binaryPrecedence: Readonly<Record<BinaryOp, number>> = {
  or: OR,
  and: AND,
  unless: AND,
  "==": CMP,
  "!=": CMP,
  ">": CMP,
  "<": CMP,
  ">=": CMP,
  "<=": CMP,
  "+": ADD,
  "-": ADD,
  "*": MUL,
  "/": MUL,
  "%": MUL,
  atan2: MUL,
  "^": POW,
};

function isNegativeNumber(n: number): boolean {
  return n < 0 || Object.is(n, -0);
}

function precedence(node: Node): number {
  switch (node.type) {
    case "binary":
      return binaryPrecedence[node.op];
    case "unary":
      return foldSigns(node) === node ? UNARY : precedence(foldSigns(node));
    case "number":
      return isNegativeNumber(node.value) ? UNARY : ATOM;
    case "raw":
      return node.precedence;
    default:
      return ATOM;
  }
}

/**
 * Signs before a number literal are part of the literal, as Prometheus reads them: `-1`, not `-(1)`,
 * and `-(-1)` is `1`. Anything else is returned as it is.
 */
function foldSigns(node: Node): Node {
  if (node.type !== "unary") return node;
  const inner = foldSigns(node.expr);
  if (inner.type !== "number") return node;
  return { type: "number", value: node.op === "-" ? -inner.value : inner.value };
}

function hasTimeModifiers(node: Node): boolean {
  return "offset" in node || "at" in node;
}

function wrap(text: string, parens: boolean): string {
  return parens ? `(${text})` : text;
}

function printOperand(child: Node, parent: number, side: "left" | "right"): string {
  const own = precedence(child);
  let parens: boolean;
  if (own === UNARY) {
    // `-a * b` reads as `(-a) * b`, but `-a ^ b` as `-(a ^ b)`; on the right a sign is always unambiguous.
    parens = side === "left" && parent === POW;
  } else if (side === "left") {
    parens = own < parent || (own === parent && parent === POW);
  } else {
    parens = own < parent || (own === parent && parent !== POW);
  }
  return wrap(print(child), parens);
}

export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (Object.is(value, -0)) return "-0";
  if (value === Infinity) return "Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

function printMatchers(name: string, matchers: readonly LabelMatcher[]): string {
  if (matchers.length === 0) return name;
  // Stable order: by label name, then operator, then value, whatever order they were added in.
  const sorted = [...matchers].sort(
    (a, b) => cmp(a.label, b.label) || cmp(a.op, b.op) || cmp(a.value, b.value),
  );
  return `${name}{${sorted.map((m) => `${m.label}${m.op}${quote(m.value)}`).join(", ")}}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function printAt(at: AtModifier): string {
  return at.kind === "timestamp" ? ` @ ${formatNumber(at.seconds)}` : ` @ ${at.kind}()`;
}

function printModifiers(m: TimeModifiers): string {
  let out = "";
  if (m.offset) out += ` offset ${m.offsetNegative ? "-" : ""}${printDuration(m.offset)}`;
  if (m.at) out += printAt(m.at);
  return out;
}

function printLabelList(labels: readonly string[]): string {
  return `(${labels.join(", ")})`;
}

export function print(node: Node): string {
  switch (node.type) {
    case "vectorSelector":
      return printMatchers(node.name, node.matchers) + printModifiers(node);
    case "matrixSelector":
      return `${printMatchers(node.name, node.matchers)}[${printDuration(node.range)}]${printModifiers(node)}`;
    case "subquery": {
      const inner = wrap(
        print(node.expr),
        precedence(node.expr) !== ATOM || hasTimeModifiers(node.expr),
      );
      const step = node.step ? printDuration(node.step) : "";
      return `${inner}[${printDuration(node.range)}:${step}]${printModifiers(node)}`;
    }
    case "number":
      return formatNumber(node.value);
    case "string":
      return quote(node.value);
    case "call":
      return `${node.fn}(${node.args.map(print).join(", ")})`;
    case "aggregate": {
      const grouping = node.grouping
        ? ` ${node.grouping.mode} ${printLabelList(node.grouping.labels)} `
        : "";
      const args = node.param ? `${print(node.param)}, ${print(node.expr)}` : print(node.expr);
      return `${node.op}${grouping}(${args})`;
    }
    case "binary": {
      const p = binaryPrecedence[node.op];
      let modifiers = node.bool ? " bool" : "";
      if (node.matching) {
        modifiers += ` ${node.matching.mode} ${printLabelList(node.matching.labels)}`;
        const group = node.matching.group;
        if (group) {
          modifiers += ` group_${group.side}`;
          const rhs = printOperand(node.rhs, p, "right");
          // An empty list may only be left out when no bracket follows: it would be read as the list.
          if (group.include.length > 0 || rhs.startsWith("("))
            modifiers += ` ${printLabelList(group.include)}`;
          return `${printOperand(node.lhs, p, "left")} ${node.op}${modifiers} ${rhs}`;
        }
      }
      return `${printOperand(node.lhs, p, "left")} ${node.op}${modifiers} ${printOperand(node.rhs, p, "right")}`;
    }
    case "unary": {
      const folded = foldSigns(node);
      if (folded !== node) return print(folded);
      // Only atoms go bare. `-a ^ b` means `-(a ^ b)` to Prometheus but `(-a) ^ b` to lezer-promql
      // when `a` is a number, so a power is always bracketed: `-(a ^ b)`.
      return `${node.op}${wrap(print(node.expr), precedence(node.expr) !== ATOM)}`;
    }
    case "raw":
      return node.text;
  }
}

export {
  ATOM as atomPrecedence,
  binaryPrecedence,
  precedence as nodePrecedence,
  UNARY as unaryPrecedence,
};
