/**
 * Models to Kubernetes resources (plain objects typed by crd-types.ts) and to YAML text with the
 * repository's deterministic writer. Nothing is validated here: the builders did that.
 */
import { toYaml } from "../rules/yaml.js";
import type { CanaryMetric } from "./canary-metric.js";
import type {
  AnalysisDefinitionResource,
  AnalysisResource,
  AnalysisValueTemplateResource,
  CanaryMetricEntry,
  ClusterRoleResource,
  KeptnMetricResource,
  MetricTemplateResource,
  NamespacedMeta,
  ObjectiveSpec,
  OperatorSpec,
} from "./crd-types.js";
import type { AnalysisDefinition, AnalysisValueTemplate, Operator } from "./keptn-analysis.js";
import type { KeptnMetric } from "./keptn-metric.js";
import { flaggerKeptnRules, type FlaggerKeptnRole } from "./keptn-provider.js";
import type { MetricTemplate } from "./metric-template.js";
import { toQuantity } from "./quantity.js";

/** Everything that becomes a resource. */
export type AnalysisObject =
  MetricTemplate | KeptnMetric | AnalysisValueTemplate | AnalysisDefinition | FlaggerKeptnRole;

function metadata(o: {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}): NamespacedMeta {
  return Object.keys(o.labels).length > 0
    ? { name: o.name, namespace: o.namespace, labels: { ...o.labels } }
    : { name: o.name, namespace: o.namespace };
}

export function metricTemplateResource(t: MetricTemplate): MetricTemplateResource {
  const p = t.provider;
  return {
    apiVersion: "flagger.app/v1beta1",
    kind: "MetricTemplate",
    metadata: metadata(t),
    spec: {
      provider:
        p.type === "keptn"
          ? { type: "keptn" }
          : {
              type: "prometheus",
              address: p.address,
              ...(p.secretRef !== undefined ? { secretRef: { name: p.secretRef } } : {}),
              ...(p.insecureSkipVerify !== undefined
                ? { insecureSkipVerify: p.insecureSkipVerify }
                : {}),
            },
      query: t.query,
    },
  };
}

export function canaryMetricEntry(m: CanaryMetric): CanaryMetricEntry {
  return {
    name: m.name,
    templateRef: { name: m.template.name, namespace: m.template.namespace },
    thresholdRange: { ...m.thresholdRange },
    interval: m.interval,
    ...(Object.keys(m.templateVariables).length > 0
      ? { templateVariables: { ...m.templateVariables } }
      : {}),
  };
}

export function keptnMetricResource(m: KeptnMetric): KeptnMetricResource {
  const r = m.range;
  return {
    apiVersion: "metrics.keptn.sh/v1beta1",
    kind: "KeptnMetric",
    metadata: metadata(m),
    spec: {
      provider: { name: m.provider },
      query: m.query,
      fetchIntervalSeconds: m.fetchIntervalSeconds,
      ...(r
        ? {
            range: {
              ...(r.interval !== undefined ? { interval: r.interval } : {}),
              ...(r.step !== undefined ? { step: r.step } : {}),
              ...(r.aggregation !== undefined ? { aggregation: r.aggregation } : {}),
              ...(r.storedResults !== undefined ? { storedResults: r.storedResults } : {}),
            },
          }
        : {}),
    },
  };
}

export function analysisValueTemplateResource(
  t: AnalysisValueTemplate,
): AnalysisValueTemplateResource {
  return {
    apiVersion: "metrics.keptn.sh/v1beta1",
    kind: "AnalysisValueTemplate",
    metadata: metadata(t),
    spec: {
      provider:
        t.provider.namespace !== undefined
          ? { name: t.provider.name, namespace: t.provider.namespace }
          : { name: t.provider.name },
      query: t.query,
    },
  };
}

export function operatorSpec(o: Operator, where: string): OperatorSpec {
  switch (o.op) {
    case "inRange":
    case "notInRange": {
      const bounds = { lowBound: toQuantity(o.low, where), highBound: toQuantity(o.high, where) };
      return o.op === "inRange" ? { inRange: bounds } : { notInRange: bounds };
    }
    default: {
      const value = { fixedValue: toQuantity(o.value, where) };
      switch (o.op) {
        case "lessThan":
          return { lessThan: value };
        case "lessThanOrEqual":
          return { lessThanOrEqual: value };
        case "greaterThan":
          return { greaterThan: value };
        case "greaterThanOrEqual":
          return { greaterThanOrEqual: value };
        case "equalTo":
          return { equalTo: value };
      }
    }
  }
}

export function analysisDefinitionResource(d: AnalysisDefinition): AnalysisDefinitionResource {
  const objectives = d.objectives.map((o): ObjectiveSpec => {
    const where = `AnalysisDefinition ${JSON.stringify(d.name)}, objective ${o.template.name}`;
    const target = {
      ...(o.failure ? { failure: operatorSpec(o.failure, where) } : {}),
      ...(o.warning ? { warning: operatorSpec(o.warning, where) } : {}),
    };
    return {
      analysisValueTemplateRef: { name: o.template.name, namespace: o.template.namespace },
      target,
      ...(o.weight !== undefined ? { weight: o.weight } : {}),
      ...(o.keyObjective !== undefined ? { keyObjective: o.keyObjective } : {}),
    };
  });
  return {
    apiVersion: "metrics.keptn.sh/v1beta1",
    kind: "AnalysisDefinition",
    metadata: metadata(d),
    spec: { objectives, totalScore: { ...d.totalScore } },
  };
}

export function flaggerKeptnClusterRole(role: FlaggerKeptnRole): ClusterRoleResource {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata:
      Object.keys(role.labels).length > 0
        ? { name: role.name, labels: { ...role.labels } }
        : { name: role.name },
    rules: flaggerKeptnRules.map((r) => ({
      apiGroups: [...r.apiGroups],
      resources: [...r.resources],
      verbs: [...r.verbs],
    })),
  };
}

/** The resource for any analysis object. */
export function analysisResource(o: AnalysisObject): AnalysisResource {
  switch (o.kind) {
    case "MetricTemplate":
      return metricTemplateResource(o);
    case "KeptnMetric":
      return keptnMetricResource(o);
    case "AnalysisValueTemplate":
      return analysisValueTemplateResource(o);
    case "AnalysisDefinition":
      return analysisDefinitionResource(o);
    case "FlaggerKeptnRole":
      return flaggerKeptnClusterRole(o);
  }
}

/** One YAML document per object, in the given order, separated by `---`. */
export function analysisManifests(objects: readonly AnalysisObject[]): string {
  return objects.map((o) => toYaml(analysisResource(o))).join("---\n");
}

/** The Canary `spec.analysis.metrics` list as YAML, to merge into a Canary. */
export function canaryMetricsYaml(metrics: readonly CanaryMetric[]): string {
  return toYaml({ analysis: { metrics: metrics.map(canaryMetricEntry) } });
}
