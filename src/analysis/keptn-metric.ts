/**
 * Keptn KeptnMetric: one query Keptn's metrics-operator runs every `fetchIntervalSeconds` against a
 * KeptnMetricsProvider, keeping the value in `status.value` (metrics-operator/api/v1beta1/
 * keptnmetric_types.go). Flagger reads that value through `keptnmetric/<ns>/<name>`. Keptn is
 * archived by the CNCF (2025); the CRDs stay as they last shipped.
 */
import { InstantVector } from "../promql/expr.js";
import type { KeptnAggregation } from "./crd-types.js";
import { checkGoDuration, type GoDuration } from "./durations.js";
import { AnalysisError } from "./errors.js";
import { deepFreeze } from "./freeze.js";
import { templateActions } from "./go-template.js";
import { checkLabels, checkNamespace, checkObjectName } from "./names.js";

export interface KeptnMetricRange {
  /** How far back the query looks (Keptn's default is 5m). */
  readonly interval?: GoDuration;
  readonly step?: GoDuration;
  readonly aggregation?: KeptnAggregation;
  /** How many past results Keptn keeps in the status (at most 255). */
  readonly storedResults?: number;
}

export interface KeptnMetricSpec {
  readonly namespace: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** The name of the KeptnMetricsProvider (in the same namespace) that runs the query. */
  readonly provider: string;
  /** The PromQL query; it must give a single value (Keptn refuses none or several). */
  readonly query: InstantVector;
  readonly fetchIntervalSeconds: number;
  readonly range?: KeptnMetricRange;
}

export interface KeptnMetric {
  readonly kind: "KeptnMetric";
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly provider: string;
  readonly expr: InstantVector;
  readonly query: string;
  readonly fetchIntervalSeconds: number;
  readonly range?: KeptnMetricRange;
}

export function keptnMetric(name: string, spec: KeptnMetricSpec): KeptnMetric {
  const where = `KeptnMetric ${JSON.stringify(name)}`;
  checkObjectName(name, `${where}, field "metadata.name"`);
  checkNamespace(spec.namespace, `${where}, field "metadata.namespace"`);
  checkObjectName(spec.provider, `${where}, field "spec.provider.name"`);
  if (!(spec.query instanceof InstantVector))
    throw new AnalysisError(`${where}, field "spec.query"`, "not an instant vector expression");
  const query = String(spec.query);
  const actions = templateActions(query, `${where}, field "spec.query"`);
  if (actions.length > 0)
    throw new AnalysisError(
      `${where}, field "spec.query"`,
      `${actions[0]!.text}: Keptn sends a KeptnMetric query as it is, without filling in template actions`,
    );
  if (!Number.isInteger(spec.fetchIntervalSeconds) || spec.fetchIntervalSeconds < 1)
    throw new AnalysisError(
      `${where}, field "spec.fetchIntervalSeconds"`,
      `must be a whole number of seconds >= 1, got ${spec.fetchIntervalSeconds}`,
    );
  const range = spec.range;
  if (range) {
    if (range.interval !== undefined)
      checkGoDuration(range.interval, `${where}, field "spec.range.interval"`);
    if (range.step !== undefined) checkGoDuration(range.step, `${where}, field "spec.range.step"`);
    const stored = range.storedResults;
    if (stored !== undefined && (!Number.isInteger(stored) || stored < 0 || stored > 255))
      throw new AnalysisError(
        `${where}, field "spec.range.storedResults"`,
        `must be a whole number from 0 to 255, got ${stored}`,
      );
  }
  return deepFreeze({
    kind: "KeptnMetric" as const,
    name,
    namespace: spec.namespace,
    labels: checkLabels(spec.labels, `${where}, field "metadata.labels"`),
    provider: spec.provider,
    expr: spec.query,
    query,
    fetchIntervalSeconds: spec.fetchIntervalSeconds,
    ...(range ? { range: { ...range } } : {}),
  });
}
