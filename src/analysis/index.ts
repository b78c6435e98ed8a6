/**
 * Analysis as code: the queries that judge a canary, built with the same typed PromQL as the
 * monitoring. Flagger MetricTemplates (Prometheus or Keptn provider) and Canary metric entries;
 * Keptn KeptnMetrics, AnalysisValueTemplates and AnalysisDefinitions; the ClusterRole Flagger's Keptn
 * provider needs; and promtool expression tests proving each query passes a healthy canary and
 * stops a broken one.
 */
export { AnalysisError } from "./errors.js";
export { flaggerFunctions, flaggerVariables, renderFlaggerQuery } from "./flagger-vars.js";
export type { FlaggerFunction, FlaggerModel, FlaggerVariables } from "./flagger-vars.js";
export { keptnMetricTemplate, metricTemplate, prometheusProvider } from "./metric-template.js";
export type {
  KeptnMetricTemplate,
  KeptnMetricTemplateSpec,
  MetricTemplate,
  MetricTemplateSpec,
  PrometheusMetricTemplate,
  PrometheusProvider,
} from "./metric-template.js";
export { builtinMetricNames, canaryMetric, passesThreshold } from "./canary-metric.js";
export type { VariablesOf } from "./canary-metric.js";
export type { CanaryMetric, CanaryMetricSpec, ThresholdRange } from "./canary-metric.js";
export type { CanaryInterval, GoDuration } from "./durations.js";
export { keptnMetric } from "./keptn-metric.js";
export type { KeptnMetric, KeptnMetricRange, KeptnMetricSpec } from "./keptn-metric.js";
export {
  analysisDefinition,
  analysisValueTemplate,
  equalTo,
  greaterThan,
  greaterThanOrEqual,
  inRange,
  lessThan,
  lessThanOrEqual,
  notInRange,
  objective,
} from "./keptn-analysis.js";
export type {
  AnalysisDefinition,
  AnalysisDefinitionSpec,
  AnalysisValueTemplate,
  AnalysisValueTemplateSpec,
  KeptnArgs,
  Objective,
  ObjectiveOptions,
  Operator,
  TotalScore,
} from "./keptn-analysis.js";
export {
  flaggerKeptnRole,
  flaggerKeptnRules,
  keptnAnalysisQuery,
  keptnMetricQuery,
  parseKeptnQuery,
  printKeptnQuery,
} from "./keptn-provider.js";
export type {
  FlaggerKeptnRole,
  FlaggerKeptnRoleOptions,
  KeptnAnalysisQueryOptions,
  KeptnProviderQuery,
  ParsedKeptnQuery,
} from "./keptn-provider.js";
export type * from "./crd-types.js";
export { confirmedFields, fieldPaths, unconfirmedFields } from "./crd-fields.js";
export { toQuantity } from "./quantity.js";
export {
  analysisDefinitionResource,
  analysisManifests,
  analysisResource,
  analysisValueTemplateResource,
  canaryMetricEntry,
  canaryMetricsYaml,
  flaggerKeptnClusterRole,
  keptnMetricResource,
  metricTemplateResource,
} from "./emit.js";
export type { AnalysisObject } from "./emit.js";
export { fixture, flaggerCheck, keptnCheck } from "./checks.js";
export type {
  AnalysisCheck,
  CanaryRef,
  CheckCondition,
  CheckTiming,
  Fixture,
  FixtureOptions,
  FlaggerCheckSpec,
  KeptnCheckSpec,
  Outcome,
} from "./checks.js";
export { checkScenarios, compileAnalysisTests, emptyRuleFile } from "./compile-checks.js";
export type { AnalysisTestOptions } from "./compile-checks.js";
export { analysisArtifacts } from "./artifacts.js";
export type { AnalysisSet } from "./artifacts.js";
export {
  istioLatencyP99Template,
  istioRequestDuration,
  istioRequests,
  istioSuccessRateTemplate,
} from "./istio.js";
export type { IstioTemplateOptions } from "./istio.js";
