export { AlertingRule, RecordingRule, RuleGroup, alert, group, record } from "./model.js";
export type { AlertSpec, GroupOptions, RecordSpec, Rule, Severity, Silence } from "./model.js";
export { renderTemplate, toGoTemplate } from "./template.js";
export type { Template, TemplateScope } from "./template.js";
export { RuleValidationError, assertValidGroups, validateGroups } from "./validate.js";
export type { RuleProblem, ValidationOptions } from "./validate.js";
export {
  RuleSizeError,
  emitMimirRuleFile,
  emitPrometheusRules,
  emitRuleFile,
  emitThanosRuleFile,
  prometheusOperatorMaxBytes,
} from "./emit.js";
export type { PrometheusRuleOptions } from "./emit.js";
export { toYaml } from "./yaml.js";
export {
  formatGoFloat,
  humanize,
  humanizeDuration,
  humanizePercentage,
  humanizeTimestamp,
} from "./go-format.js";
export { lintGroups } from "./lint.js";
export type { LintCheck, LintFinding, LintOptions, LintResult } from "./lint.js";
export { alertmanagerArtifacts, ruleArtifacts } from "./artifacts.js";
export type { AlertmanagerArtifactOptions, RuleArtifactOptions } from "./artifacts.js";
export { Inhibition, InhibitionError, assertInhibitionsOf, inhibit } from "./inhibit.js";
export type { InhibitOptions } from "./inhibit.js";
export { emitAlertmanagerConfig, emitAlertmanagerFragment } from "./alertmanager.js";
export type { AlertmanagerConfigOptions } from "./alertmanager.js";
export { renameRuleLabels } from "./rename.js";
