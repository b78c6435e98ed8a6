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
export { ScenarioError, compileTests } from "./compile.js";
export type { TestFileSpec } from "./compile.js";
export {
  PromtoolMissingError,
  checkRules,
  findPromtool,
  promtoolInstallHint,
  testRules,
} from "./promtool.js";
export type { PromtoolResult } from "./promtool.js";
export { renameScenarioLabels } from "./rename.js";
