/**
 * The SPIRE mixin: agent sync failures and stalls, SVID rotation, the server's CA expiry and node
 * attestation, the dashboard and promtool scenarios, as one output.
 */
import type { DashboardBuilder } from "../../dashboards/dashboard.js";
import { labelRenames } from "../common/labels.js";
import { renameFixtureLabels, renameMixinLabels, type MixinOutput } from "../common/mixin.js";
import { overrideMixin } from "../common/overrides.js";
import { spireDashboardFixtures } from "./fixtures.js";
import { catalog } from "./catalog.js";
import { parseSpireConfig, type SpireConfig, type SpireConfigInput } from "./config.js";
import { spireDashboard } from "./dashboard.js";
import { mixinName, ruleNames } from "./ids.js";
import { spireRules, type SpireRules } from "./rules.js";
import { spireScenarios } from "./scenarios.js";
import { spireInhibitions } from "./inhibitions.js";

export interface SpireMixin extends MixinOutput {
  readonly name: typeof mixinName;
  readonly config: SpireConfig;
  readonly catalog: typeof catalog;
  /** The rules with the catalog's symbolic labels, typed, to build on. */
  readonly rules: SpireRules;
  readonly dashboard: DashboardBuilder;
}

export function spireMixin(input: SpireConfigInput = {}): SpireMixin {
  const config = parseSpireConfig(input);
  const rules = spireRules(config);
  const renames = labelRenames(config);
  const dashboard = spireDashboard(config, rules);
  const { groups, scenarios, inhibitions, overrides } = overrideMixin(
    mixinName,
    renameMixinLabels(
      rules.groups,
      spireScenarios(config, rules),
      renames,
      spireInhibitions(config, rules),
    ),
    config.overrides,
    ruleNames,
    [dashboard],
  );
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
    extraFiles: new Map(),
    dashboardFixtures: renameFixtureLabels(spireDashboardFixtures(config), renames),
    prometheusRuleLabels: config.prometheusRuleLabels,
  };
}

export { catalog as spireCatalog } from "./catalog.js";
export {
  parseSpireConfig,
  spireConfigSchema,
  type SpireConfig,
  type SpireConfigInput,
} from "./config.js";
export type { SpireRules } from "./rules.js";
