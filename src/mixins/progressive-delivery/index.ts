/**
 * The progressive delivery mixin: Flagger canary analysis and Keptn, their alerts, the "Progressive
 * delivery" dashboard and promtool scenarios, as one output.
 */
import type { DashboardBuilder } from "../../dashboards/dashboard.js";
import { labelRenames } from "../common/labels.js";
import type { MixinOutput } from "../common/mixin.js";
import { defineMixin } from "../define.js";
import { progressiveDeliveryFixtures } from "./fixtures.js";
import { catalog } from "./catalog.js";
import {
  progressiveDeliveryConfigSchema,
  type ProgressiveDeliveryConfig,
  type ProgressiveDeliveryConfigInput,
} from "./config.js";
import { progressiveDeliveryDashboard } from "./dashboard.js";
import { mixinName, ruleNames } from "./ids.js";
import { flaggerKsmConfig, flaggerKsmFiles } from "./kube-state-metrics.js";
import { progressiveDeliveryRules, type ProgressiveDeliveryRules } from "./rules.js";
import { progressiveDeliveryScenarios } from "./scenarios.js";
import { progressiveDeliveryInhibitions } from "./inhibitions.js";

export interface ProgressiveDeliveryMixin extends MixinOutput {
  readonly name: typeof mixinName;
  readonly config: ProgressiveDeliveryConfig;
  readonly catalog: typeof catalog;
  readonly rules: ProgressiveDeliveryRules;
  readonly dashboard: DashboardBuilder;
  /** The CustomResourceStateMetrics config of Flagger's optional kube-state-metrics source. */
  readonly kubeStateMetricsConfig?: string;
}

const definedProgressiveDelivery = defineMixin({
  name: mixinName,
  config: progressiveDeliveryConfigSchema,
  catalog,
  ruleNames,
  rules: progressiveDeliveryRules,
  scenarios: progressiveDeliveryScenarios,
  dashboards: (config) => [progressiveDeliveryDashboard(config)],
  inhibitions: progressiveDeliveryInhibitions,
  // Only with the source on: the files are of no use to a cluster whose rules do not read it.
  files: (config, renames) =>
    config.flagger.enabled && config.flagger.kubeStateMetrics.enabled
      ? flaggerKsmFiles(mixinName, renames)
      : new Map(),
  fixtures: progressiveDeliveryFixtures,
});

export function progressiveDeliveryMixin(
  input: ProgressiveDeliveryConfigInput = {},
): ProgressiveDeliveryMixin {
  const mixin = definedProgressiveDelivery(input);
  const { config } = mixin;
  return {
    ...mixin,
    catalog,
    dashboard: mixin.dashboards[0] as DashboardBuilder,
    ...(config.flagger.enabled
      ? { kubeStateMetricsConfig: flaggerKsmConfig(labelRenames(config)) }
      : {}),
  };
}

export { catalog as progressiveDeliveryCatalog } from "./catalog.js";
export {
  parseProgressiveDeliveryConfig,
  progressiveDeliveryConfigSchema,
  type ProgressiveDeliveryConfig,
  type ProgressiveDeliveryConfigInput,
} from "./config.js";
export type { ProgressiveDeliveryRules } from "./rules.js";
export { ksmCatalog as progressiveDeliveryKsmCatalog } from "./kube-state-metrics.js";
