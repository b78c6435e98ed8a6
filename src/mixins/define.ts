/**
 * `defineMixin`: a mixin as a function from its config input to its output, the way every shipped
 * mixin is built. The definition says what is particular to it (its config schema, rules,
 * scenarios, dashboards, files); the assembly is the same for all: the config parsed (a bad value
 * names its path), the alerts given `extraAlertLabels`, the catalog's symbolic labels renamed to the
 * config's, then `overrides` applied, with the dashboards as readers of the records.
 */
import { z } from "zod";
import type { DashboardBuilder } from "../dashboards/dashboard.js";
import { withAlertLabels } from "../generate/alert-labels.js";
import type { DurationLiteral } from "../promql/duration.js";
import type { LabelRenames } from "../promql/rename.js";
import type { Inhibition } from "../rules/inhibit.js";
import type { RuleGroup } from "../rules/model.js";
import type { AppliedOverride, RuleOverrides } from "../rules/overrides.js";
import type { InputSeries, Scenario } from "../testing/scenario.js";
import { checkLabelOptions, commonConfig, overridesOption, parseConfig } from "./common/config.js";
import { labelRenames, relabeler, type Relabeler } from "./common/labels.js";
import { renameFixtureLabels, renameMixinLabels, type MixinOutput } from "./common/mixin.js";
import { overrideMixin } from "./common/overrides.js";
import { overridesAsOptions, withMovedOverrides } from "./overrides-as-options.js";

/** What the assembly reads of every mixin's parsed config (mixinConfig gives all of it). */
export interface MixinConfigBase {
  /** The label holding an object's namespace (`exported_namespace` unless `honorLabels`). */
  readonly objectNamespaceLabel: string;
  /** The label telling clusters apart, if any. */
  readonly clusterLabel?: string | undefined;
  readonly scrapeInterval: DurationLiteral;
  readonly extraAlertLabels: Readonly<Record<string, string>>;
  readonly prometheusRuleLabels: Readonly<Record<string, string>>;
  readonly overrides: RuleOverrides<string>;
}

/**
 * A mixin's config schema: the options every mixin has (`objectNamespaceLabel`, `clusterLabel`,
 * `scrapeInterval`, `extraAlertLabels`, `runbookBaseUrl`, `grafanaUrl`, `dashboardUidPrefix`,
 * `prometheusRuleLabels`, and `overrides` keyed by `ruleNames`, so that a typo fails to compile)
 * and `shape`, strict (an unknown key is an error), with the label options checked against each
 * other and every `...Selector`.
 */
export function mixinConfig<T extends z.ZodRawShape, const N extends string = string>(
  shape: T,
  // Only its type is used: the names `overrides` takes (defineMixin's `ruleNames` checks them).
  _ruleNames?: readonly N[],
) {
  return z
    .object({ ...commonConfig, overrides: overridesOption<N>(), ...shape })
    .strict()
    .superRefine(checkLabelOptions);
}

/** The rules of a mixin, typed as its own functions build them; `groups` are what is emitted. */
export interface MixinRules {
  readonly groups: readonly RuleGroup[];
}

export interface MixinDefinition<
  Name extends string,
  Config extends MixinConfigBase,
  Input,
  Rules extends MixinRules,
  Catalog,
> {
  /** Folder, file and PrometheusRule name: lower-case letters, digits and `-`. */
  readonly name: Name;
  /** The config's zod schema, usually `mixinConfig({ ...your options })`. */
  readonly config: z.ZodType<Config, Input>;
  /** The metrics the rules read (`defineCatalog`), kept on the output for docs and checks. */
  readonly catalog?: Catalog;
  /**
   * Every rule the mixin can produce, whatever its config: the names `overrides` accepts. Unset,
   * the rules the config produces.
   */
  readonly ruleNames?: readonly string[];
  /** The rules, written with the catalog's symbolic labels (`exported_namespace`, `cluster`). */
  readonly rules: (config: Config) => Rules;
  /** promtool scenarios for the rules (a rule without a test is a defect). */
  readonly scenarios?: (config: Config, rules: Rules) => readonly Scenario[];
  /**
   * The dashboards. Their queries are not renamed afterwards: write them with `relabel.expr(...)`,
   * `relabel.legend(...)` and `relabel.label(...)`, which rename the symbolic labels as the rules'.
   */
  readonly dashboards?: (
    config: Config,
    rules: Rules,
    relabel: Relabeler,
  ) => readonly DashboardBuilder[];
  /** Alertmanager inhibitions between the alerts (`inhibit(...)`). */
  readonly inhibitions?: (config: Config, rules: Rules) => readonly Inhibition[];
  /** Other files written beside the rules, by file name (label renames given, if they name labels). */
  readonly files?: (config: Config, renames: LabelRenames) => ReadonlyMap<string, string>;
  /** Series for the dashboard panels no scenario feeds, for `mixkit verify`. */
  readonly fixtures?: (config: Config, rules: Rules) => readonly InputSeries[];
}

/** What a defined mixin gives: used in `custom:` exactly as a shipped mixin is built. */
export interface DefinedMixin<Name extends string, Config, Rules, Catalog> extends MixinOutput {
  readonly name: Name;
  readonly config: Config;
  readonly catalog: Catalog | undefined;
  /** The rules with the catalog's symbolic labels, typed, to build on. */
  readonly rules: Rules;
  readonly overrides: readonly AppliedOverride[];
}

const mixinNamePattern = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export function defineMixin<
  const Name extends string,
  Config extends MixinConfigBase,
  Input,
  Rules extends MixinRules,
  Catalog = undefined,
>(
  definition: MixinDefinition<Name, Config, Input, Rules, Catalog>,
): (input?: Input) => DefinedMixin<Name, Config, Rules, Catalog> {
  const { name } = definition;
  if (!mixinNamePattern.test(name))
    throw new Error(
      `defineMixin: ${JSON.stringify(name)} is not a mixin name: lower-case letters, digits and "-"`,
    );
  return (input) => {
    // Validated as given, so a bad override names its own path; then with each override of an
    // alert's `for` or `severity` moved to the option that configures that alert alone, so the
    // scenarios follow it.
    const original = parseConfig(name, definition.config, input ?? {});
    const asOptions = overridesAsOptions(definition.config, input ?? {});
    const config =
      asOptions.moved.size === 0 ? original : parseConfig(name, definition.config, asOptions.input);
    const rules = definition.rules(config);
    const renames = labelRenames(config);
    const dashboards = definition.dashboards?.(config, rules, relabeler(renames)) ?? [];
    const labelled = withAlertLabels(
      rules.groups,
      definition.scenarios?.(config, rules) ?? [],
      config.extraAlertLabels,
      definition.inhibitions?.(config, rules) ?? [],
    );
    const { groups, scenarios, inhibitions, overrides } = overrideMixin(
      name,
      renameMixinLabels(labelled.groups, labelled.scenarios, renames, labelled.inhibitions),
      config.overrides,
      definition.ruleNames ?? rules.groups.flatMap((g) => g.rules.map((r) => r.name)),
      dashboards,
    );
    return {
      name,
      config,
      catalog: definition.catalog,
      rules,
      groups,
      scenarios,
      inhibitions,
      overrides: withMovedOverrides(
        overrides,
        asOptions.moved,
        original,
        original.overrides,
        rules.groups.flatMap((g) => g.rules.map((r) => r.name)),
      ),
      dashboards,
      extraFiles: definition.files?.(config, renames) ?? new Map(),
      dashboardFixtures: renameFixtureLabels(definition.fixtures?.(config, rules) ?? [], renames),
      prometheusRuleLabels: config.prometheusRuleLabels,
    };
  };
}
