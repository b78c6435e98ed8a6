/**
 * Alert templates: a function template renders the Go text Prometheus evaluates and, for a scenario,
 * the text promtool must see. Both must agree with the real promtool, raw Go actions included.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  alert,
  compileTests,
  defineMetric,
  emitRuleFile,
  expectAlert,
  expectNoAlert,
  group,
  humanizeDuration,
  humanizeTimestamp,
  raw,
  scenario,
  series,
  steady,
  ScenarioError,
  testRules,
  type AlertingRule,
} from "../src/index.js";

const dir = mkdtempSync(path.join(tmpdir(), "mixkit-templates-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const certExpiry = defineMetric({
  name: "cert_expiry_seconds",
  kind: "gauge",
  labels: ["name"],
  unit: "seconds",
  help: "Seconds until the certificate expires.",
  source: { component: "test", file: "test/templates.test.ts" },
  since: "v1.0.0",
});
const expiry = raw("cert_expiry_seconds > 0", { labels: ["name"] });

function certAlert(description: AlertingRule<"name">["spec"]["description"]) {
  return alert("CertExpiring", {
    expr: expiry,
    severity: "warning",
    summary: "A certificate expires soon.",
    description,
  });
}

/** The alert's rule file and compiled scenario (fires at 2m with `value`) run in the real promtool. */
async function runOne(rule: AlertingRule<"name">, value: number) {
  const groups = [group("certs", [rule])];
  const here = mkdtempSync(path.join(dir, "run-"));
  writeFileSync(path.join(here, "rules.yaml"), emitRuleFile(groups));
  const tests = compileTests({
    ruleFiles: ["rules.yaml"],
    groups,
    scenarios: [
      scenario("expiring", {
        series: [series(certExpiry, { name: "web" }, "_ _", steady(value, 3))],
        expect: [expectNoAlert(rule, "0s"), expectAlert(rule, "2m", { name: "web" }, { value })],
      }),
    ],
    requireCoverage: false,
  });
  writeFileSync(path.join(here, "rules.test.yaml"), tests);
  return { tests, result: await testRules(path.join(here, "rules.test.yaml")) };
}

describe("a raw Go-template action inside a function template", () => {
  it("is evaluated like the same action in a string template, so promtool agrees", async () => {
    const rule = certAlert((t) => `${t.labels.name} expires in {{ $value }}s ({{ $labels.name }})`);
    const { tests, result } = await runOne(rule, 3600);
    expect(tests).toContain("description: web expires in 3600s (web)");
    expect(result.output).toContain("SUCCESS");
    expect(result.ok).toBe(true);
  });

  it("reads trim markers and the call form of a function as Go does", async () => {
    const rule = certAlert(
      (t) =>
        `${t.labels.name}:   {{- humanize $value }} left {{ $value | humanizePercentage -}}  .`,
    );
    const { tests, result } = await runOne(rule, 0.25);
    expect(tests).toContain("description: web:250m left 25%.");
    expect(result.ok, result.output).toBe(true);
  });

  it("ifLabel takes its branch as Go does: promtool agrees for a label set and one missing", async () => {
    const rule = certAlert(
      (t) =>
        `${t.ifLabel("name", `${t.labels.name} expires`)}${t.ifLabel("team" as "name", "owned", "unowned")}`,
    );
    const { tests, result } = await runOne(rule, 60);
    expect(tests).toContain("description: web expiresunowned");
    expect(result.ok, result.output).toBe(true);
  });

  it("that a scenario cannot render is refused at build, naming the alert and annotation", () => {
    const rule = certAlert((t) => `${t.labels.name}: {{ printf "%.0f" $value }} seconds left`);
    const compile = () =>
      compileTests({
        ruleFiles: ["rules.yaml"],
        groups: [group("certs", [rule])],
        scenarios: [
          scenario("expiring", {
            series: [series(certExpiry, { name: "web" }, steady(60, 3))],
            expect: [expectAlert(rule, "2m", { name: "web" }, { value: 60 })],
          }),
        ],
        requireCoverage: false,
      });
    expect(compile).toThrow(ScenarioError);
    expect(compile).toThrow(
      'scenario "expiring", expectAlert(CertExpiring at 2m), annotation "description": the template uses Go template actions a scenario cannot render ({{ printf "%.0f" $value }}); give the expected text',
    );
  });

  it("in an alert label is refused at build: no expected text could match", () => {
    const rule = certAlert((t) => `${t.labels.name} expires soon`).withLabels({
      team: () => `{{ if eq $labels.name "web" }}web{{ end }}`,
    });
    expect(() =>
      compileTests({
        ruleFiles: ["rules.yaml"],
        groups: [group("certs", [rule])],
        scenarios: [
          scenario("expiring", {
            series: [series(certExpiry, { name: "web" }, steady(60, 3))],
            expect: [expectAlert(rule, "2m", { name: "web" })],
          }),
        ],
        requireCoverage: false,
      }),
    ).toThrow(
      /expectAlert\(CertExpiring at 2m\), label "team": the template uses Go template actions a scenario cannot render/,
    );
  });
});

/** Values Prometheus' template functions treat differently: units, rounding, signs, prefixes. */
const durations = [
  0, 0.5, 0.0012, 1e-9, 3e-25, 1, 1.5, 59.99, 59.999, 60, 61.9, 3600, 3661, 86400, 93784, 93784.9,
  -0.25, -59.5, -93784, 1e12,
];
const timestamps = [
  0, 1, 1765110600, 1765110600.5, 1765110600.123456, 1765110600.0009, 951782400, -1.5, -86400.25,
  4102444800.001, 7258118400,
];

describe("humanizeDuration and humanizeTimestamp", () => {
  it("print as Prometheus' Go functions do", () => {
    expect(durations.map(humanizeDuration)).toEqual([
      "0s",
      "500ms",
      "1.2ms",
      "1ns",
      "0.3ys",
      "1s",
      "1.5s",
      "59.99s",
      "60s",
      "1m 0s",
      "1m 1s",
      "1h 0m 0s",
      "1h 1m 1s",
      "1d 0h 0m 0s",
      "1d 2h 3m 4s",
      "1d 2h 3m 4s",
      "-250ms",
      "-59.5s",
      "-1d 2h 3m 4s",
      "11574074d 1h 46m 40s",
    ]);
    expect([NaN, Infinity, -Infinity].map(humanizeDuration)).toEqual(["NaN", "+Inf", "-Inf"]);
    expect(timestamps.map(humanizeTimestamp)).toEqual([
      "1970-01-01 00:00:00 +0000 UTC",
      "1970-01-01 00:00:01 +0000 UTC",
      "2025-12-07 12:30:00 +0000 UTC",
      "2025-12-07 12:30:00.5 +0000 UTC",
      "2025-12-07 12:30:00.123 +0000 UTC",
      "2025-12-07 12:30:00 +0000 UTC",
      "2000-02-29 00:00:00 +0000 UTC",
      "1969-12-31 23:59:58.5 +0000 UTC",
      "1969-12-30 23:59:59.75 +0000 UTC",
      // 4102444800.001 * 1e9 is 4102444800000999936 in float64: the millisecond is truncated away.
      "2100-01-01 00:00:00 +0000 UTC",
      "2200-01-01 00:00:00 +0000 UTC",
    ]);
    // Past int64 nanoseconds Prometheus refuses the value; mixkit cannot say what it prints.
    expect(humanizeTimestamp(1e10)).toBeUndefined();
  });

  it("as the typed template helpers give the text the real promtool sees", async () => {
    const inSeconds = alert("CertExpiresIn", {
      expr: raw('cert_expiry_seconds{name=~"d.*"}', { labels: ["name"] }),
      severity: "warning",
      summary: "A certificate expires.",
      description: (t) => `${t.labels.name} expires in ${t.valueAsDuration}`,
      silence: [{ check: "alert-without-condition", reason: "a table of values" }],
    });
    const at = alert("CertExpiresAt", {
      expr: raw('cert_expiry_seconds{name=~"t.*"}', { labels: ["name"] }),
      severity: "info",
      summary: "A certificate expires.",
      description: (t) => `${t.labels.name} expires at ${t.valueAsTimestamp}`,
    });
    const groups = [group("certs", [inSeconds, at])];
    const values = [...durations.map((v, i) => [`d${i}`, v] as const)];
    const stamps = [...timestamps.map((v, i) => [`t${i}`, v] as const)];
    const tests = compileTests({
      ruleFiles: ["rules.yaml"],
      groups,
      scenarios: [
        scenario("every value", {
          series: [...values, ...stamps].map(([name, v]) =>
            series(certExpiry, { name }, steady(v, 3)),
          ),
          expect: [
            ...values.map(([name, value]) => expectAlert(inSeconds, "1m", { name }, { value })),
            ...stamps.map(([name, value]) => expectAlert(at, "1m", { name }, { value })),
          ],
        }),
      ],
      requireCoverage: false,
    });
    expect(tests).toContain("description: d14 expires in 1d 2h 3m 4s");
    expect(tests).toContain("description: t4 expires at 2025-12-07 12:30:00.123 +0000 UTC");
    const here = mkdtempSync(path.join(dir, "run-"));
    writeFileSync(path.join(here, "rules.yaml"), emitRuleFile(groups));
    writeFileSync(path.join(here, "rules.test.yaml"), tests);
    const result = await testRules(path.join(here, "rules.test.yaml"));
    expect(result.ok, result.output).toBe(true);
  });
});
