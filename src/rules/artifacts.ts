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
