/**
 * The field names each emitted kind may carry, as confirmed in upstream sources, for run-time checks
 * of emitted YAML (the types in crd-types.ts make the same promise at compile time). `*` stands for
 * any map key, `[]` for every array item.
 */

const meta = ["apiVersion", "kind", "metadata.name", "metadata.namespace", "metadata.labels.*"];

const operators = ["lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual", "equalTo"];
const targetFields = (side: "failure" | "warning") => [
  ...operators.map((op) => `spec.objectives[].target.${side}.${op}.fixedValue`),
  ...["inRange", "notInRange"].flatMap((op) =>
    ["lowBound", "highBound"].map((b) => `spec.objectives[].target.${side}.${op}.${b}`),
  ),
];

export const confirmedFields: Readonly<Record<string, readonly string[]>> = Object.freeze({
  /** fluxcd/flagger artifacts/flagger/crd.yaml (metrictemplates.flagger.app), pkg/apis/flagger/v1beta1/metric.go */
  MetricTemplate: [
    ...meta,
    "spec.provider.type",
    "spec.provider.address",
    "spec.provider.secretRef.name",
    "spec.provider.insecureSkipVerify",
    "spec.query",
  ],
  /** One Canary spec.analysis.metrics item: artifacts/flagger/crd.yaml, pkg/apis/flagger/v1beta1/canary.go CanaryMetric */
  CanaryMetric: [
    "name",
    "interval",
    "thresholdRange.min",
    "thresholdRange.max",
    "templateRef.name",
    "templateRef.namespace",
    "templateVariables.*",
  ],
  /** keptn/lifecycle-toolkit metrics-operator/api/v1beta1/keptnmetric_types.go */
  KeptnMetric: [
    ...meta,
    "spec.provider.name",
    "spec.query",
    "spec.fetchIntervalSeconds",
    "spec.range.interval",
    "spec.range.step",
    "spec.range.aggregation",
    "spec.range.storedResults",
  ],
  /** metrics-operator/api/v1beta1/analysisvaluetemplate_types.go, common.go (ObjectReference) */
  AnalysisValueTemplate: [...meta, "spec.provider.name", "spec.provider.namespace", "spec.query"],
  /** metrics-operator/api/v1beta1/analysisdefinition_types.go */
  AnalysisDefinition: [
    ...meta,
    "spec.objectives[].analysisValueTemplateRef.name",
    "spec.objectives[].analysisValueTemplateRef.namespace",
    ...targetFields("failure"),
    ...targetFields("warning"),
    "spec.objectives[].weight",
    "spec.objectives[].keyObjective",
    "spec.totalScore.passPercentage",
    "spec.totalScore.warningPercentage",
  ],
  /** rbac.authorization.k8s.io/v1 ClusterRole */
  ClusterRole: [
    "apiVersion",
    "kind",
    "metadata.name",
    "metadata.labels.*",
    "rules[].apiGroups[]",
    "rules[].resources[]",
    "rules[].verbs[]",
  ],
});

/** The leaf paths of a plain value: `a.b`, `list[].c`, `tags[]`. */
export function fieldPaths(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => fieldPaths(v, `${prefix}[]`));
  if (value !== null && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => fieldPaths(v, prefix ? `${prefix}.${k}` : k));
  return [prefix];
}

function matches(path: string, pattern: string): boolean {
  const p = path.split(".");
  const q = pattern.split(".");
  return p.length === q.length && q.every((seg, i) => seg === "*" || seg === p[i]);
}

/** The paths of `value` that no confirmed field of `kind` allows (empty when all are confirmed). */
export function unconfirmedFields(kind: string, value: unknown): string[] {
  const allowed = confirmedFields[kind];
  if (!allowed) return [`(no confirmed field list for kind ${kind})`];
  return [...new Set(fieldPaths(value))].filter((path) => !allowed.some((a) => matches(path, a)));
}
