/**
 * What a mixkit project is, as its `mixkit.config.ts` states it: the shipped mixins it enables with
 * their configs, its own rule groups, scenarios and dashboards, where the files go and in which
 * formats. `defineConfig` only gives the object its type; `parseProjectConfig` checks it at run time.
 */
import type { AnalysisSet } from "../analysis/artifacts.js";
import type { DashboardBuilder } from "../dashboards/dashboard.js";
import type { ConfigMapOptions, GrafanaDashboardOptions } from "../dashboards/wrappers.js";
import type { ShippedMixinConfigs } from "../mixins/index.js";
import type { PrometheusVersion } from "../promql/features.js";
import type { LintOptions } from "../rules/lint.js";
import type { Inhibition } from "../rules/inhibit.js";
import type { RuleGroup } from "../rules/model.js";
import type { AppliedOverride } from "../rules/overrides.js";
import type { InputSeries, Scenario } from "../testing/scenario.js";

/**
 * Your own monitoring, built like a shipped mixin into `rules/<name>/` and `dashboards/<name>/`.
 * A shipped mixin's output (e.g. `externalSecretsMixin({...})` from `mixkit/external-secrets`, with
 * groups added) fits here too.
 */
export interface CustomMixin {
  /** Folder, file and PrometheusRule name: lower-case letters, digits and `-`. */
  readonly name: string;
  readonly groups?: readonly RuleGroup[];
  /** promtool scenarios for `groups`; required when there are groups (a rule without a test is a defect). */
  readonly scenarios?: readonly Scenario[];
  readonly dashboards?: readonly DashboardBuilder[];
  /** Alertmanager inhibitions between the alerts of `groups` (`inhibit(...)`). */
  readonly inhibitions?: readonly Inhibition[];
  /** Other files written beside the rules, by file name. */
  readonly extraFiles?: ReadonlyMap<string, string>;
  /** Labels of the PrometheusRule (merged under `outputs.prometheusRule.labels`). */
  readonly prometheusRuleLabels?: Readonly<Record<string, string>>;
  /** How `mixkit lint` judges the groups: scrape interval, cluster label, group size. */
  readonly lint?: LintOptions;
  /** Series for dashboard panels no scenario feeds, for `mixkit verify` (defineMixin's `fixtures`). */
  readonly dashboardFixtures?: readonly InputSeries[];
  /** The overrides its config applied (defineMixin fills it; `mixkit build` reports them). */
  readonly overrides?: readonly AppliedOverride[];
  /** Its parsed config (defineMixin): the lint reads `scrapeInterval` and `clusterLabel`. */
  readonly config?: object;
  /** Its metric catalog (`defineCatalog`): `mixkit doctor` says where a missing metric comes from. */
  readonly catalog?: object;
}

export interface AnalysisConfig extends AnalysisSet {
  /** Folder and file name base: lower-case letters, digits and `-`. */
  readonly name: string;
}

export interface OutputOptions {
  /** `rules/<mixin>/<mixin>.prometheusrule.yaml` for prometheus-operator (default on); `false` for none. */
  readonly prometheusRule?:
    | false
    | {
        readonly namespace?: string;
        readonly labels?: Readonly<Record<string, string>>;
        readonly annotations?: Readonly<Record<string, string>>;
      };
  /** `rules/<mixin>/<mixin>.mimir.yaml` for `mimirtool rules load`; the namespace defaults to the mixin's name. */
  readonly mimir?: false | { readonly namespace?: string };
  /** `rules/<mixin>/<mixin>.thanos.yaml` for the Thanos ruler. */
  readonly thanos?: boolean;
  /** `dashboards/<mixin>/<uid>.configmap.yaml` for the Grafana sidecar. */
  readonly configMap?: false | Omit<ConfigMapOptions, "name">;
  /** `dashboards/<mixin>/<uid>.grafanadashboard.yaml` for grafana-operator. */
  readonly grafanaDashboard?: false | Omit<GrafanaDashboardOptions, "name">;
  /**
   * `rules/<mixin>/<mixin>.alertmanagerconfig.yaml`, the mixin's inhibitions as a prometheus-operator
   * AlertmanagerConfig (default on, for mixins with inhibitions); `false` for none. `labels` are what
   * the Alertmanager's `alertmanagerConfigSelector` matches.
   */
  readonly alertmanagerConfig?:
    | false
    | {
        readonly namespace?: string;
        readonly labels?: Readonly<Record<string, string>>;
      };
  /** `kustomization.yaml` listing every Kubernetes manifest, for Flux or Argo CD (default on). */
  readonly kustomization?: false | { readonly namespace?: string };
}

export interface MixkitConfig {
  /** Where the files go, relative to the config file (default: its folder). `--out` overrides it. */
  readonly outDir?: string;
  /** Shipped mixins to build, each with its config; `{}` keeps the defaults. */
  readonly mixins?: ShippedMixinConfigs;
  /** Your own rule groups, scenarios and dashboards. */
  readonly custom?: readonly CustomMixin[];
  /**
   * Analysis as code, each set written to `analysis/<name>/`: Flagger MetricTemplates, Keptn
   * metrics and analyses (listed in the kustomization), the Canary's `analysis.metrics` entries,
   * and promtool checks that `mixkit test` runs.
   */
  readonly analysis?: readonly AnalysisConfig[];
  /** The oldest Prometheus the rules must load on (default "2.42"); newer PromQL is refused. */
  readonly targetPrometheus?: PrometheusVersion;
  /** Labels added to every alert of every mixin, e.g. a team for Alertmanager routing; an alert's own labels win. */
  readonly extraAlertLabels?: Readonly<Record<string, string>>;
  readonly outputs?: OutputOptions;
  /** How `mixkit lint` judges the project as a whole. */
  readonly lint?: ProjectLintOptions;
  /**
   * The share of rule mutants the scenarios must kill, between 0 and 1 (e.g. 0.95):
   * `mixkit test --mutate` exits 1 below it. Unset, it reports the score and passes.
   */
  readonly mutationScore?: number;
  /** How `mixkit doctor` judges the live server. */
  readonly doctor?: {
    /**
     * Findings to silence, each with the reason a reviewer will read (e.g. a source not installed
     * on purpose): by check, and optionally the mixin and the subject (a metric, label or selector).
     */
    readonly silence?: readonly {
      readonly check: "metric-missing" | "source-missing" | "label-missing" | "selector-empty";
      readonly mixin?: string;
      readonly subject?: string;
      readonly reason: string;
    }[];
  };
}

/** A project-wide lint check that concerns a mixin's config rather than one rule or panel. */
export type ConfigLintCheck =
  "runbook-base-url-unset" | "grafana-url-unset" | "override-without-effect";

export interface ProjectLintOptions {
  /**
   * Findings about a shipped mixin's config to silence, each with the reason a reviewer will read;
   * `mixin` limits a silence to one mixin. `mixkit lint --silenced` lists them.
   */
  readonly silence?: readonly {
    readonly check: ConfigLintCheck;
    readonly mixin?: string;
    readonly reason: string;
  }[];
}

/** Types a project config; the value is returned as it is. */
export function defineConfig(config: MixkitConfig): MixkitConfig {
  return config;
}
