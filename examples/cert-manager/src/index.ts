/**
 * A cert-manager mixin, defined as the shipped mixins are: put it in a project's `custom:` list,
 * with its options, like any other (`custom: [certManagerMixin({ clusterLabel: "cluster" })]`).
 */
import { defineMixin } from "mixkit";
import { catalog } from "./catalog.js";
import { certManagerConfig, ruleNames } from "./config.js";
import { certManagerDashboard } from "./dashboard.js";
import { certManagerRules } from "./rules.js";
import { certManagerScenarios } from "./scenarios.js";

export const certManagerMixin = defineMixin({
  name: "cert-manager",
  config: certManagerConfig,
  catalog,
  ruleNames,
  rules: certManagerRules,
  scenarios: certManagerScenarios,
  dashboards: (config, rules, relabel) => [certManagerDashboard(config, rules, relabel)],
});

export type { CertManagerConfig, CertManagerConfigInput, CertManagerRuleName } from "./config.js";
export type { CertManagerRules } from "./rules.js";
