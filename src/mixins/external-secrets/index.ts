/**
 * The External Secrets Operator mixin: from a validated config to its catalog, rules, alerts,
 * dashboard, promtool scenarios and the files a GitOps repository commits. Everything is written with
 * the catalog's symbolic labels and renamed to the config's labels last, in one place.
 */
import type { DashboardBuilder } from "../../dashboards/dashboard.js";
import { AlertingRule, type RuleGroup } from "../../rules/model.js";
import { renameRuleLabels } from "../../rules/rename.js";
import { ruleArtifacts } from "../../rules/artifacts.js";
import { compileTests } from "../../testing/compile.js";
import { renameScenarioLabels } from "../../testing/rename.js";
import type { Scenario } from "../../testing/scenario.js";
import { labelRenames } from "../common/labels.js";
import { catalog } from "./catalog.js";
import {
  parseExternalSecretsConfig,
  type ExternalSecretsConfig,
  type ExternalSecretsConfigInput,
} from "./config.js";
import { externalSecretsDashboard } from "./dashboard.js";
import { mixinName } from "./ids.js";
import { kubeStateMetricsConfig } from "./kube-state-metrics.js";
import { externalSecretsRules, type ExternalSecretsRules } from "./rules.js";
import { externalSecretsScenarios } from "./scenarios.js";

export interface ExternalSecretsMixin {
  readonly name: typeof mixinName;
  readonly config: ExternalSecretsConfig;
  readonly catalog: typeof catalog;
  /** The rule groups with the config's label names, as emitted. */
  readonly groups: readonly RuleGroup[];
  /** The rules with the catalog's symbolic labels, typed, to build on. */
  readonly rules: ExternalSecretsRules;
  readonly scenarios: readonly Scenario[];
  readonly dashboard: DashboardBuilder;
  /** The CustomResourceStateMetrics config of the optional kube-state-metrics source. */
  readonly kubeStateMetricsConfig: string;
}

export function externalSecretsMixin(input: ExternalSecretsConfigInput = {}): ExternalSecretsMixin {
  const config = parseExternalSecretsConfig(input);
  const rules = externalSecretsRules(config);
  const renames = labelRenames(config);
  const groups = renameRuleLabels(rules.groups, renames);
  // Pair each symbolic alert with its renamed copy: alerts for critical objects share a name.
  const renamedAlerts = new Map<AlertingRule, AlertingRule>();
  rules.groups.forEach((g, gi) =>
    g.rules.forEach((r, ri) => {
      const renamed = groups[gi]?.rules[ri];
      if (r instanceof AlertingRule && renamed instanceof AlertingRule)
        renamedAlerts.set(r, renamed);
    }),
  );
  const scenarios = renameScenarioLabels(
    externalSecretsScenarios(config, rules),
    renames,
    renamedAlerts,
  );
  return {
    name: mixinName,
    config,
    catalog,
    groups,
    rules,
    scenarios,
    dashboard: externalSecretsDashboard(config, rules),
    kubeStateMetricsConfig: kubeStateMetricsConfig(renames),
  };
}

/** The rule files of the mixin, its promtool tests and the kube-state-metrics config, by file name. */
export function externalSecretsRuleFiles(mixin: ExternalSecretsMixin): Map<string, string> {
  const files = ruleArtifacts(mixin.groups, {
    name: mixinName,
    prometheusRule: { labels: mixin.config.prometheusRuleLabels },
  });
  files.set(
    `${mixinName}.rules.test.yaml`,
    compileTests({
      ruleFiles: [`${mixinName}.rules.yaml`],
      groups: mixin.groups,
      scenarios: mixin.scenarios,
    }),
  );
  files.set(`${mixinName}.kube-state-metrics.yaml`, mixin.kubeStateMetricsConfig);
  return files;
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
