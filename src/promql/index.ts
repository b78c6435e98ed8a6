export type * from "./ast.js";
export {
  duration,
  formatDuration,
  isTemplateAction,
  parseDurationMs,
  printDuration,
} from "./duration.js";
export type {
  Duration,
  DurationInput,
  DurationLiteral,
  GrafanaDuration,
  TemplateDuration,
} from "./duration.js";
export { PromQLError } from "./errors.js";
export {
  Expr,
  InstantVector,
  MatchedBinary,
  MatchedGroup,
  RangeVector,
  Scalar,
  StringValue,
  VectorBinary,
  neg,
  num,
  str,
} from "./expr.js";
export type { AtInput, ScalarInput } from "./expr.js";
export type { MetricKind, SampleKind } from "./kinds.js";
export { print } from "./printer.js";
export { checkSyntax, findSyntaxProblem, parsePromQL } from "./parse.js";
export type { SyntaxProblem } from "./parse.js";
export { raw, rawRange, rawScalar } from "./raw.js";
export type { RawOptions } from "./raw.js";
export { substituteGrafanaVariables } from "./grafana.js";
export { checkRegex, escapeRegex, quote, unquote } from "./strings.js";
export * from "./selector.js";
export * from "./functions.js";
export * from "./aggregations.js";
export { inferLabels } from "./labels.js";
export type { LabelSet } from "./labels.js";
export { compareVersions, isVersion, operationsUsed, versionProblems } from "./features.js";
export type { PrometheusVersion, Usage } from "./features.js";
export { renameLabels, renameTemplateLabels } from "./rename.js";
export type { LabelRenames } from "./rename.js";
