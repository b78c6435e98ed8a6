/**
 * Invalid rules: each gives an error naming the group, the rule and the field, and nothing is written.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  RuleValidationError,
  alert,
  counter,
  gauge,
  group,
  increase,
  max,
  raw,
  rawScalar,
  record,
  ruleArtifacts,
  sum,
  validateGroups,
  writeArtifacts,
  type AlertSpec,
  type GroupOptions,
  type Rule,
} from "../src/index.js";

const condition = gauge("externalsecret_status_condition", [
  "name",
  "exported_namespace",
  "condition",
  "status",
]);
const errors = counter("externalsecret_sync_calls_error", ["name", "exported_namespace"]);
const notReadyExpr = max(condition.where({ condition: "Ready", status: "False" }))
  .by("exported_namespace", "name")
  .eq(1);

const good: AlertSpec<"exported_namespace" | "name"> = {
  expr: notReadyExpr,
  for: "10m",
  severity: "warning",
  summary: "An ExternalSecret is not ready.",
  description: (t) => `${t.labels.exported_namespace}/${t.labels.name} is not ready.`,
  runbookUrl: "https://example.com/runbooks#notready",
};
const goodAlert = alert("ExternalSecretNotReady", good);
const goodRecord = record(
  "exported_namespace_name:externalsecret_sync_calls_error:increase15m",
  sum(increase(errors.range("15m"))).by("exported_namespace", "name"),
);

// An `any`-typed door for the mistakes TypeScript already refuses: JavaScript users and config files make them too.
const unchecked = <T>(x: unknown) => x as T;

const withAlert = (changes: Record<string, unknown>, name = "ExternalSecretNotReady") => [
  group("eso", [alert(name, unchecked<AlertSpec<string>>({ ...good, ...changes }))]),
];
const withGroup = (
  options: Record<string, unknown>,
  rules: readonly Rule[] = [goodAlert],
  name = "eso",
) => [group(name, rules, unchecked<GroupOptions>(options))];

const cases: [string, () => ReturnType<typeof group>[], string, string][] = [
  ["empty group name", () => withGroup({}, [goodAlert], ""), "group #1", "the group name is empty"],
  [
    "duplicate group names",
    () => [...withGroup({}), ...withGroup({})],
    'group "eso"',
    "another group has the same name",
  ],
  ["group without rules", () => withGroup({}, []), 'group "eso"', "the group has no rules"],
  [
    "bad group interval",
    () => withGroup({ interval: "1 minute" }),
    'group "eso", field "interval"',
    'invalid duration "1 minute"',
  ],
  [
    "negative limit",
    () => withGroup({ limit: -1 }),
    'group "eso", field "limit"',
    "must be a whole number >= 0, got -1",
  ],
  [
    "query_offset on 2.42",
    () => withGroup({ queryOffset: "1m" }),
    'group "eso", field "query_offset"',
    "needs Prometheus 2.53 or newer, but the target is 2.42",
  ],
  [
    "group labels on 2.42",
    () => withGroup({ labels: { team: "platform" } }),
    'group "eso", field "labels"',
    "group labels needs Prometheus 3.0 or newer",
  ],
  [
    "bad partial_response_strategy",
    () => withGroup({ partialResponseStrategy: "ignore" }),
    'group "eso", field "partial_response_strategy"',
    'must be "warn" or "abort"',
  ],
  [
    "duplicate rule names",
    () => withGroup({}, [goodAlert, goodAlert]),
    'group "eso", alert "ExternalSecretNotReady"',
    "the name is used twice in the group",
  ],
  [
    "record name without colons",
    () => withGroup({}, [record("sync_errors", goodRecord.expr)]),
    'group "eso", record "sync_errors"',
    "record names follow level:metric:operations",
  ],
  [
    "record name with bad characters",
    () => withGroup({}, [record("ns:sync-errors:rate5m", goodRecord.expr)]),
    'group "eso", record "ns:sync-errors:rate5m"',
    "invalid record name",
  ],
  [
    "for on a recording rule",
    () => withGroup({}, [record("ns:x:sum", goodRecord.expr, unchecked({ for: "5m" }))]),
    'group "eso", record "ns:x:sum", field "for"',
    'recording rules have no "for"',
  ],
  [
    "range vector as a record expr",
    () => withGroup({}, [record("ns:x:sum", unchecked(errors.range("5m")))]),
    'group "eso", record "ns:x:sum", field "expr"',
    "must be a typed instant vector or scalar",
  ],
  [
    "alert name not CamelCase",
    () => withAlert({}, "external_secret_not_ready"),
    'group "eso", alert "external_secret_not_ready"',
    "alert names are CamelCase",
  ],
  [
    "scalar alert expression",
    () => withAlert({ expr: rawScalar("1") }),
    'alert "ExternalSecretNotReady", field "expr"',
    "must be a typed instant vector",
  ],
  [
    "unknown severity",
    () => withAlert({ severity: "page" }),
    'alert "ExternalSecretNotReady", field "severity"',
    'must be one of critical, warning, info; got "page"',
  ],
  [
    "missing severity",
    () => withAlert({ severity: undefined }),
    'alert "ExternalSecretNotReady", field "severity"',
    "got undefined",
  ],
  [
    "bad for",
    () => withAlert({ for: "10 minutes" }),
    'alert "ExternalSecretNotReady", field "for"',
    'invalid duration "10 minutes"',
  ],
  [
    "bad keep_firing_for",
    () => withAlert({ keepFiringFor: "5" }),
    'alert "ExternalSecretNotReady", field "keep_firing_for"',
    'invalid duration "5"',
  ],
  [
    "missing summary",
    () => withAlert({ summary: "" }),
    'alert "ExternalSecretNotReady", annotation "summary"',
    "a summary sentence is required",
  ],
  [
    "missing description",
    () => withAlert({ description: undefined }),
    'alert "ExternalSecretNotReady", annotation "description"',
    "a description is required",
  ],
  [
    "relative runbook URL",
    () => withAlert({ runbookUrl: "runbooks/eso.md" }),
    'alert "ExternalSecretNotReady", annotation "runbook_url"',
    "must be an absolute http(s) URL",
  ],
  [
    "label dropped by the aggregation",
    () => withAlert({ description: "{{ $labels.condition }} is bad" }),
    'alert "ExternalSecretNotReady", annotation "description"',
    "uses $labels.condition, but the expression's result has only: exported_namespace, name",
  ],
  [
    "$value in a label",
    () => withAlert({ labels: { current: "{{ $value }}" } }),
    'alert "ExternalSecretNotReady", label "current"',
    "$value in a label makes every new value a new alert",
  ],
  [
    "$value in a label through a template function",
    () => withAlert({ labels: { current: (t: { value: string }) => t.value } }),
    'alert "ExternalSecretNotReady", label "current"',
    "$value in a label",
  ],
  [
    "reserved label",
    () => withAlert({ labels: { alertname: "Other" } }),
    'alert "ExternalSecretNotReady", field "labels"',
    'the label "alertname" is reserved',
  ],
  [
    "invalid label name",
    () => withAlert({ labels: { "team-name": "platform" } }),
    'alert "ExternalSecretNotReady", field "labels"',
    'invalid label name "team-name"',
  ],
  [
    "invalid annotation name",
    () => withAlert({ annotations: { "dashboard-url": "x" } }),
    'alert "ExternalSecretNotReady", field "annotations"',
    'invalid annotation name "dashboard-url"',
  ],
  [
    "unclosed template action",
    () => withAlert({ description: "{{ $labels.name is bad" }),
    'alert "ExternalSecretNotReady", annotation "description"',
    'template syntax: an action opened with "{{" is never closed',
  ],
  [
    "function newer than the target",
    () => withAlert({ expr: raw("limitk(2, up) > 0", { labels: ["job"] }) }),
    'alert "ExternalSecretNotReady", field "expr"',
    "aggregation limitk() needs Prometheus 2.54 or newer, but the target is 2.42",
  ],
  [
    "recorded series nobody records",
    () =>
      withAlert({
        expr: record("ns:missing:sum", goodRecord.expr).series().gt(0),
        description: "x {{ $labels.name }}",
      }),
    'alert "ExternalSecretNotReady", field "expr"',
    "uses the recorded series ns:missing:sum, but no recording rule defines it",
  ],
  [
    "recorded series used before it is recorded",
    () => [
      group("eso", [alert("SyncErrors", { ...good, expr: goodRecord.series().gt(0) }), goodRecord]),
    ],
    'group "eso", alert "SyncErrors", field "expr"',
    "before the rule that records it",
  ],
];

describe("rule validation", () => {
  it("covers at least 25 distinct mistakes", () => {
    expect(new Set(cases.map(([, , , message]) => message)).size).toBeGreaterThanOrEqual(25);
  });

  it("accepts the good rules (so each case fails for its own reason)", () => {
    expect(validateGroups([group("eso", [goodRecord, goodAlert])])).toEqual([]);
  });

  it("accepts one alert name for several rules with distinct labels (one per critical object)", () => {
    const perObject = (object: string) => goodAlert.withLabels({ critical_object: object });
    expect(
      validateGroups([group("eso", [goodAlert, perObject("a/db"), perObject("b/db")])]),
    ).toEqual([]);
    expect(
      validateGroups([group("eso", [perObject("a/db"), perObject("a/db")])]).map((p) => p.message),
    ).toEqual([
      "the name is used twice in the group with the same labels; give one of them a distinct name or label",
    ]);
  });

  it.each(cases)("%s", (_, groups, where, message) => {
    const problems = validateGroups(groups());
    const match = problems.find((p) => p.where.includes(where) && p.message.includes(message));
    expect(
      match,
      `problems were:\n${problems.map((p) => `${p.where}: ${p.message}`).join("\n")}`,
    ).toBeDefined();
  });

  it("lists every problem at once in the error message", () => {
    const groups = withGroup({ interval: "soon" }, [
      record("bad", goodRecord.expr),
      alert("bad", unchecked({ ...good, severity: "page" })),
    ]);
    let error: unknown;
    try {
      ruleArtifacts(groups, { name: "eso" });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RuleValidationError);
    const message = (error as Error).message;
    expect(message).toMatch(/^4 problems in the rules:/);
    expect(message).toContain('  - group "eso", field "interval": invalid duration "soon"');
    expect(message).toContain(
      '  - group "eso", record "bad": record names follow level:metric:operations',
    );
    expect(message).toContain('  - group "eso", alert "bad": alert names are CamelCase');
    expect(message).toContain(
      '  - group "eso", alert "bad", field "severity": must be one of critical, warning, info; got "page"',
    );
  });

  it("accepts newer fields when the target allows them", () => {
    const groups = withGroup({ queryOffset: "1m", labels: { team: "platform" } });
    expect(validateGroups(groups, { targetPrometheus: "3.0" })).toEqual([]);
    expect(
      validateGroups(withAlert({ expr: raw("limitk(2, up) > 0") }), { targetPrometheus: "2.54" }),
    ).toEqual([]);
    expect(
      validateGroups(withAlert({ expr: raw("holt_winters(up[5m], 0.5, 0.5) > 0") }), {
        targetPrometheus: "3.0",
      })[0]?.message,
    ).toBe("function holt_winters() was removed in Prometheus 3.0 (target 3.0)");
  });
});

describe("nothing is written when the rules are invalid", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "mixkit-invalid-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(cases.slice(0, 8))("%s", (_, groups) => {
    writeFileSync(path.join(dir, "eso.rules.yaml"), "previous content\n");
    expect(() => writeArtifacts(dir, ruleArtifacts(groups(), { name: "eso" }))).toThrow(
      RuleValidationError,
    );
    expect(readdirSync(dir)).toEqual(["eso.rules.yaml"]);
    expect(readFileSync(path.join(dir, "eso.rules.yaml"), "utf8")).toBe("previous content\n");
  });

  it("writes all files when the rules are valid", () => {
    const written = writeArtifacts(
      dir,
      ruleArtifacts([group("eso", [goodRecord, goodAlert])], { name: "eso" }),
    );
    expect(written).toEqual(["eso.prometheusrule.yaml", "eso.rules.yaml"]);
    expect(readFileSync(path.join(dir, "eso.rules.yaml"), "utf8")).toContain(
      "alert: ExternalSecretNotReady",
    );
    expect(readdirSync(dir).sort()).toEqual(["eso.prometheusrule.yaml", "eso.rules.yaml"]);
  });

  it("refuses artifact paths that leave the output folder", () => {
    expect(() => writeArtifacts(dir, new Map([["../escape.yaml", "x"]]))).toThrow(
      /must be relative and stay inside/,
    );
  });
});

describe("dependencies through raw PromQL", () => {
  it("finds recorded series named inside raw expressions", () => {
    const groups = withAlert({
      expr: raw("ns:unknown_series:sum > 0", { labels: ["name", "exported_namespace"] }),
    });
    expect(validateGroups(groups).map((p) => p.message)).toContain(
      "uses the recorded series ns:unknown_series:sum, but no recording rule defines it",
    );
  });
});
