/** Bad PromQL input gets an error that says where and what is wrong. */
import { describe, expect, it } from "vitest";
import {
  PromQLError,
  checkSyntax,
  counter,
  duration,
  formatDuration,
  gauge,
  histogram,
  labelReplace,
  metric,
  oneOf,
  parseDurationMs,
  quote,
  raw,
  re,
  sum,
  unquote,
} from "../src/index.js";

const errors = counter("externalsecret_sync_calls_error", ["name", "exported_namespace"]);
const condition = gauge("externalsecret_status_condition", [
  "name",
  "exported_namespace",
  "condition",
  "status",
]);

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(PromQLError);
    return (err as Error).message;
  }
  throw new Error("expected a PromQLError, but nothing was thrown");
}

describe("durations", () => {
  it.each([
    ["5m", 300_000],
    ["1h30m", 5_400_000],
    ["1d", 86_400_000],
    ["2w", 1_209_600_000],
    ["1y", 31_536_000_000],
    ["250ms", 250],
    ["1m30s500ms", 90_500],
  ])("%s is %d ms", (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each([
    [90 * 60_000, "1h30m"],
    [60 * 60_000, "1h"],
    [7 * 86_400_000, "1w"],
    [0, "0s"],
    [1500, "1s500ms"],
  ])("%d ms prints as %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([
    ["", 'invalid duration "": empty'],
    [
      "5",
      'invalid duration "5" at position 1: expected a unit (y, w, d, h, m, s, ms), e.g. 5m or 1h30m',
    ],
    ["5 minutes", 'invalid duration "5 minutes" at position 1: expected a unit'],
    ["1.5h", 'invalid duration "1.5h" at position 1'],
    ["30m1h", "units must appear once each, largest first"],
    ["-5m", 'invalid duration "-5m" at position 0: expected an integer'],
  ])("%j is refused", (text, message) => {
    expect(messageOf(() => parseDurationMs(text))).toContain(message);
  });

  it("accepts Grafana interval variables and refuses malformed ones", () => {
    expect(duration("$__rate_interval")).toEqual({ kind: "variable", text: "$__rate_interval" });
    expect(duration("${window}")).toEqual({ kind: "variable", text: "${window}" });
    expect(messageOf(() => duration("$not a var" as "$x"))).toContain(
      'invalid Grafana variable "$not a var"',
    );
  });

  it("refuses bad durations in selectors at build time", () => {
    expect(messageOf(() => errors.range("5 min" as "5m"))).toContain('invalid duration "5 min"');
  });
});

describe("label values and names", () => {
  it("quotes every special character so Go reads it back", () => {
    expect(quote('a"b\\c\nd\te}')).toBe('"a\\"b\\\\c\\nd\\te}"');
    expect(quote("\x00\x1f\x7f")).toBe('"\\x00\\x1f\\x7f"');
    expect(quote("ünïcødé 🚀")).toBe('"ünïcødé 🚀"');
  });

  it("reads Go escapes in all three quote styles", () => {
    expect(unquote('"\\x41\\u00e9\\U0001F600\\101"')).toBe("Aé😀A");
    expect(unquote("'it\\'s'")).toBe("it's");
    expect(unquote("`raw\\n`")).toBe("raw\\n");
    expect(unquote('"\\xc3\\xa9"')).toBe("é");
  });

  it.each([
    ['"a\\qb"', "unknown escape sequence \\q"],
    ['"\\x4"', "invalid hex escape"],
    ['"abc', "not a string literal"],
    ['"a\nb"', 'unescaped "\\n"'],
  ])("unquote(%j) is refused", (literal, message) => {
    expect(messageOf(() => unquote(literal))).toContain(message);
  });

  it("refuses strings that are not valid UTF-8", () => {
    expect(messageOf(() => quote("bad \ud800"))).toContain("lone surrogate");
  });

  it("refuses invalid metric and label names, naming the metric", () => {
    expect(messageOf(() => counter("flux-reconciles", ["name"]))).toBe(
      'metric flux-reconciles: invalid metric name "flux-reconciles": must match [a-zA-Z_:][a-zA-Z0-9_:]*',
    );
    expect(messageOf(() => gauge("x", ["exported-namespace"]))).toContain(
      'metric x: invalid label name "exported-namespace"',
    );
    expect(messageOf(() => gauge("x", ["name", "name"]))).toContain(
      'metric x: label "name" is listed twice',
    );
    expect(messageOf(() => metric({ name: "h", kind: "histogram", labels: ["le"] }))).toContain(
      '"le" is added by the histogram itself',
    );
    expect(messageOf(() => histogram("gotk_reconcile_duration_seconds_bucket", []))).toContain(
      'give the histogram\'s base name, without "_bucket"',
    );
  });

  it("refuses invalid label names in groupings and label functions", () => {
    expect(messageOf(() => sum(condition).by("bad-label" as "name"))).toContain(
      'invalid label name "bad-label"',
    );
    expect(messageOf(() => labelReplace(condition, "1st", "$1", "name", "(.*)"))).toContain(
      'label_replace destination: invalid label name "1st"',
    );
  });
});

describe("regex matchers", () => {
  it.each([
    ["(unclosed", "Unterminated group"],
    ["a**", "Nothing to repeat"],
    ["(?=lookahead)", "lookaround assertions"],
    ["(a)\\1", "backreferences"],
    ["(?<name>x)", "named groups must be written (?P<name>...)"],
  ])("refuses %j, naming the selector and label", (pattern, reason) => {
    const message = messageOf(() => errors.where({ name: re(pattern) }));
    expect(message).toContain(
      `selector externalsecret_sync_calls_error, label name: invalid regex ${JSON.stringify(pattern)}`,
    );
    expect(message).toContain(reason);
  });

  it.each(["(?i)ready", "(?P<n>x)y", "[[:alpha:]]+", "$namespace", "${namespace:regex}", "a|b|c"])(
    "accepts RE2 syntax %j",
    (pattern) => {
      expect(String(errors.where({ name: re(pattern) }))).toContain("=~");
    },
  );

  it("escapes literal values in oneOf", () => {
    expect(String(errors.where({ name: oneOf("a.b", "c|d", "e") }))).toBe(
      'externalsecret_sync_calls_error{name=~"a\\\\.b|c\\\\|d|e"}',
    );
    expect(messageOf(() => oneOf())).toContain("oneOf() needs at least one value");
  });
});

describe("raw PromQL", () => {
  it("names the expression and the position of a syntax error", () => {
    const message = messageOf(() => raw("sum(rate(x[5m])", { where: "rule ESOSyncErrors, expr" }));
    expect(message).toContain("rule ESOSyncErrors, expr: PromQL syntax error at line 1, column 16");
    expect(message).toContain("  sum(rate(x[5m])\n                 ^");
  });

  it("reports the line and column in multi-line expressions", () => {
    const message = messageOf(() => checkSyntax("sum(\n  rate(x[5m]) +\n)", "panel Errors"));
    expect(message).toContain("panel Errors: PromQL syntax error at line 3, column 1");
  });

  it("accepts Grafana variables in ranges, matchers and numbers", () => {
    const text =
      'topk($limit, sum by (name) (rate(x{exported_namespace=~"$namespace"}[$__rate_interval])))';
    expect(String(raw(text))).toBe(text);
  });

  it("refuses an empty expression", () => {
    expect(messageOf(() => raw("   "))).toContain("empty expression");
  });

  it("brackets raw text by its own precedence when embedded", () => {
    expect(String(raw("a + b").mul(2))).toBe("(a + b) * 2");
    expect(String(raw("rate(x[5m])").mul(2))).toBe("rate(x[5m]) * 2");
    expect(String(raw("a * b").add(raw("c or d")))).toBe("a * b + (c or d)");
  });
});

describe("vector matching", () => {
  it("refuses on() when one side is a scalar", () => {
    expect(
      messageOf(() => (condition.div(2) as never as { on(l: string): unknown }).on("name")),
    ).toContain('on(...) needs an instant vector on both sides of "/"');
  });
});
