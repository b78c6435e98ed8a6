/**
 * Analysis as code in `mixkit build`: the config's `analysis` sets written under analysis/<name>/,
 * the Kubernetes objects listed in the kustomization, and their checks run by `mixkit test` with
 * the real promtool.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildProjectWith, ProjectError } from "../src/index.js";
import {
  latencyCheck,
  latencyMetric,
  latencyP99,
  successRate,
  successRateCheck,
  successRateMetric,
} from "./fixtures/analysis-examples.js";
import { linkedProject, repositoryRoot } from "./fixtures/linked-project.js";
import { runAsync } from "./fixtures/run-async.js";

const podinfo = {
  name: "podinfo",
  objects: [successRate, latencyP99],
  canaryMetrics: [successRateMetric, latencyMetric],
  checks: [successRateCheck, latencyCheck],
};

describe("analysis sets in the build", () => {
  it("writes each set to analysis/<name>/ and lists its objects in the kustomization", () => {
    const build = buildProjectWith({ analysis: [podinfo] }, {});
    expect([...build.files.keys()].filter((f) => f.startsWith("analysis/"))).toEqual([
      "analysis/podinfo/podinfo.analysis.rules.yaml",
      "analysis/podinfo/podinfo.analysis.test.yaml",
      "analysis/podinfo/podinfo.analysis.yaml",
      "analysis/podinfo/podinfo.canary-metrics.yaml",
    ]);
    expect(build.files.get("analysis/podinfo/podinfo.analysis.yaml")).toContain(
      "kind: MetricTemplate",
    );
    // The Canary fragment is merged by hand, not applied: only the objects are resources.
    const kustomization = build.files.get("kustomization.yaml") ?? "";
    expect(kustomization).toContain("analysis/podinfo/podinfo.analysis.yaml");
    expect(kustomization).not.toContain("canary-metrics");
    expect(build.analysisTestFiles).toEqual(["analysis/podinfo/podinfo.analysis.test.yaml"]);
    expect(build.files.get(".mixkit-manifest.json")).toContain("analysis/podinfo/");
  });

  it("refuses two sets of one name, naming the second", () => {
    expect(() => buildProjectWith({ analysis: [podinfo, { ...podinfo }] }, {})).toThrow(
      ProjectError,
    );
    expect(() => buildProjectWith({ analysis: [podinfo, { ...podinfo }] }, {})).toThrow(
      /analysis\.1 \("podinfo"\): another analysis set has the same name/,
    );
  });
});

describe("mixkit test runs the analysis checks", () => {
  const tmp = mkdtempSync(path.join(tmpdir(), "mixkit-analysis-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const config = (threshold: number) => `
import { analysisArtifacts, canaryMetric, counter, defineConfig, fixture, flaggerCheck, metricTemplate, nre, prometheusProvider, ramp, rate, series, sum } from "mixkit";
const requests = counter("istio_requests_total", ["reporter", "destination_workload", "destination_workload_namespace", "response_code"]);
const successRate = metricTemplate("istio-success-rate", {
  namespace: "istio-system",
  provider: prometheusProvider("http://prometheus.monitoring:9090"),
  query: (t) => {
    const canary = requests.where({ reporter: "destination", destination_workload_namespace: t.namespace, destination_workload: t.target });
    return sum(rate(canary.where({ response_code: nre("5..") }).range(t.interval))).div(sum(rate(canary.range(t.interval)))).mul(100);
  },
});
const metric = canaryMetric(successRate, { interval: "1m", thresholdRange: { min: ${threshold} } });
const pod = { reporter: "destination", destination_workload_namespace: "test", destination_workload: "podinfo" };
const traffic = (ok: number, errors: number) => [
  series(requests, { ...pod, response_code: "200" }, ramp(0, ok, 15)),
  series(requests, { ...pod, response_code: "503" }, ramp(0, errors, 15)),
];
const check = flaggerCheck(metric, {
  canary: { namespace: "test", target: "podinfo" },
  at: "10m",
  healthy: [fixture("0.5% errors", traffic(995, 5))],
  broken: [fixture("5% errors", traffic(950, 50))],
});
export default defineConfig({ analysis: [{ name: "podinfo", objects: [successRate], canaryMetrics: [metric], checks: [check] }] });
`;
  const bin = path.join(repositoryRoot, "dist/cli/main.js");

  it("passes a check that tells the healthy canary from the broken one, fails one that does not", async () => {
    const good = linkedProject(path.join(tmp, "good"), { "mixkit.config.ts": config(99) });
    // A success rate of 90% is enough: the broken canary (95%) passes too, so the check fails.
    const loose = linkedProject(path.join(tmp, "loose"), { "mixkit.config.ts": config(90) });
    const [ok, bad] = await Promise.all([
      runAsync(process.execPath, [bin, "test"], good),
      runAsync(process.execPath, [bin, "test"], loose),
    ]);
    expect(`${ok.out}${ok.err}`).toContain("analysis/podinfo/podinfo.analysis.test.yaml");
    expect(ok.code, `${ok.out}${ok.err}`).toBe(0);
    expect(`${bad.out}${bad.err}`).toMatch(
      /FAILED\s+analysis\/podinfo\/podinfo\.analysis\.test\.yaml/,
    );
    expect(bad.code).toBe(1);
  });
});
