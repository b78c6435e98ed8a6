/**
 * The Flux mixin: HelmRelease, Kustomization and source readiness from the data source the config
 * names (kube-state-metrics, flux-operator or the legacy controller metrics), reconcile durations,
 * the dashboard, promtool scenarios and the kube-state-metrics config, as one output.
 */
import type { DashboardBuilder } from "../../dashboards/dashboard.js";
import { controllerRuntimeFixtures } from "../common/fixtures.js";
import type { MixinOutput } from "../common/mixin.js";
import { defineMixin } from "../define.js";
import { exactLabels } from "../common/scenario-labels.js";
import { catalog } from "./catalog.js";
import { fluxConfigSchema, type FluxConfig, type FluxConfigInput } from "./config.js";
import { fluxDashboard } from "./dashboard.js";
import { mixinName, ruleNames } from "./ids.js";
import { fluxKsmFiles } from "./kube-state-metrics.js";
import { fluxRules, type FluxRules } from "./rules.js";
import { fluxScenarios } from "./scenarios.js";
import { fluxInhibitions } from "./inhibitions.js";

export interface FluxMixin extends MixinOutput {
  readonly name: typeof mixinName;
  readonly config: FluxConfig;
  readonly catalog: typeof catalog;
  /** The rules with the catalog's symbolic labels, typed, to build on. */
  readonly rules: FluxRules;
  readonly dashboard: DashboardBuilder;
}

const definedFlux = defineMixin({
  name: mixinName,
  config: fluxConfigSchema,
  catalog,
  ruleNames,
  rules: fluxRules,
  scenarios: fluxScenarios,
  dashboards: (config, rules) => [fluxDashboard(config, rules)],
  inhibitions: fluxInhibitions,
  // Both forms, from the same table the queries are typed with, when kube-state-metrics is a source.
  files: (config, renames) =>
    config.sources.includes("ksm") ? fluxKsmFiles(mixinName, renames) : new Map(),
  fixtures: (config) =>
    controllerRuntimeFixtures(
      {
        ...exactLabels(mixinName, config.controllerSelector, "controllerSelector"),
        pod: "kustomize-controller-0",
      },
      ["kustomization", "helmrelease", "gitrepository"],
    ),
});

export function fluxMixin(input: FluxConfigInput = {}): FluxMixin {
  const mixin = definedFlux(input);
  return { ...mixin, catalog, dashboard: mixin.dashboards[0] as DashboardBuilder };
}

export { catalog as fluxCatalog } from "./catalog.js";
export {
  dataSources as fluxDataSources,
  fluxConfigSchema,
  parseFluxConfig,
  type DataSource as FluxDataSource,
  type FluxConfig,
  type FluxConfigInput,
} from "./config.js";
export type { FluxRules } from "./rules.js";
export { fluxKinds } from "./kube-state-metrics.js";
