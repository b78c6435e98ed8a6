/**
 * The SPIRE mixin: agent sync failures and stalls, SVID rotation, the server's CA expiry and node
 * attestation, the dashboard and promtool scenarios, as one output.
 */
import type { DashboardBuilder } from "../../dashboards/dashboard.js";
import type { MixinOutput } from "../common/mixin.js";
import { defineMixin } from "../define.js";
import { spireDashboardFixtures } from "./fixtures.js";
import { catalog } from "./catalog.js";
import { spireConfigSchema, type SpireConfig, type SpireConfigInput } from "./config.js";
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

const definedSpire = defineMixin({
  name: mixinName,
  config: spireConfigSchema,
  catalog,
  ruleNames,
  rules: spireRules,
  scenarios: spireScenarios,
  dashboards: (config, rules) => [spireDashboard(config, rules)],
  inhibitions: spireInhibitions,
  fixtures: spireDashboardFixtures,
});

export function spireMixin(input: SpireConfigInput = {}): SpireMixin {
  const mixin = definedSpire(input);
  return { ...mixin, catalog, dashboard: mixin.dashboards[0] as DashboardBuilder };
}

export { catalog as spireCatalog } from "./catalog.js";
export {
  parseSpireConfig,
  spireConfigSchema,
  type SpireConfig,
  type SpireConfigInput,
} from "./config.js";
export type { SpireRules } from "./rules.js";
