/**
 * The External Secrets Operator mixin: from a validated config to its catalog, rules, alerts,
 * dashboard, promtool scenarios and the files a GitOps repository commits. Everything is written with
 * the catalog's symbolic labels and renamed to the config's labels last, in one place.
 */
import type { DashboardBuilder } from "../../dashboards/dashboard.js";
import { up } from "../common/controller-runtime.js";
import { controllerRuntimeFixtures, fixtureSamples } from "../common/fixtures.js";
import { steady } from "../../testing/notation.js";
import { series } from "../../testing/scenario.js";
import type { MixinOutput } from "../common/mixin.js";
import { defineMixin } from "../define.js";
import { exactLabels } from "../common/scenario-labels.js";
import { labelRenames } from "../common/labels.js";
import { catalog } from "./catalog.js";
import {
  externalSecretsConfigSchema,
  type ExternalSecretsConfig,
  type ExternalSecretsConfigInput,
} from "./config.js";
import { externalSecretsDashboard } from "./dashboard.js";
import { mixinName, ruleNames } from "./ids.js";
import { externalSecretsKsmFiles, kubeStateMetricsConfig } from "./kube-state-metrics.js";
import { externalSecretsRules, type ExternalSecretsRules } from "./rules.js";
import { externalSecretsScenarios } from "./scenarios.js";
import { externalSecretsInhibitions } from "./inhibitions.js";

export interface ExternalSecretsMixin extends MixinOutput {
  readonly name: typeof mixinName;
  readonly config: ExternalSecretsConfig;
  readonly catalog: typeof catalog;
  /** The rules with the catalog's symbolic labels, typed, to build on. */
  readonly rules: ExternalSecretsRules;
  readonly dashboard: DashboardBuilder;
  /** The CustomResourceStateMetrics config of the optional kube-state-metrics source. */
  readonly kubeStateMetricsConfig: string;
}

const definedExternalSecrets = defineMixin({
  name: mixinName,
  config: externalSecretsConfigSchema,
  catalog,
  ruleNames,
  rules: externalSecretsRules,
  scenarios: externalSecretsScenarios,
  dashboards: (config, rules) => [externalSecretsDashboard(config, rules)],
  inhibitions: externalSecretsInhibitions,
  // Only with the source on: the files are of no use to a cluster whose rules do not read it.
  files: (config, renames) =>
    config.kubeStateMetrics.enabled ? externalSecretsKsmFiles(mixinName, renames) : new Map(),
  fixtures: (config) => [
    ...controllerRuntimeFixtures(
      { ...exactLabels(mixinName, config.selector, "selector"), pod: "eso-0" },
      ["externalsecret", "pushsecret", "secretstore"],
    ),
    // One healthy target of each component, for the "Healthy targets" panel.
    ...(
      [
        ["selector", config.selector, "eso-0"],
        ["webhookMetricsAbsent.selector", config.webhookMetricsAbsent.selector, "eso-webhook-0"],
        [
          "certControllerMetricsAbsent.selector",
          config.certControllerMetricsAbsent.selector,
          "eso-cert-controller-0",
        ],
      ] as const
    ).map(([path, selector, pod]) =>
      series(up, { ...exactLabels(mixinName, selector, path), pod }, steady(1, fixtureSamples)),
    ),
  ],
});

export function externalSecretsMixin(input: ExternalSecretsConfigInput = {}): ExternalSecretsMixin {
  const mixin = definedExternalSecrets(input);
  return {
    ...mixin,
    catalog,
    dashboard: mixin.dashboards[0] as DashboardBuilder,
    kubeStateMetricsConfig: kubeStateMetricsConfig(labelRenames(mixin.config)),
  };
}

export { catalog as externalSecretsCatalog } from "./catalog.js";
export {
  externalSecretsConfigSchema,
  parseExternalSecretsConfig,
  type ExternalSecretsConfig,
  type ExternalSecretsConfigInput,
} from "./config.js";
export type { ExternalSecretsRules } from "./rules.js";
export { ksmCatalog as externalSecretsKsmCatalog } from "./kube-state-metrics.js";
