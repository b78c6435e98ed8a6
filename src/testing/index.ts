export { checkNotation, missing, ramp, samples, stale, steady } from "./notation.js";
export type { Segment } from "./notation.js";
export {
  expectAlert,
  expectNoAlert,
  expectPending,
  expectSamples,
  scenario,
  series,
  seriesNotation,
} from "./scenario.js";
export type {
  Expectation,
  FiringOptions,
  InputSeries,
  Scenario,
  ScenarioSpec,
} from "./scenario.js";
export { ScenarioError, compileTestFiles, compileTests, testFileName } from "./compile.js";
export type { TestFileSpec } from "./compile.js";
export {
  PromtoolMissingError,
  checkRules,
  checkRulesAsync,
  findPromtool,
  promtoolInstallHint,
  testRules,
  testRulesAsync,
} from "./promtool.js";
export type { PromtoolResult } from "./promtool.js";
export { renameScenarioLabels } from "./rename.js";
export { expandNotation } from "./expand.js";
export type { ScrapeValue } from "./expand.js";
export { toOpenMetrics } from "./openmetrics.js";
export type { TimedSeries } from "./openmetrics.js";
export {
  PrometheusMissingError,
  findPrometheus,
  prometheusInstallHint,
  startPrometheus,
} from "./prometheus-server.js";
export type {
  PrometheusServer,
  QueryResult,
  RuleGroupStatus,
  StartOptions,
} from "./prometheus-server.js";
export {
  builtinVariables,
  fixtureSeries,
  legendLabels,
  panelTargets,
  scenarioFixtures,
  substituteVariables,
} from "./live.js";
export type { PanelTarget } from "./live.js";
export { liveRuleFiles, verifyLive } from "./verify.js";
export type { VerifiableMixin, VerifyProblem, VerifyReport } from "./verify.js";
