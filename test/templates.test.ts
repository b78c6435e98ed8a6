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
