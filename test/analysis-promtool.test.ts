/**
 * Each analysis query, filled in for a canary as Flagger or Keptn would, runs in the real promtool on
 * fixture series: a healthy canary passes its threshold, a broken one fails it. Negative controls
 * prove the tests can fail: swapped fixtures and a threshold too lax to stop the broken canary.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import {
  analysisArtifacts,
  canaryMetric,
  compileAnalysisTests,
  emptyRuleFile,
  findPromtool,
  fixture,
  flaggerCheck,
  greaterThan,
  keptnCheck,
  objective,
  testRules,
  type AnalysisCheck,
} from "../src/index.js";
import {
  checks,
  durations,
  errorRate,
  errorRateObjective,
  keptnAnalysisMetric,
  latencyP99,
  successRate,
  successRateMetric,
  traffic,
} from "./fixtures/analysis-examples.js";

const dir = mkdtempSync(path.join(tmpdir(), "mixkit-analysis-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the compiled tests and their empty rule file into a fresh folder and runs promtool. */
function run(list: readonly AnalysisCheck[]) {
  const here = mkdtempSync(path.join(dir, "run-"));
  writeFileSync(path.join(here, "analysis.rules.yaml"), emptyRuleFile);
  const file = path.join(here, "analysis.test.yaml");
  writeFileSync(file, compileAnalysisTests(list));
  return testRules(file);
}

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  throw new Error("expected an error, got none");
}

const canary = { namespace: "test", target: "podinfo" } as const;

describe("analysis checks in the real promtool", () => {
  it("finds promtool (tests need it; install Debian's prometheus package)", () => {
    expect(findPromtool()).toMatch(/promtool$/);
  });

  it("every example check passes: healthy canaries pass, broken ones fail", () => {
    const r = run(checks);
    expect(r.failures).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it("the artifacts hold the same tests and an empty rule file promtool loads", () => {
    const here = mkdtempSync(path.join(dir, "artifacts-"));
    const files = analysisArtifacts("delivery", { checks });
    expect([...files.keys()]).toEqual([
      "delivery.analysis.rules.yaml",
      "delivery.analysis.test.yaml",
    ]);
    for (const [name, text] of files) writeFileSync(path.join(here, name), text);
    const r = testRules(path.join(here, "delivery.analysis.test.yaml"));
    expect(r.ok, r.output).toBe(true);
    const doc = parse(readFileSync(path.join(here, "delivery.analysis.test.yaml"), "utf8"));
    expect(doc.rule_files).toEqual(["delivery.analysis.rules.yaml"]);
    // One test group per fixture: healthy, broken (including NaN and no data) and warning cases.
    expect(doc.tests.map((t: { name: string }) => t.name)).toContain(
      "Canary metric istio-success-rate (test/podinfo): broken: no requests (NaN)",
    );
    expect(doc.tests.map((t: { name: string }) => t.name)).toContain(
      "objective test/istio-error-rate (namespace=test,workload=podinfo): warning: 0.7% errors",
    );
  });

  it("runs the query as Flagger renders it: namespace, target and interval filled in", () => {
    const [healthy] = parse(compileAnalysisTests([checks[0]])).tests;
    const expr: string = healthy.promql_expr_test[0].expr;
    expect(expr).toContain('destination_workload="podinfo", destination_workload_namespace="test"');
    expect(expr).toContain("[1m]");
    expect(expr).not.toContain("{{");
    expect(expr.endsWith(" >= bool 99 == bool 0")).toBe(true);
    expect(healthy.promql_expr_test[0].exp_samples).toEqual([{ labels: "", value: 0 }]);
  });

  it("negative control: swapped fixtures fail, one failure per fixture", () => {
    const [check] = checks;
    const swapped = flaggerCheck(successRateMetric, {
      canary,
      at: "10m",
      healthy: [fixture("5% errors", traffic(950, 50))],
      broken: [fixture("0.5% errors", traffic(995, 5))],
    });
    expect(check.name).toBe(swapped.name);
    const r = run([swapped]);
    expect(r.ok).toBe(false);
    expect(r.failures).toHaveLength(2);
    expect(r.output).toContain("exp: {} 0E+00");
    expect(r.output).toContain("got: {} 1E+00");
  });

  it("negative control: a threshold too lax to stop the broken canary fails its test", () => {
    const lax = canaryMetric(successRate, { interval: "1m", thresholdRange: { min: 90 } });
    const r = run([
      flaggerCheck(lax, {
        canary,
        at: "10m",
        healthy: [fixture("0.5% errors", traffic(995, 5))],
        broken: [fixture("5% errors", traffic(950, 50))],
      }),
    ]);
    expect(r.ok).toBe(false);
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toContain(">= bool 90 == bool 0");
  });

  it("negative control: a latency bound above the broken canary's p99 fails; a Keptn target too", () => {
    const lax = canaryMetric(latencyP99, { interval: "1m", thresholdRange: { max: 5000 } });
    const latency = run([
      flaggerCheck(lax, {
        canary,
        at: "10m",
        healthy: [fixture("all fast", durations(1000, 0))],
        broken: [fixture("2% slow", durations(980, 20))],
      }),
    ]);
    expect(latency.ok).toBe(false);
    expect(latency.failures).toHaveLength(1);

    const laxObjective = objective(errorRate, { failure: greaterThan(0.1) });
    const keptn = run([
      keptnCheck(laxObjective, {
        args: { namespace: "test", workload: "podinfo" },
        at: "10m",
        healthy: [fixture("0.2% errors", traffic(998, 2))],
        broken: [fixture("5% errors", traffic(950, 50))],
      }),
    ]);
    expect(keptn.ok).toBe(false);
    expect(keptn.failures).toHaveLength(1);
  });

  it("negative control: a fixture whose series miss the query fails unless declared as no data", () => {
    const r = run([
      flaggerCheck(successRateMetric, {
        canary: { namespace: "test", target: "frontend" },
        at: "10m",
        healthy: [fixture("podinfo's traffic, not frontend's", traffic(995, 5))],
        broken: [fixture("5% errors", traffic(950, 50))],
      }),
    ]);
    expect(r.ok).toBe(false);
    expect(r.failures).toHaveLength(2);
  });
});

describe("check guards", () => {
  it("refuse checks that could not fail or could not pass", () => {
    expect(
      messageOf(() =>
        flaggerCheck(successRateMetric, {
          canary,
          at: "10m",
          healthy: [fixture("ok", traffic(1, 0))],
          broken: [],
        }),
      ),
    ).toContain(
      'check of Canary metric "istio-success-rate" for test/podinfo: no broken fixture: nothing shows the check can fail',
    );
    expect(
      messageOf(() =>
        flaggerCheck(successRateMetric, {
          canary,
          at: "10m",
          healthy: [],
          broken: [fixture("bad", traffic(1, 1))],
        }),
      ),
    ).toContain("no healthy fixture");
    expect(
      messageOf(() =>
        flaggerCheck(successRateMetric, {
          canary,
          at: "10m",
          healthy: [fixture("empty", traffic(1, 0), { noData: true })],
          broken: [fixture("bad", traffic(1, 1))],
        }),
      ),
    ).toContain('fixture "empty": a query without data fails the check');
    expect(
      messageOf(() =>
        flaggerCheck(successRateMetric, {
          canary,
          at: "10m",
          healthy: [fixture("same", traffic(1, 0))],
          broken: [fixture("same", traffic(1, 1))],
        }),
      ),
    ).toContain('fixture "same": another fixture has the same name');
    expect(messageOf(() => fixture("nothing", []))).toContain('fixture "nothing": no input series');
  });

  it("refuse an evaluation time before the query's window, and bad canaries", () => {
    expect(
      messageOf(() =>
        flaggerCheck(canaryMetric(successRate, { interval: "30m", thresholdRange: { min: 99 } }), {
          canary,
          at: "10m",
          healthy: [fixture("ok", traffic(1, 0))],
          broken: [fixture("bad", traffic(1, 1))],
        }),
      ),
    ).toContain('field "at": 10m is earlier than the query\'s 30m window');
    expect(
      messageOf(() =>
        flaggerCheck(successRateMetric, {
          canary: { namespace: "Test", target: "podinfo" },
          at: "10m",
          healthy: [fixture("ok", traffic(1, 0))],
          broken: [fixture("bad", traffic(1, 1))],
        }),
      ),
    ).toContain('canary.namespace: "Test" is not a namespace name');
  });

  it("send Keptn analysis templates to their objectives, and check Keptn args", () => {
    expect(
      messageOf(() =>
        flaggerCheck(keptnAnalysisMetric, {
          canary,
          at: "10m",
          healthy: [fixture("ok", traffic(1, 0))],
          broken: [fixture("bad", traffic(1, 1))],
        }),
      ),
    ).toContain(
      "runs a Keptn Analysis, which returns only 1 or 0: check the AnalysisDefinition's objectives with keptnCheck",
    );
    const spec = {
      at: "10m",
      healthy: [fixture("ok", traffic(1, 0))],
      broken: [fixture("bad", traffic(1, 1))],
    } as const;
    expect(
      messageOf(() =>
        keptnCheck(errorRateObjective, { ...spec, args: { workload: "podinfo" } as never }),
      ),
    ).toContain("no value for the template action {{.namespace}}");
    expect(
      messageOf(() =>
        keptnCheck(errorRateObjective, {
          ...spec,
          args: { namespace: "test", workload: "podinfo", stage: "dev" } as never,
        }),
      ),
    ).toContain("args.stage: the template istio-error-rate does not use {{.stage}}");
    expect(
      messageOf(() =>
        keptnCheck(objective(errorRate, { warning: greaterThan(0.01) }), {
          ...spec,
          args: { namespace: "test", workload: "podinfo" },
        }),
      ),
    ).toContain("broken fixtures, but the objective has no failure target");
  });

  it("refuse an empty or duplicated check list", () => {
    expect(messageOf(() => compileAnalysisTests([]))).toContain(
      "compileAnalysisTests(): no checks",
    );
    expect(messageOf(() => compileAnalysisTests([checks[0], checks[0]]))).toContain(
      'check "Canary metric istio-success-rate (test/podinfo)": another check has the same name',
    );
  });
});
