/**
 * The mixins of a project: each enabled shipped mixin built from its config, then the custom ones,
 * all in one shape with the project's alert labels applied and what the lint needs to judge them.
 */
import type { MetricMeta } from "../catalog/define.js";
import type { DashboardBuilder } from "../dashboards/dashboard.js";
import type { MixinOutput } from "../mixins/common/mixin.js";
import type { ShippedMixinRegistry } from "../mixins/load.js";
import { shippedMixinNames } from "../mixins/names.js";
import type { ProjectProblem } from "../project/errors.js";
import { ProjectError } from "../project/errors.js";
import type { CustomMixinConfig, ProjectConfig } from "../project/schema.js";
import type { DurationLiteral } from "../promql/duration.js";
import type { LintOptions } from "../rules/lint.js";
import type { Inhibition } from "../rules/inhibit.js";
import type { RuleGroup } from "../rules/model.js";
import type { AppliedOverride } from "../rules/overrides.js";
import type { InputSeries, Scenario } from "../testing/scenario.js";
import { withAlertLabels } from "./alert-labels.js";
import { attempt } from "./problems.js";

export interface ProjectMixin {
  /** Where the config defines it: `mixins.external-secrets`, `custom.0 ("payments")`. */
  readonly at: string;
  readonly name: string;
  readonly groups: readonly RuleGroup[];
  readonly scenarios: readonly Scenario[];
  /** Alertmanager inhibitions between the alerts of `groups`. */
  readonly inhibitions: readonly Inhibition[];
  /** Series for dashboard panels no scenario feeds (for `mixkit verify`). */
  readonly fixtures: readonly InputSeries[];
  readonly dashboards: readonly DashboardBuilder[];
  readonly extraFiles: ReadonlyMap<string, string>;
  readonly prometheusRuleLabels: Readonly<Record<string, string>>;
  readonly lint: LintOptions;
  /** The link settings a shipped mixin's config leaves unset (its alerts fall back or go without). */
  readonly unsetUrls: readonly UnsetUrl[];
  /** The `overrides` a mixin's config applied (a shipped one, or one made with defineMixin). */
  readonly overrides: readonly AppliedOverride[];
  /** What its catalog says of the metrics it reads (shipped and defineMixin mixins). */
  readonly metrics: readonly MetricMeta[];
  /** The component version its config says is deployed, if it has one. */
  readonly version?: string;
}

/** The metas of a mixin output's `catalog`, and its config's `version`. */
function catalogOf(mixin: object): { metrics: MetricMeta[]; version?: string } {
  const { catalog, config } = mixin as { catalog?: unknown; config?: { version?: unknown } };
  const metrics =
    typeof catalog === "object" && catalog !== null
      ? Object.values(catalog).flatMap((m: unknown) => {
          const meta = (m as { meta?: MetricMeta } | null)?.meta;
          return meta && typeof meta.name === "string" ? [meta] : [];
        })
      : [];
  return {
    metrics,
    ...(typeof config?.version === "string" ? { version: config.version } : {}),
  };
}

export type UnsetUrl = "runbookBaseUrl" | "grafanaUrl";

/** Which of runbookBaseUrl and grafanaUrl a shipped mixin's parsed config leaves unset. */
function unsetUrls(mixin: MixinOutput): UnsetUrl[] {
  const config = (mixin as { config?: Partial<Record<UnsetUrl, unknown>> }).config;
  if (config === undefined) return [];
  return (["runbookBaseUrl", "grafanaUrl"] as const).filter((k) => config[k] === undefined);
}

/**
 * Shipped mixins return their parsed config, whose common part (scrape interval, cluster label)
 * is what the rule lint needs to judge rate windows and aggregations.
 */
function configLintOptions(mixin: MixinOutput): LintOptions {
  const config = (mixin as { config?: { scrapeInterval?: unknown; clusterLabel?: unknown } })
    .config;
  return {
    ...(typeof config?.scrapeInterval === "string"
      ? { scrapeInterval: config.scrapeInterval as DurationLiteral }
      : {}),
    ...(typeof config?.clusterLabel === "string" ? { clusterLabel: config.clusterLabel } : {}),
  };
}

function shipped(
  name: string,
  input: unknown,
  registry: ShippedMixinRegistry,
  problems: ProjectProblem[],
): ProjectMixin | undefined {
  const at = `mixins.${name}`;
  // Each shipped mixin checks its own config input; the registry's types differ per mixin.
  const build = (registry as Readonly<Record<string, (input: unknown) => MixinOutput>>)[name];
  if (build === undefined) {
    problems.push({ at, message: "the mixin was not loaded for this build" });
    return undefined;
  }
  const mixin = attempt(() => build(input ?? {}), at, problems);
  if (mixin === undefined) return undefined;
  return {
    at,
    name,
    groups: mixin.groups,
    scenarios: mixin.scenarios,
    inhibitions: mixin.inhibitions,
    fixtures: mixin.dashboardFixtures,
    dashboards: mixin.dashboards,
    extraFiles: mixin.extraFiles,
    prometheusRuleLabels: mixin.prometheusRuleLabels,
    lint: configLintOptions(mixin),
    unsetUrls: unsetUrls(mixin),
    overrides: mixin.overrides ?? [],
    ...catalogOf(mixin),
  };
}

function custom(mixin: CustomMixinConfig, index: number): ProjectMixin {
  return {
    at: `custom.${index} (${JSON.stringify(mixin.name)})`,
    name: mixin.name,
    groups: mixin.groups,
    scenarios: mixin.scenarios,
    inhibitions: mixin.inhibitions,
    fixtures: mixin.dashboardFixtures,
    dashboards: mixin.dashboards,
    extraFiles: mixin.extraFiles,
    prometheusRuleLabels: mixin.prometheusRuleLabels,
    // A defineMixin mixin's config says its scrape interval and cluster label; `lint` may say more.
    lint: { ...configLintOptions(mixin as MixinOutput), ...mixin.lint },
    // A custom mixin's alerts name their own links; the rule lint checks them.
    unsetUrls: [],
    overrides: mixin.overrides,
    ...catalogOf(mixin),
  };
}

/** The shipped mixins a config enables, in registry order. */
export function enabledMixins(config: ProjectConfig) {
  return shippedMixinNames.filter((n) => config.mixins[n] !== undefined);
}

/** The project's mixins in config order (shipped ones in registry order), or every problem. */
export function projectMixins(
  config: ProjectConfig,
  registry: ShippedMixinRegistry,
): ProjectMixin[] {
  const problems: ProjectProblem[] = [];
  const enabled = enabledMixins(config);
  const shippedOnes = enabled.flatMap(
    (n) => shipped(n, config.mixins[n], registry, problems) ?? [],
  );
  const names = new Set<string>(enabled);
  config.custom.forEach((c, i) => {
    if (names.has(c.name))
      problems.push({
        at: `custom.${i}.name`,
        message: `${JSON.stringify(c.name)} is already the name of another mixin; each mixin gets its own folder`,
      });
    names.add(c.name);
  });
  if (problems.length > 0) throw new ProjectError(problems);
  return [...shippedOnes, ...config.custom.map(custom)].map((m) => ({
    ...m,
    ...withAlertLabels(m.groups, m.scenarios, config.extraAlertLabels, m.inhibitions),
  }));
}
