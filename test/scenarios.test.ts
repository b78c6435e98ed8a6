/** promtool scenarios: compiled from typed expectations, run in the real promtool, guarded against vacuous passes. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import {
  PromtoolMissingError,
  ScenarioError,
  alert,
  compileTests,
  emitRuleFile,
  expectAlert,
  expectNoAlert,
  expectSamples,
  findPromtool,
  group,
  missing,
  ramp,
  samples,
  scenario,
  series,
  stale,
  steady,
  testRules,
  type RuleGroup,
  type Scenario,
} from "../src/index.js";
import {
  esCondition,
  notReady,
  sampleGroups,
  sampleScenarios,
  syncErrors,
} from "./fixtures/sample-rules.js";

const dir = mkdtempSync(path.join(tmpdir(), "mixkit-scenarios-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the rule file and the compiled tests into a fresh folder and runs promtool on them. */
function runScenarios(
  groups: readonly RuleGroup[],
  scenarios: readonly Scenario[],
  options: { requireCoverage?: boolean } = {},
) {
  const here = mkdtempSync(path.join(dir, "run-"));
  writeFileSync(path.join(here, "rules.yaml"), emitRuleFile(groups));
  const testFile = path.join(here, "rules.test.yaml");
  writeFileSync(
    testFile,
    compileTests({ ruleFiles: ["rules.yaml"], groups, scenarios, ...options }),
  );
  return testRules(testFile);
}

const app = {
  job: "external-secrets-metrics",
  condition: "Ready",
  name: "db",
  exported_namespace: "app",
} as const;

describe("series notation", () => {
  it("counts samples, not promtool repetitions", () => {
    expect(steady(1, 30).notation).toBe("1x29");
    expect(ramp(0, 5, 10).notation).toBe("0+5x9");
    expect(ramp(100, -2, 3).notation).toBe("100-2x2");
    expect(missing(3).notation).toBe("_x3");
    expect(samples(1, 2.5, NaN, Infinity).notation).toBe("1 2.5 NaN Inf");
    expect(stale().notation).toBe("stale");
  });

  it("refuses impossible counts and bad hand-written notation", () => {
    expect(() => steady(1, 0)).toThrow(
      "steady(): the number of samples must be a whole number >= 1, got 0",
    );
    expect(() => series(esCondition, app, "1x5 oops")).toThrow(
      'series(externalsecret_status_condition): "oops" is not promtool series notation',
    );
    expect(() => series(esCondition.where({ status: "False" }), app, "1")).toThrow(
      "give the labels as the second argument",
    );
  });
});

describe("scenarios in the real promtool", () => {
  it("finds promtool, or says how to install it", () => {
    expect(findPromtool()).toMatch(/promtool$/);
    expect(() => findPromtool({ PATH: "/nonexistent" })).toThrow(PromtoolMissingError);
    expect(() => findPromtool({ PATH: "/nonexistent" })).toThrow("sudo apt-get install prometheus");
  });

  it("pass for the sample rules: firing, quiet, pending, HA replicas, stale, keep_firing_for", () => {
    const r = runScenarios(sampleGroups, sampleScenarios);
    expect(r.output).toContain("SUCCESS");
    expect(r.ok, r.output).toBe(true);
  });

  it("fail, and say why, when an expectation is wrong", () => {
    const wrong = scenario("ExternalSecretNotReady fires for the wrong object", {
      series: [series(esCondition, { ...app, status: "False" }, steady(1, 30))],
      expect: [
        expectAlert(notReady, "15m", { exported_namespace: "app", name: "other" }),
        expectNoAlert(notReady, "0s"),
      ],
    });
    const r = runScenarios([group("eso", [notReady])], [wrong]);
    expect(r.ok).toBe(false);
    expect(r.exitCode).toBe(1);
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toContain("alertname: ExternalSecretNotReady, time: 15m");
    expect(r.failures[0]).toContain('name="other"');
  });

  it("fail when an alert fires too early (the pending window is checked)", () => {
    const early = scenario("ExternalSecretNotReady before its for", {
      series: [series(esCondition, { ...app, status: "False" }, steady(1, 30))],
      expect: [
        expectAlert(notReady, "5m", { exported_namespace: "app", name: "db" }),
        expectNoAlert(notReady, "0s"),
      ],
    });
    expect(runScenarios([group("eso", [notReady])], [early]).ok).toBe(false);
  });

  it("render expected annotations from the rule's templates, including $value", () => {
    const yaml = parse(
      compileTests({ ruleFiles: ["r.yaml"], groups: sampleGroups, scenarios: sampleScenarios }),
    );
    const test = yaml.tests.find((t: { name: string }) =>
      t.name.startsWith("ExternalSecretSyncErrors"),
    );
    const fired = test.alert_rule_test.find(
      (a: { exp_alerts: unknown[] }) => a.exp_alerts.length > 0,
    );
    expect(fired.exp_alerts[0]).toEqual({
      exp_labels: {
        component: "external-secrets",
        exported_namespace: "app",
        name: "db",
        severity: "warning",
      },
      exp_annotations: {
        description: "ExternalSecret app/db had 15 sync errors in 15 minutes.",
        runbook_url:
          "https://github.com/example/mixkit/blob/main/runbooks/external-secrets.md#externalsecretsyncerrors",
        summary: "An ExternalSecret fails to sync.",
      },
    });
  });
});

describe("guards against tests that pass vacuously", () => {
  const quietOnly = scenario("only quiet", {
    series: [series(esCondition, { ...app, status: "False" }, steady(0, 10))],
    expect: [expectNoAlert(notReady, "5m")],
  });
  const firingOnly = scenario("only firing", {
    series: [series(esCondition, { ...app, status: "False" }, steady(1, 30))],
    expect: [expectAlert(notReady, "15m", { exported_namespace: "app", name: "db" })],
  });
  const guardMessage = (f: () => unknown): string => {
    try {
      f();
    } catch (err) {
      expect(err).toBeInstanceOf(ScenarioError);
      return (err as Error).message;
    }
    throw new Error("the guard did not fire");
  };
  const eso = [group("eso", [notReady])];

  it("refuse an alert without a firing case", () => {
    expect(
      guardMessage(() =>
        compileTests({ ruleFiles: ["r.yaml"], groups: eso, scenarios: [quietOnly] }),
      ),
    ).toContain("alert ExternalSecretNotReady has no scenario where it fires (expectAlert)");
  });

  it("refuse an alert without a quiet case", () => {
    expect(
      guardMessage(() =>
        compileTests({ ruleFiles: ["r.yaml"], groups: eso, scenarios: [firingOnly] }),
      ),
    ).toContain(
      "alert ExternalSecretNotReady has no scenario where it must not fire (expectNoAlert)",
    );
  });

  it("refuse an alert no rule group defines", () => {
    const ghost = alert("GhostAlert", { ...notReady.spec });
    const s = scenario("ghost", {
      series: [series(esCondition, { ...app, status: "False" }, steady(1, 3))],
      expect: [expectNoAlert(ghost, "1m")],
    });
    expect(
      guardMessage(() =>
        compileTests({ ruleFiles: ["r.yaml"], groups: eso, scenarios: [firingOnly, quietOnly, s] }),
      ),
    ).toContain(
      'scenario "ghost", expectNoAlert(GhostAlert at 1m): no rule group defines the alert GhostAlert; the test would pass vacuously',
    );
  });

  it("refuse expected samples of a recorded series no rule records", () => {
    const s = scenario("unknown record", {
      series: [series(esCondition, { ...app, status: "False" }, steady(1, 3))],
      expect: [expectSamples(syncErrors.expr, "1m", [])],
    });
    expect(
      guardMessage(() =>
        compileTests({ ruleFiles: ["r.yaml"], groups: eso, scenarios: [firingOnly, quietOnly, s] }),
      ),
    ).toContain(
      "expectSamples uses exported_namespace_name:externalsecret_sync_calls_error:increase15m, but no recording rule defines it",
    );
  });

  it("refuse a scenario that expects an alert to fire and not fire at once", () => {
    const s = scenario("contradiction", {
      series: [series(esCondition, { ...app, status: "False" }, steady(1, 30))],
      expect: [
        expectAlert(notReady, "15m", { exported_namespace: "app", name: "db" }),
        expectNoAlert(notReady, "15m"),
      ],
    });
    expect(
      guardMessage(() => compileTests({ ruleFiles: ["r.yaml"], groups: eso, scenarios: [s] })),
    ).toContain("the scenario expects the alert both to fire and not to fire at this time");
  });

  it("refuse scenarios without expectations, without series, or without rule files", () => {
    const empty = scenario("empty", { series: [], expect: [] });
    const message = guardMessage(() =>
      compileTests({ ruleFiles: [], groups: eso, scenarios: [firingOnly, quietOnly, empty] }),
    );
    expect(message).toContain("no rule files: promtool would test nothing");
    expect(message).toContain('scenario "empty": no input series');
    expect(message).toContain('scenario "empty": no expectations; it could not fail');
  });

  it("refuse a $value template without an expected value", () => {
    const s = scenario("no value", {
      series: [series(esCondition, { ...app, status: "False" }, steady(1, 3))],
      expect: [expectAlert(syncErrors, "1m", { exported_namespace: "app", name: "db" })],
    });
    expect(
      guardMessage(() =>
        compileTests({
          ruleFiles: ["r.yaml"],
          groups: sampleGroups,
          scenarios: [s],
          requireCoverage: false,
        }),
      ),
    ).toContain(
      `scenario "no value", expectAlert(ExternalSecretSyncErrors at 1m), annotation "description": the template uses the alert's value; give the expected value`,
    );
  });

  it("refuse to run a test file whose rule file is missing (promtool would only warn and pass)", () => {
    const testFile = path.join(dir, "orphan.test.yaml");
    writeFileSync(
      testFile,
      compileTests({
        ruleFiles: ["missing.rules.yaml"],
        groups: eso,
        scenarios: [firingOnly, quietOnly],
      }),
    );
    expect(() => testRules(testFile)).toThrow(/rule file missing.rules.yaml does not exist/);
  });
});
