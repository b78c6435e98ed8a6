/**
 * Property-based tests of the PromQL printer and parser: random well-typed syntax trees print to text
 * that lezer-promql reads back into the same tree, printing is stable, and string literals round-trip.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type {
  AggregateNode,
  AggregateOp,
  AtModifier,
  BinaryOp,
  Grouping,
  LabelMatcher,
  Node,
  RawNode,
  TimeModifiers,
  VectorMatching,
} from "../src/promql/ast.js";
import type { Duration } from "../src/promql/duration.js";
import { PromQLError } from "../src/promql/errors.js";
import { findSyntaxProblem, parsePromQL, precedenceOf } from "../src/promql/parse.js";
import { print } from "../src/promql/printer.js";
import { escapeRegex, quote, unquote } from "../src/promql/strings.js";

const runs = { numRuns: 10_000 };

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

// Keywords and holt_winters (which the parser rewrites for lezer-promql) are valid names too.
const metricNames = ["up", "http_requests_total", "job:errors:rate5m", "holt_winters_total"];
const labelNames = "job instance name exported_namespace le status bool offset holt_winters".split(
  " ",
);

const labelName = fc.constantFrom(...labelNames);
const labelList = fc.uniqueArray(labelName, { maxLength: 3 });

// Characters that need escaping or may confuse a lexer, mixed into otherwise arbitrary strings.
const trickyChar = fc.oneof(
  fc.constantFrom(..."\"'`\\\n\r\t{},#$\x00\x07\x7f\u2028é😀"),
  fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
);
const labelValue = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: trickyChar }),
);
const regexValue = fc.oneof(
  fc.constantFrom(
    "",
    ".*",
    ".+",
    "5..",
    "api|web",
    "(?i)foo.*",
    "[a-z]+\\d{2,3}",
    "a\\.b",
    '"\\\\"',
  ),
  labelValue.map(escapeRegex),
);

const grafanaValue = fc
  .tuple(
    labelValue,
    fc.constantFrom("$namespace", "${namespace}", "[[namespace]]", "$__range"),
    labelValue,
  )
  .map(([a, v, b]) => a + v + b);

// Durations are canonical: a positive whole number of milliseconds.
const durationMs = fc.oneof(
  fc.constantFrom(
    1,
    1000,
    60_000,
    300_000,
    5_400_000,
    3_600_000,
    86_400_000,
    604_800_000,
    31_536_000_000,
  ),
  fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  fc
    .tuple(fc.nat(3), fc.nat(5), fc.nat(6), fc.nat(23), fc.nat(59), fc.nat(59), fc.nat(999))
    .map(
      ([y, w, d, h, m, s, ms]) =>
        ((((y * 365 + w * 7 + d) * 24 + h) * 60 + m) * 60 + s) * 1000 + ms,
    )
    .filter((ms) => ms > 0),
);
const literalDuration: fc.Arbitrary<Duration> = durationMs.map((ms) => ({ kind: "literal", ms }));
const variableDuration: fc.Arbitrary<Duration> = fc
  .constantFrom("$__rate_interval", "$__interval", "$__range", "$window", "${window}", "[[window]]")
  .map((text) => ({ kind: "variable", text }));

const numberValue = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.constantFrom(0.5, -2.25, 1e-9, 1e21, Infinity, -Infinity, NaN),
  fc.double(),
);

const atModifier: fc.Arbitrary<AtModifier> = fc.oneof(
  fc.constantFrom<AtModifier>({ kind: "start" }, { kind: "end" }),
  fc
    .integer({ min: -2e9, max: 2e9 })
    .map((ms): AtModifier => ({ kind: "timestamp", seconds: ms / 1000 })),
);

function timeModifiers(duration: fc.Arbitrary<Duration>): fc.Arbitrary<TimeModifiers> {
  const some = fc
    .tuple(
      fc.option(duration, { nil: undefined }),
      fc.boolean(),
      fc.option(atModifier, { nil: undefined }),
    )
    .map(([offset, negative, at]) => ({
      ...(offset ? { offset, ...(negative ? { offsetNegative: true } : {}) } : {}),
      ...(at ? { at } : {}),
    }));
  return fc.oneof({ arbitrary: fc.constant({}), weight: 3 }, { arbitrary: some, weight: 1 });
}

const arithmeticOps = ["+", "-", "*", "/", "%", "^", "atan2"] as const;
const comparisonOps = ["==", "!=", ">", "<", ">=", "<="] as const;
const setOps = ["and", "or", "unless"] as const;
const allOps: readonly BinaryOp[] = [...arithmeticOps, ...comparisonOps, ...setOps];
const isComparison = (op: BinaryOp) => (comparisonOps as readonly string[]).includes(op);
const isSetOp = (op: BinaryOp) => (setOps as readonly string[]).includes(op);

const vectorMatching: fc.Arbitrary<VectorMatching> = fc
  .tuple(
    fc.constantFrom("on" as const, "ignoring" as const),
    labelList,
    fc.option(fc.tuple(fc.constantFrom("left" as const, "right" as const), labelList), {
      nil: undefined,
    }),
  )
  .map(([mode, labels, group]) => ({
    mode,
    labels,
    // Prometheus refuses a label in both on(...) and group_x(...).
    ...(group
      ? {
          group: {
            side: group[0],
            include: group[1].filter((l) => mode === "ignoring" || !labels.includes(l)),
          },
        }
      : {}),
  }));

function binary(
  op: BinaryOp,
  lhs: Node,
  rhs: Node,
  bool: boolean,
  matching?: VectorMatching,
): Node {
  const base = { type: "binary" as const, op, lhs, rhs, bool };
  return matching ? { ...base, matching } : base;
}

function call(fn: string, ...args: fc.Arbitrary<Node>[]): fc.Arbitrary<Node> {
  return fc.tuple(...args).map((a) => ({ type: "call", fn, args: a }));
}

function stringNode(value: fc.Arbitrary<string>): fc.Arbitrary<Node> {
  return value.map((v) => ({ type: "string", value: v }));
}

function withGrouping(node: AggregateNode, grouping: Grouping | undefined): Node {
  return grouping ? { ...node, grouping } : node;
}

type Trees = { scalar: Node; vector: Node; range: Node };

/** Well-typed PromQL trees by value type; `grafana` lets durations and label values hold variables. */
function promql(grafana: boolean) {
  const duration = grafana ? fc.oneof(literalDuration, variableDuration) : literalDuration;
  const value = grafana ? fc.oneof(labelValue, grafanaValue) : labelValue;
  const modifiers = timeModifiers(duration);
  const matcher: fc.Arbitrary<LabelMatcher> = fc.oneof(
    fc.record({ label: labelName, op: fc.constantFrom("=" as const, "!=" as const), value }),
    fc.record({
      label: labelName,
      op: fc.constantFrom("=~" as const, "!~" as const),
      value: regexValue,
    }),
  );
  // No metric name needs a matcher: `{job=~".+"}`.
  const selector = fc
    .record({
      name: fc.constantFrom(...metricNames, ""),
      matchers: fc.array(matcher, { maxLength: 3 }),
    })
    .map(({ name, matchers }) => ({
      name,
      matchers:
        name === "" && matchers.length === 0
          ? [{ label: "job", op: "=~" as const, value: ".+" }]
          : matchers,
    }));
  const grouping = fc.option(
    fc.record({ mode: fc.constantFrom("by" as const, "without" as const), labels: labelList }),
    { nil: undefined },
  );
  const depth = {
    maxDepth: 5,
    depthIdentifier: fc.createDepthIdentifier(),
    depthSize: "small" as const,
    withCrossShrink: true,
  };

  return fc.letrec<Trees>((tie) => {
    const scalar = tie("scalar");
    const vector = tie("vector");
    const range = tie("range");
    const unary = (expr: fc.Arbitrary<Node>) =>
      fc
        .tuple(fc.constantFrom("-" as const, "+" as const), expr)
        .map(([op, e]): Node => ({ type: "unary", op, expr: e }));
    const functionCall = fc.oneof(
      fc
        .tuple(fc.constantFrom("rate", "increase"), range)
        .map(([fn, r]): Node => ({ type: "call", fn, args: [r] })),
      fc
        .tuple(fc.constantFrom("abs", "ceil", "absent"), vector)
        .map(([fn, v]): Node => ({ type: "call", fn, args: [v] })),
      call("clamp_min", vector, scalar),
      call("vector", scalar),
      call("histogram_quantile", scalar, vector),
      call("predict_linear", range, scalar),
      call(
        "label_replace",
        vector,
        stringNode(labelName),
        stringNode(value),
        stringNode(labelName),
        stringNode(regexValue),
      ),
      fc
        .tuple(vector, labelName, value, fc.array(labelName, { maxLength: 3 }))
        .map(([v, dst, sep, srcs]): Node => ({
          type: "call",
          fn: "label_join",
          args: [v, ...[dst, sep, ...srcs].map((s): Node => ({ type: "string", value: s }))],
        })),
    );
    const aggregation = fc.oneof(
      fc
        .tuple(
          fc.constantFrom<AggregateOp>(
            "sum",
            "avg",
            "min",
            "max",
            "count",
            "group",
            "stddev",
            "stdvar",
          ),
          vector,
          grouping,
        )
        .map(([op, expr, g]) => withGrouping({ type: "aggregate", op, expr }, g)),
      fc
        .tuple(
          fc.constantFrom<AggregateOp>("topk", "bottomk", "quantile"),
          scalar,
          vector,
          grouping,
        )
        .map(([op, param, expr, g]) => withGrouping({ type: "aggregate", op, param, expr }, g)),
      fc.tuple(labelName, vector, grouping).map(([label, expr, g]) =>
        withGrouping(
          {
            type: "aggregate",
            op: "count_values",
            param: { type: "string", value: label },
            expr,
          },
          g,
        ),
      ),
    );
    // Between two vectors: any operator, `bool` only on comparisons, group_x never on set operators.
    const vectorBinary = fc
      .tuple(
        fc.constantFrom(...allOps),
        vector,
        vector,
        fc.boolean(),
        fc.option(vectorMatching, { nil: undefined }),
      )
      .map(([op, l, r, bool, m]) => {
        const matching = m && isSetOp(op) ? { mode: m.mode, labels: m.labels } : m;
        return binary(op, l, r, bool && isComparison(op), matching);
      });
    // Between a scalar and a vector: no set operators, no vector matching.
    const mixedBinary = fc
      .tuple(
        fc.constantFrom(...arithmeticOps, ...comparisonOps),
        fc.oneof(fc.tuple(scalar, vector), fc.tuple(vector, scalar)),
        fc.boolean(),
      )
      .map(([op, [l, r], bool]) => binary(op, l, r, bool && isComparison(op)));
    // Between scalars: comparisons need `bool`.
    const scalarBinary = fc
      .tuple(fc.constantFrom(...arithmeticOps, ...comparisonOps), scalar, scalar)
      .map(([op, l, r]) => binary(op, l, r, isComparison(op)));

    return {
      scalar: fc.oneof(
        depth,
        { arbitrary: numberValue.map((v): Node => ({ type: "number", value: v })), weight: 3 },
        { arbitrary: fc.oneof(call("time"), call("scalar", vector)), weight: 1 },
        { arbitrary: scalarBinary, weight: 3 },
        { arbitrary: unary(scalar), weight: 2 },
      ),
      vector: fc.oneof(
        depth,
        {
          arbitrary: fc
            .tuple(selector, modifiers)
            .map(([s, m]): Node => ({ type: "vectorSelector", ...s, ...m })),
          weight: 3,
        },
        { arbitrary: functionCall, weight: 2 },
        { arbitrary: aggregation, weight: 2 },
        { arbitrary: vectorBinary, weight: 4 },
        { arbitrary: mixedBinary, weight: 2 },
        { arbitrary: unary(vector), weight: 2 },
      ),
      range: fc.oneof(
        depth,
        fc
          .tuple(selector, duration, modifiers)
          .map(([s, range, m]): Node => ({ type: "matrixSelector", ...s, range, ...m })),
        fc
          .tuple(vector, duration, fc.option(duration, { nil: undefined }), modifiers)
          .map(([expr, range, step, m]): Node => ({
            type: "subquery",
            expr,
            range,
            ...(step ? { step } : {}),
            ...m,
          })),
      ),
    };
  });
}

const trees = promql(false);
const anyTree = fc.oneof(trees.scalar, trees.vector, trees.range);
const grafanaTrees = promql(true);

// ---------------------------------------------------------------------------------------------
// Normalisation and comparison
// ---------------------------------------------------------------------------------------------

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortMatchers(matchers: readonly LabelMatcher[]): LabelMatcher[] {
  return [...matchers].sort(
    (a, b) => cmp(a.label, b.label) || cmp(a.op, b.op) || cmp(a.value, b.value),
  );
}

function canonicalDuration(d: Duration): Duration {
  return d.kind === "literal" ? { kind: "literal", ms: d.ms } : { kind: "variable", text: d.text };
}

function normalizeTime<T extends TimeModifiers>(node: T): T {
  return node.offset ? { ...node, offset: canonicalDuration(node.offset) } : node;
}

/**
 * The tree as the parser gives it back: matchers in printed order, durations canonical, and a sign
 * applied to a number literal folded into the number (`-1` is one literal; Prometheus folds it too).
 */
function normalize(node: Node): Node {
  switch (node.type) {
    case "vectorSelector":
      return normalizeTime({ ...node, matchers: sortMatchers(node.matchers) });
    case "matrixSelector":
      return normalizeTime({
        ...node,
        matchers: sortMatchers(node.matchers),
        range: canonicalDuration(node.range),
      });
    case "subquery":
      return normalizeTime({
        ...node,
        expr: normalize(node.expr),
        range: canonicalDuration(node.range),
        ...(node.step ? { step: canonicalDuration(node.step) } : {}),
      });
    case "call":
      return { ...node, args: node.args.map(normalize) };
    case "aggregate":
      return {
        ...node,
        expr: normalize(node.expr),
        ...(node.param ? { param: normalize(node.param) } : {}),
      };
    case "binary":
      return { ...node, lhs: normalize(node.lhs), rhs: normalize(node.rhs) };
    case "unary": {
      const expr = normalize(node.expr);
      if (expr.type === "number")
        return { type: "number", value: node.op === "-" ? -expr.value : expr.value };
      return { ...node, expr };
    }
    default:
      return node;
  }
}

/** Deep equality where numbers compare with Object.is (NaN equals NaN, -0 differs from 0). */
function sameTree(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return Object.is(a, b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((x, i) => sameTree(x, b[i]))
    );
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
    const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => kb.includes(k) && sameTree(ra[k], rb[k]));
  }
  return a === b;
}

function show(tree: unknown): string {
  return JSON.stringify(tree, (_, v: unknown) =>
    typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0))
      ? Object.is(v, -0)
        ? "-0"
        : String(v)
      : v,
  );
}

function expectSameTree(actual: Node, expected: Node, text: string): void {
  if (!sameTree(actual, expected)) {
    throw new Error(`${text}\n  parsed:   ${show(actual)}\n  expected: ${show(expected)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe("printed PromQL", () => {
  it("always parses with lezer-promql", () => {
    fc.assert(
      fc.property(anyTree, (t) => {
        const text = print(t);
        expect(findSyntaxProblem(text), text).toBeUndefined();
      }),
      runs,
    );
  });

  it("parses back into the same tree", () => {
    fc.assert(
      fc.property(anyTree, (t) => {
        const text = print(t);
        expectSameTree(normalize(parsePromQL(text)), normalize(t), text);
      }),
      runs,
    );
  });

  it("is stable: printing the parsed text again gives the same text", () => {
    fc.assert(
      fc.property(anyTree, (t) => {
        const text = print(t);
        expect(print(parsePromQL(text))).toBe(text);
      }),
      runs,
    );
  });

  it("with Grafana variables in durations and label values parses, into the same tree", () => {
    fc.assert(
      fc.property(fc.oneof(grafanaTrees.scalar, grafanaTrees.vector, grafanaTrees.range), (t) => {
        const text = print(t);
        expect(findSyntaxProblem(text), text).toBeUndefined();
        expectSameTree(normalize(parsePromQL(text)), normalize(t), text);
      }),
      runs,
    );
  });
});

describe("raw PromQL", () => {
  // t printed as raw text, in an operator context, prints as t itself does.
  const contexts = fc.oneof(
    fc.tuple(
      trees.scalar,
      fc.constantFrom(...arithmeticOps, ...comparisonOps),
      trees.vector,
      fc.boolean(),
    ),
    fc.tuple(trees.vector, fc.constantFrom(...allOps), trees.vector, fc.boolean()),
  );

  it("binds like the tree it was printed from", () => {
    fc.assert(
      fc.property(contexts, ([t, op, other, left]) => {
        const text = print(t);
        const raw: RawNode = { type: "raw", text, precedence: precedenceOf(text) };
        const embed = (x: Node) =>
          left ? binary(op, x, other, false) : binary(op, other, x, false);
        expect(print(embed(raw))).toBe(print(embed(t)));
        // Under a sign, compare meaning: the printer may fold a sign into a number literal.
        const negated = print({ type: "unary", op: "-", expr: raw });
        expectSameTree(
          normalize(parsePromQL(negated)),
          normalize({ type: "unary", op: "-", expr: t }),
          negated,
        );
      }),
      runs,
    );
  });
});

describe("string literals", () => {
  it("quote and unquote round-trip any well-formed string", () => {
    fc.assert(
      fc.property(labelValue, (v) => {
        expect(unquote(quote(v))).toBe(v);
      }),
      runs,
    );
  });

  it("label values round-trip through printed selectors and lezer-promql", () => {
    fc.assert(
      fc.property(fc.constantFrom("=" as const, "!=" as const), labelValue, (op, value) => {
        const text = print({
          type: "vectorSelector",
          name: "x",
          matchers: [{ label: "a", op, value }],
        });
        const parsed = parsePromQL(text);
        expect(parsed.type === "vectorSelector" && parsed.matchers).toEqual([
          { label: "a", op, value },
        ]);
      }),
      runs,
    );
  });

  it("unquote decodes Go escapes as strconv.Unquote does", () => {
    expect(unquote(String.raw`"\x41"`)).toBe("A");
    expect(unquote(String.raw`"\101\102"`)).toBe("AB");
    expect(unquote(String.raw`"\u00e9"`)).toBe("é");
    expect(unquote(String.raw`"\U0001F600"`)).toBe("😀");
    expect(unquote(String.raw`"\xc3\xa9"`)).toBe("é"); // bytes form UTF-8
    expect(unquote(String.raw`"\303\251"`)).toBe("é");
    expect(unquote(String.raw`"\a\b\f\n\r\t\v\\\""`)).toBe('\x07\b\f\n\r\t\v\\"');
    expect(unquote(String.raw`'it\'s'`)).toBe("it's");
    expect(unquote(String.raw`'say "hi"'`)).toBe('say "hi"');
    expect(unquote('`a\\n"b`')).toBe('a\\n"b');
  });

  it("unquote refuses what strconv.Unquote refuses", () => {
    for (const bad of [
      String.raw`"\q"`,
      String.raw`"\x4"`,
      String.raw`"\400"`,
      String.raw`"\12"`,
      String.raw`"\'"`,
      String.raw`'\"'`,
      String.raw`"\ud800"`, // a surrogate is not a code point
      String.raw`"\U00110000"`,
      '"a\nb"',
      '"a"b"',
      '"a\\"',
    ]) {
      expect(() => unquote(bad), bad).toThrow(PromQLError);
    }
  });

  it("quote refuses lone surrogates", () => {
    expect(() => quote("a\ud800b")).toThrow(PromQLError);
  });
});

// ---------------------------------------------------------------------------------------------
// Tricky printer cases
// ---------------------------------------------------------------------------------------------

describe("printer examples", () => {
  const v = (name: string, mods: TimeModifiers = {}): Node => ({
    type: "vectorSelector",
    name,
    matchers: [],
    ...mods,
  });
  const n = (value: number): Node => ({ type: "number", value });
  const neg = (expr: Node): Node => ({ type: "unary", op: "-", expr });
  const bin = (op: BinaryOp, lhs: Node, rhs: Node): Node => binary(op, lhs, rhs, false);
  const ms = (ms: number): Duration => ({ kind: "literal", ms });
  const [a, b, c] = [v("a"), v("b"), v("c")];
  const onGroupLeft: VectorMatching = {
    mode: "on",
    labels: [],
    group: { side: "left", include: [] },
  };

  const cases: [string, Node][] = [
    ["(-1) ^ 2", bin("^", n(-1), n(2))],
    ["(-1) ^ 2", bin("^", neg(n(1)), n(2))],
    ["-(1 ^ 2)", neg(bin("^", n(1), n(2)))],
    ["-(a ^ b)", neg(bin("^", a, b))],
    ["(-a) ^ b", bin("^", neg(a), b)],
    ["a ^ -b", bin("^", a, neg(b))],
    ["a ^ -1", bin("^", a, n(-1))],
    ["a - (b - c)", bin("-", a, bin("-", b, c))],
    ["a - b - c", bin("-", bin("-", a, b), c)],
    ["a ^ b ^ c", bin("^", a, bin("^", b, c))],
    ["(a ^ b) ^ c", bin("^", bin("^", a, b), c)],
    ["a or b and c", bin("or", a, bin("and", b, c))],
    ["(a or b) and c", bin("and", bin("or", a, b), c)],
    ["a unless (b and c)", bin("unless", a, bin("and", b, c))],
    ["-a * b", bin("*", neg(a), b)],
    ["a * -b * c", bin("*", bin("*", a, neg(b)), c)],
    ["a ^ -b * c", bin("*", bin("^", a, neg(b)), c)],
    ["(a + b) * c", bin("*", bin("+", a, b), c)],
    ["a / (b atan2 c)", bin("/", a, bin("atan2", b, c))],
    ["a > bool 1 == bool 0", binary("==", binary(">", a, n(1), true), n(0), true)],
    [
      "(a offset 5m)[10m:1m]",
      {
        type: "subquery",
        expr: v("a", { offset: ms(300_000) }),
        range: ms(600_000),
        step: ms(60_000),
      },
    ],
    // Prometheus binds offset and @ to the nearest selector.
    ["a - a offset 1d", bin("-", a, v("a", { offset: ms(86_400_000) }))],
    ["-a offset 5m", neg(v("a", { offset: ms(300_000) }))],
    ["a + b offset 5m * c", bin("+", a, bin("*", v("b", { offset: ms(300_000) }), c))],
    ["a + b @ 0 ^ c", bin("+", a, bin("^", v("b", { at: { kind: "timestamp", seconds: 0 } }), c))],
    [
      "sum by () (a)",
      { type: "aggregate", op: "sum", expr: a, grouping: { mode: "by", labels: [] } },
    ],
    ["a * on () group_left b", binary("*", a, b, false, onGroupLeft)],
    // A parenthesis right after group_left would be read as its label list.
    ["a * on () group_left () (b + c)", binary("*", a, bin("+", b, c), false, onGroupLeft)],
    ["1 / -0", bin("/", n(1), n(-0))],
    ["holt_winters_total", v("holt_winters_total")],
  ];

  it.each(cases)("prints %s and parses it back", (text, tree) => {
    expect(print(tree)).toBe(text);
    expectSameTree(normalize(parsePromQL(text)), normalize(tree), text);
  });

  it("reads a sign before a number with Prometheus' precedence: -1 ^ 2 is -(1 ^ 2)", () => {
    // Prometheus evaluates `-1 ^ 2` to -1; lezer-promql's tree says (-1) ^ 2.
    expect(print(parsePromQL("-1 ^ 2"))).toBe("-(1 ^ 2)");
  });

  it("reads a label named holt_winters as itself", () => {
    expect(parsePromQL('up{holt_winters="a"}')).toEqual({
      type: "vectorSelector",
      name: "up",
      matchers: [{ label: "holt_winters", op: "=", value: "a" }],
    });
  });
});
