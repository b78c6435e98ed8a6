/**
 * The files an analysis set becomes: the resources, the Canary metrics fragment, and the promtool
 * expression tests with their (empty) rule file. Paths are relative to the output folder.
 */
import type { CanaryMetric } from "./canary-metric.js";
import type { AnalysisCheck } from "./checks.js";
import { compileAnalysisTests, emptyRuleFile } from "./compile-checks.js";
import { analysisManifests, canaryMetricsYaml, type AnalysisObject } from "./emit.js";
import { AnalysisError } from "./errors.js";

export interface AnalysisSet {
  /** MetricTemplates, KeptnMetrics, AnalysisValueTemplates, AnalysisDefinitions, the ClusterRole. */
  readonly objects?: readonly AnalysisObject[];
  /** Canary `analysis.metrics` entries, emitted as a fragment to merge into the Canary. */
  readonly canaryMetrics?: readonly CanaryMetric[];
  readonly checks?: readonly AnalysisCheck[];
}

/**
 * `<name>.analysis.yaml`, `<name>.canary-metrics.yaml`, and `<name>.analysis.test.yaml` with
 * `<name>.analysis.rules.yaml`; each only when there is something to put in it.
 */
export function analysisArtifacts(name: string, set: AnalysisSet): Map<string, string> {
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name))
    throw new AnalysisError(
      `analysisArtifacts(${JSON.stringify(name)})`,
      "use a lowercase file name base",
    );
  const out = new Map<string, string>();
  const objects = set.objects ?? [];
  const keys = new Set<string>();
  for (const o of objects) {
    const key = `${o.kind} ${"namespace" in o ? `${o.namespace}/` : ""}${o.name}`;
    if (keys.has(key))
      throw new AnalysisError(
        `analysisArtifacts(${JSON.stringify(name)})`,
        `${key} is listed twice`,
      );
    keys.add(key);
  }
  if (objects.length > 0) out.set(`${name}.analysis.yaml`, analysisManifests(objects));
  if ((set.canaryMetrics ?? []).length > 0)
    out.set(`${name}.canary-metrics.yaml`, canaryMetricsYaml(set.canaryMetrics ?? []));
  if ((set.checks ?? []).length > 0) {
    const ruleFile = `${name}.analysis.rules.yaml`;
    out.set(ruleFile, emptyRuleFile);
    out.set(
      `${name}.analysis.test.yaml`,
      compileAnalysisTests(set.checks ?? [], { ruleFiles: [ruleFile] }),
    );
  }
  return out;
}
