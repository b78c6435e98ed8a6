/**
 * The progressive delivery mixin: Flagger canary analysis and Keptn, their alerts, the "Progressive
 * delivery" dashboard and promtool scenarios, as one output.
 */
import type { DashboardBuilder } from "../../dashboards/dashboard.js";
import { labelRenames } from "../common/labels.js";
import { renameFixtureLabels, renameMixinLabels, type MixinOutput } from "../common/mixin.js";
import { overrideMixin } from "../common/overrides.js";
import { progressiveDeliveryFixtures } from "./fixtures.js";
import { catalog } from "./catalog.js";
import {
  parseProgressiveDeliveryConfig,
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

export function progressiveDeliveryMixin(
  input: ProgressiveDeliveryConfigInput = {},
): ProgressiveDeliveryMixin {
  const config = parseProgressiveDeliveryConfig(input);
  const rules = progressiveDeliveryRules(config);
  const renames = labelRenames(config);
  const dashboard = progressiveDeliveryDashboard(config);
  const { groups, scenarios, inhibitions, overrides } = overrideMixin(
    mixinName,
    renameMixinLabels(
      rules.groups,
      progressiveDeliveryScenarios(config, rules),
      renames,
      progressiveDeliveryInhibitions(config, rules),
    ),
    config.overrides,
    ruleNames,
    [dashboard],
  );
  const ksmConfig = config.flagger.enabled ? flaggerKsmConfig(renames) : undefined;
  // Only with the source on: the files are of no use to a cluster whose rules do not read it.
  const ksmOn = config.flagger.enabled && config.flagger.kubeStateMetrics.enabled;
  return {
    name: mixinName,
    config,
    catalog,
    groups,
    rules,
    scenarios,
    inhibitions,
    overrides,
    dashboard,
    dashboards: [dashboard],
    ...(ksmConfig === undefined ? {} : { kubeStateMetricsConfig: ksmConfig }),
    extraFiles: ksmOn ? flaggerKsmFiles(mixinName, renames) : new Map(),
    dashboardFixtures: renameFixtureLabels(progressiveDeliveryFixtures(config), renames),
    prometheusRuleLabels: config.prometheusRuleLabels,
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
