/**
 * The exact shape of every resource this module emits, one type per CRD, so a misspelt or invented
 * field is a compile error. Field names come from the upstream sources cited on each type;
 * crd-fields.ts lists the same names for run-time checks of the emitted YAML.
 */

/** A Kubernetes quantity: a whole number, or a decimal string such as `"500m"`. */
export type Quantity = number | string;

export interface NamespacedMeta {
  readonly name: string;
  readonly namespace: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * flagger.app/v1beta1 MetricTemplate: `spec.provider {type, address, secretRef {name},
 * insecureSkipVerify}` and `spec.query` (artifacts/flagger/crd.yaml; pkg/apis/flagger/v1beta1/metric.go).
 */
export interface MetricTemplateResource {
  readonly apiVersion: "flagger.app/v1beta1";
  readonly kind: "MetricTemplate";
  readonly metadata: NamespacedMeta;
  readonly spec: {
    readonly provider: MetricTemplateProviderSpec;
    readonly query: string;
  };
}

export type MetricTemplateProviderSpec =
  | {
      readonly type: "prometheus";
      readonly address: string;
      readonly secretRef?: { readonly name: string };
      readonly insecureSkipVerify?: boolean;
    }
  | { readonly type: "keptn" };

/**
 * One entry of a Canary's `spec.analysis.metrics`: `name`, `templateRef {name, namespace}`,
 * `thresholdRange {min, max}`, `interval`, `templateVariables` (pkg/apis/flagger/v1beta1/canary.go
 * CanaryMetric; artifacts/flagger/crd.yaml).
 */
export interface CanaryMetricEntry {
  readonly name: string;
  readonly templateRef: { readonly name: string; readonly namespace: string };
  readonly thresholdRange: { readonly min?: number; readonly max?: number };
  readonly interval: string;
  readonly templateVariables?: Readonly<Record<string, string>>;
}

/** The aggregations Keptn accepts in `spec.range.aggregation` (keptnmetric_types.go enum). */
export type KeptnAggregation = "p90" | "p95" | "p99" | "max" | "min" | "avg" | "median";

/**
 * metrics.keptn.sh/v1beta1 KeptnMetric: `spec.provider.name`, `spec.query`,
 * `spec.fetchIntervalSeconds`, optional `spec.range {interval, step, aggregation, storedResults}`
 * (metrics-operator/api/v1beta1/keptnmetric_types.go).
 */
export interface KeptnMetricResource {
  readonly apiVersion: "metrics.keptn.sh/v1beta1";
  readonly kind: "KeptnMetric";
  readonly metadata: NamespacedMeta;
  readonly spec: {
    readonly provider: { readonly name: string };
    readonly query: string;
    readonly fetchIntervalSeconds: number;
    readonly range?: {
      readonly interval?: string;
      readonly step?: string;
      readonly aggregation?: KeptnAggregation;
      readonly storedResults?: number;
    };
  };
}

/**
 * metrics.keptn.sh/v1beta1 AnalysisValueTemplate: `spec.provider {name, namespace}`, `spec.query`
 * (metrics-operator/api/v1beta1/analysisvaluetemplate_types.go, common.go ObjectReference).
 */
export interface AnalysisValueTemplateResource {
  readonly apiVersion: "metrics.keptn.sh/v1beta1";
  readonly kind: "AnalysisValueTemplate";
  readonly metadata: NamespacedMeta;
  readonly spec: {
    readonly provider: { readonly name: string; readonly namespace?: string };
    readonly query: string;
  };
}

/** `{fixedValue}` for the single-value operators, `{lowBound, highBound}` for the range ones. */
export type OperatorSpec =
  | { readonly lessThan: { readonly fixedValue: Quantity } }
  | { readonly lessThanOrEqual: { readonly fixedValue: Quantity } }
  | { readonly greaterThan: { readonly fixedValue: Quantity } }
  | { readonly greaterThanOrEqual: { readonly fixedValue: Quantity } }
  | { readonly equalTo: { readonly fixedValue: Quantity } }
  | { readonly inRange: { readonly lowBound: Quantity; readonly highBound: Quantity } }
  | { readonly notInRange: { readonly lowBound: Quantity; readonly highBound: Quantity } };

export interface ObjectiveSpec {
  readonly analysisValueTemplateRef: { readonly name: string; readonly namespace?: string };
  readonly target?: { readonly failure?: OperatorSpec; readonly warning?: OperatorSpec };
  readonly weight?: number;
  readonly keyObjective?: boolean;
}

/**
 * metrics.keptn.sh/v1beta1 AnalysisDefinition: `spec.objectives[] {analysisValueTemplateRef, target
 * {failure, warning}, weight, keyObjective}`, `spec.totalScore {passPercentage, warningPercentage}`
 * (metrics-operator/api/v1beta1/analysisdefinition_types.go).
 */
export interface AnalysisDefinitionResource {
  readonly apiVersion: "metrics.keptn.sh/v1beta1";
  readonly kind: "AnalysisDefinition";
  readonly metadata: NamespacedMeta;
  readonly spec: {
    readonly objectives: readonly ObjectiveSpec[];
    readonly totalScore: { readonly passPercentage: number; readonly warningPercentage: number };
  };
}

export interface PolicyRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

/** rbac.authorization.k8s.io/v1 ClusterRole. */
export interface ClusterRoleResource {
  readonly apiVersion: "rbac.authorization.k8s.io/v1";
  readonly kind: "ClusterRole";
  readonly metadata: { readonly name: string; readonly labels?: Readonly<Record<string, string>> };
  readonly rules: readonly PolicyRule[];
}

/** Every resource kind the analysis module emits. */
export type AnalysisResource =
  | MetricTemplateResource
  | KeptnMetricResource
  | AnalysisValueTemplateResource
  | AnalysisDefinitionResource
  | ClusterRoleResource;
