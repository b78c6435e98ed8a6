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
  compileTestFiles,
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
  testFileName,
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

/** The message of the ScenarioError `f` throws; fails when it throws none. */
function guardMessage(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as Error).message;
  }
  throw new Error("the guard did not fire");
}

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

describe("scenarios with their own evaluation interval", () => {
  // An alert measured in days: at promtool's default 1m step a scenario evaluates it 1,440 times.
  const dayLong = alert("ExternalSecretNotReadyForADay", { ...notReady.spec, for: "1d" });
  const eso = [group("eso", [dayLong])];
  const labels = { exported_namespace: "app", name: "db" };
  const notReadyFor = (status: "False" | "True") =>
    series(esCondition, { ...app, status }, steady(1, 300));
  const fires = (quietAt: "23h50m" | "23h40m", at: "1d" | "23h50m") =>
    scenario(`fires after a day (expected at ${at})`, {
      interval: "5m",
      evaluationInterval: "10m",
      series: [notReadyFor("False")],
      expect: [expectNoAlert(dayLong, quietAt), expectAlert(dayLong, at, labels)],
    });
  const quiet = scenario("stays quiet while ready", {
    series: [notReadyFor("True")],
    expect: [expectNoAlert(dayLong, "1h")],
  });

  /** Writes the rule file and every compiled test file into a fresh folder; promtool on each. */
  function runFiles(scenarios: readonly Scenario[]) {
    const here = mkdtempSync(path.join(dir, "intervals-"));
    writeFileSync(path.join(here, "rules.yaml"), emitRuleFile(eso));
    const files = compileTestFiles(
      { ruleFiles: ["rules.yaml"], groups: eso, scenarios },
      "rules.test.yaml",
    );
    for (const [file, text] of files) writeFileSync(path.join(here, file), text);
    return { files, results: [...files.keys()].map((f) => testRules(path.join(here, f))) };
  }

  it("go into a test file of their own, evaluated at their interval, and pass in promtool", () => {
    const { files, results } = runFiles([fires("23h50m", "1d"), quiet]);
    expect([...files.keys()]).toEqual(["rules.test.yaml", "rules.eval-10m.test.yaml"]);
    const [main, coarse] = [...files.values()].map((t) => parse(t));
    expect(main.evaluation_interval).toBe("1m");
    expect(main.tests.map((t: { name: string }) => t.name)).toEqual(["stays quiet while ready"]);
    expect(coarse.evaluation_interval).toBe("10m");
    expect(coarse.rule_files).toEqual(["rules.yaml"]);
    expect(coarse.tests.map((t: { name: string }) => t.name)).toEqual([
      "fires after a day (expected at 1d)",
    ]);
    for (const r of results) expect(r.ok, r.output).toBe(true);
  });

  it("fail in promtool when the alert is expected before its `for` is over", () => {
    const { results } = runFiles([fires("23h40m", "23h50m"), quiet]);
    expect(results[0]?.ok).toBe(true);
    expect(results[1]?.ok).toBe(false);
    expect(results[1]?.failures.join("\n")).toContain(
      "alertname: ExternalSecretNotReadyForADay, time: 23h50m",
    );
  });

  it("count toward coverage across the files: firing in one, quiet in another", () => {
    expect(() =>
      compileTestFiles(
        { ruleFiles: ["r.yaml"], groups: eso, scenarios: [fires("23h50m", "1d")] },
        "r.test.yaml",
      ),
    ).not.toThrow();
    expect(
      guardMessage(() =>
        compileTestFiles({ ruleFiles: ["r.yaml"], groups: eso, scenarios: [quiet] }, "r.test.yaml"),
      ),
    ).toContain("alert ExternalSecretNotReadyForADay has no scenario where it fires");
  });

  it("are refused by compileTests, which writes a single file", () => {
    expect(
      guardMessage(() =>
        compileTests({
          ruleFiles: ["r.yaml"],
          groups: eso,
          scenarios: [fires("23h50m", "1d"), quiet],
        }),
      ),
    ).toContain(
      'scenario "fires after a day (expected at 1d)": evaluates every 10m, the test file every 1m; compileTestFiles writes one file per evaluation interval',
    );
  });

  it("refuse expectations between two evaluations", () => {
    const between = scenario("between evaluations", {
      evaluationInterval: "10m",
      series: [notReadyFor("False")],
      expect: [
        expectAlert(dayLong, "1d5m", labels),
        expectSamples(esCondition.where({ status: "False" }), "25m", []),
      ],
    });
    const message = guardMessage(() =>
      compileTestFiles(
        { ruleFiles: ["r.yaml"], groups: eso, scenarios: [between, quiet] },
        "r.test.yaml",
      ),
    );
    expect(message).toContain(
      'scenario "between evaluations", expectAlert at 1d5m: not a multiple of the evaluation interval 10m; promtool would check the alerts of the evaluation at 1d',
    );
    expect(message).toContain(
      'scenario "between evaluations", expectSamples at 25m: not a multiple of the evaluation interval 10m; queries see rule results only up to 5m after an evaluation (the last at 20m)',
    );
    // Within the 5m lookback a query may fall between evaluations; an alert check may not.
    const atDefault = scenario("between minutes", {
      series: [notReadyFor("True")],
      expect: [
        expectNoAlert(dayLong, "90s"),
        expectSamples(esCondition.where({ status: "False" }), "90s", []),
      ],
    });
    const defaults = guardMessage(() =>
      compileTests({
        ruleFiles: ["r.yaml"],
        groups: eso,
        scenarios: [fires("23h50m", "1d"), atDefault],
      }),
    );
    expect(defaults).toContain('scenario "between minutes", expectNoAlert at 1m30s');
    expect(defaults).not.toContain("expectSamples at 1m30s");
  });

  it("name their files after the default one and the interval", () => {
    expect(testFileName("flux.rules.test.yaml", 600_000)).toBe("flux.rules.eval-10m.test.yaml");
    expect(testFileName("rules.yaml", 5_400_000)).toBe("rules.eval-1h30m.yaml");
    expect(testFileName("tests", 60_000)).toBe("tests.eval-1m");
  });

  it("refuse an interval of zero", () => {
    expect(() =>
      scenario("zero", { evaluationInterval: "0s", series: [notReadyFor("True")], expect: [] }),
    ).toThrow('scenario("zero"): evaluationInterval must be above 0');
  });
});
