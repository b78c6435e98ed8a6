/** Static rule lint: every check has a passing and a failing case, and silencing needs a reason. */
import { describe, expect, it } from "vitest";
import {
  absent,
  alert,
  gauge,
  counter,
  group,
  increase,
  lintGroups,
  max,
  rate,
  record,
  sum,
  type AlertSpec,
  type LintCheck,
  type RuleGroup,
} from "../src/index.js";
import { sampleGroups } from "./fixtures/sample-rules.js";

const condition = gauge("externalsecret_status_condition", [
  "name",
  "exported_namespace",
  "condition",
  "status",
  "cluster",
]);
const errors = counter("externalsecret_sync_calls_error", [
  "name",
  "exported_namespace",
  "cluster",
]);

const good: AlertSpec<"exported_namespace" | "name"> = {
  expr: max(condition.where({ condition: "Ready", status: "False" }))
    .by("exported_namespace", "name")
    .eq(1),
  for: "10m",
  severity: "warning",
  summary: "An ExternalSecret is not ready.",
  description: (t) => `${t.labels.exported_namespace}/${t.labels.name} is not ready.`,
  runbookUrl: "https://example.com/runbooks#notready",
};

const checksOf = (groups: readonly RuleGroup[], options = {}) =>
  lintGroups(groups, options).findings.map((f) => f.check);
const one = (changes: Partial<AlertSpec<"exported_namespace" | "name">>) => [
  group("g", [alert("ExternalSecretNotReady", { ...good, ...changes })]),
];

const cases: [LintCheck, () => RuleGroup[], () => RuleGroup[], object?][] = [
  [
    "rate-window",
    () => [group("g", [record("ns:x:rate1m", sum(rate(errors.range("1m"))).by("name"))])],
    () => [group("g", [record("ns:x:rate2m", sum(rate(errors.range("2m"))).by("name"))])],
  ],
  ["summary-missing", () => one({ summary: "" }), () => one({})],
  ["summary-templated", () => one({ summary: "{{ $labels.name }} is not ready." }), () => one({})],
  ["summary-style", () => one({ summary: "not ready" }), () => one({})],
  [
    "description-not-templated",
    () => one({ description: "Something is not ready." }),
    () => one({}),
  ],
  [
    "runbook-missing",
    () => [
      group("g", [alert("ExternalSecretNotReady", { ...good, runbookUrl: undefined } as never)]),
    ],
    () => one({}),
  ],
  [
    "group-too-large",
    () => [
      group(
        "g",
        Array.from({ length: 21 }, (_, i) => alert(`Alert${i}`, good)),
      ),
    ],
    () => [
      group(
        "g",
        Array.from({ length: 20 }, (_, i) => alert(`Alert${i}`, good)),
      ),
    ],
  ],
  [
    "cluster-label-dropped",
    () => [group("g", [record("ns:x:increase5m", sum(increase(errors.range("5m"))).by("name"))])],
    () => [
      group("g", [
        record("ns:x:increase5m", sum(increase(errors.range("5m"))).by("cluster", "name")),
      ]),
    ],
    { clusterLabel: "cluster" },
  ],
  [
    "alert-without-condition",
    () => one({ expr: max(condition).by("exported_namespace", "name") }),
    () => [
      group("g", [
        alert("ExternalSecretMetricsAbsent", {
          ...good,
          expr: absent(condition) as never,
          description: "no {{ $value }} series",
        }),
      ]),
    ],
  ],
  [
    "silence-without-reason",
    () => one({ summary: "lowercase", silence: [{ check: "summary-style", reason: " " }] }),
    () =>
      one({
        summary: "lowercase",
        silence: [{ check: "summary-style", reason: "the upstream alert text" }],
      }),
  ],
];

describe("rule lint", () => {
  it("has nothing to say about the sample rules", () => {
    expect(lintGroups(sampleGroups).findings).toEqual([]);
  });

  it.each(cases)(
    "%s: fails on the bad fixture, passes on the good one",
    (check, bad, fine, options = {}) => {
      expect(checksOf(bad(), options)).toContain(check);
      expect(checksOf(fine(), options)).not.toContain(check);
    },
  );

  it("locates findings and explains the fix", () => {
    const [finding] = lintGroups([
      group("g", [record("ns:x:rate1m", sum(rate(errors.range("1m"))).by("name"))]),
    ]).findings;
    expect(finding).toEqual({
      check: "rate-window",
      where: 'group "g", record "ns:x:rate1m", field "expr"',
      message: "rate() over 1m spans fewer than 4 scrapes of 30s; use at least 2m",
      location: { group: 0, rule: 0 },
    });
    const fine = record("ns:x:rate5m", sum(rate(errors.range("5m"))).by("name"));
    const short = record("ns:x:rate1m", sum(rate(errors.range("1m"))).by("name"));
    const located = lintGroups([group("a", [fine]), group("b", [fine, short])], {
      maxGroupRules: 1,
    }).findings.map((f) => [f.check, f.location]);
    expect(located).toEqual([
      ["group-too-large", { group: 1 }],
      ["rate-window", { group: 1, rule: 1 }],
    ]);
  });

  it("follows the configured scrape interval", () => {
    const groups = [group("g", [record("ns:x:rate2m", sum(rate(errors.range("2m"))).by("name"))])];
    expect(checksOf(groups, { scrapeInterval: "1m" })).toEqual(["rate-window"]);
    expect(checksOf(groups, { scrapeInterval: "15s" })).toEqual([]);
  });

  it("reports silenced findings with their reason", () => {
    const result = lintGroups(
      one({
        summary: "lowercase",
        silence: [{ check: "summary-style", reason: "kept from upstream" }],
      }),
    );
    expect(result.findings).toEqual([]);
    expect(result.silenced).toEqual([
      {
        check: "summary-style",
        where: 'group "g", alert "ExternalSecretNotReady"',
        message: "write the summary as a sentence: a capital letter first, a full stop last",
        reason: "kept from upstream",
        location: { group: 0, rule: 0 },
      },
    ]);
  });
});
