/**
 * The files one rule set becomes, validated before anything is emitted: a plain rule file,
 * PrometheusRule manifests, and optionally Mimir and Thanos rule files.
 */
import {
  emitMimirRuleFile,
  emitPrometheusRules,
  emitRuleFile,
  emitThanosRuleFile,
  type PrometheusRuleOptions,
} from "./emit.js";
import {
  emitAlertmanagerConfig,
  emitAlertmanagerFragment,
  type AlertmanagerConfigOptions,
} from "./alertmanager.js";
import { assertInhibitionsOf, type Inhibition } from "./inhibit.js";
import type { RuleGroup } from "./model.js";
import { assertValidGroups, type ValidationOptions } from "./validate.js";

export interface RuleArtifactOptions extends ValidationOptions {
  /** Base of the file names, e.g. "external-secrets". */
  readonly name: string;
  readonly prometheusRule?: Omit<PrometheusRuleOptions, "name"> & { readonly name?: string };
  /** Emit a Mimir ruler namespace file for this namespace. */
  readonly mimirNamespace?: string;
  /** Emit a Thanos rule file. */
  readonly thanos?: boolean;
}

export function ruleArtifacts(
  groups: readonly RuleGroup[],
  options: RuleArtifactOptions,
): Map<string, string> {
  assertValidGroups(groups, options);
  const out = new Map<string, string>();
  out.set(`${options.name}.rules.yaml`, emitRuleFile(groups));
  const manifests = emitPrometheusRules(groups, {
    ...options.prometheusRule,
    name: options.prometheusRule?.name ?? options.name,
  });
  out.set(`${options.name}.prometheusrule.yaml`, manifests.join("---\n"));
  if (options.mimirNamespace !== undefined)
    out.set(`${options.name}.mimir.yaml`, emitMimirRuleFile(options.mimirNamespace, groups));
  if (options.thanos) out.set(`${options.name}.thanos.yaml`, emitThanosRuleFile(groups));
  return out;
}

export interface AlertmanagerArtifactOptions {
  /** Base of the file names, e.g. "external-secrets". */
  readonly name: string;
  /** The AlertmanagerConfig object's metadata (name defaults to `name`); `false` for none. */
  readonly alertmanagerConfig?:
    false | (Omit<AlertmanagerConfigOptions, "name"> & { readonly name?: string });
}

/**
 * The inhibitions of a rule set, checked against its groups: `<name>.alertmanager.yaml` (an
 * `inhibit_rules:` fragment of alertmanager.yml) and `<name>.alertmanagerconfig.yaml` (the same as
 * a prometheus-operator AlertmanagerConfig). No files when there are no inhibitions.
 */
export function alertmanagerArtifacts(
  groups: readonly RuleGroup[],
  inhibitions: readonly Inhibition[],
  options: AlertmanagerArtifactOptions,
): Map<string, string> {
  assertInhibitionsOf(groups, inhibitions);
  const out = new Map<string, string>();
  if (inhibitions.length === 0) return out;
  out.set(`${options.name}.alertmanager.yaml`, emitAlertmanagerFragment(inhibitions));
  const amc = options.alertmanagerConfig ?? {};
  if (amc !== false)
    out.set(
      `${options.name}.alertmanagerconfig.yaml`,
      emitAlertmanagerConfig(inhibitions, { ...amc, name: amc.name ?? options.name }),
    );
  return out;
}
