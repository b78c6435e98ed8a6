/**
 * A project's build, in memory: config -> mixins -> every file under the output folder (path ->
 * text), validated as a whole. Pure: the same config gives the same bytes on any machine and path;
 * an invalid project gives a ProjectError listing every problem and no files at all.
 */
import type { MetricMeta } from "../catalog/define.js";
import type { DashboardBuilder } from "../dashboards/dashboard.js";
import type { MixkitConfig } from "../project/config.js";
import { ProjectError, type ProjectProblem } from "../project/errors.js";
import { parseProjectConfig } from "../project/schema.js";
import type { LintOptions } from "../rules/lint.js";
import type { RuleGroup } from "../rules/model.js";
import type { AppliedOverride } from "../rules/overrides.js";
import type { InputSeries, Scenario } from "../testing/scenario.js";
import { kustomizationText } from "./kustomization.js";
import { analysisArtifacts } from "../analysis/artifacts.js";
import { analysisPath, kustomizationFile, manifestFile } from "./layout.js";
import { attempt } from "./problems.js";
import { manifestText } from "./manifest.js";
import { mixinFiles } from "./mixin-files.js";
import { loadShippedMixins, type ShippedMixinRegistry } from "../mixins/load.js";
import type { ProjectConfig } from "../project/schema.js";
import { duplicateRules } from "./duplicates.js";
import { enabledMixins, projectMixins, type UnsetUrl } from "./mixins.js";

/** One mixin as built: what `mixkit lint` and `mixkit test` need to find its parts. */
export interface BuiltMixin {
  readonly name: string;
  /** Where the config defines it, e.g. `mixins.external-secrets`. */
  readonly at: string;
  readonly groups: readonly RuleGroup[];
  readonly scenarios: readonly Scenario[];
  readonly fixtures: readonly InputSeries[];
  readonly dashboards: readonly DashboardBuilder[];
  readonly lint: LintOptions;
  /** The link settings its config leaves unset (shipped mixins only). */
  readonly unsetUrls: readonly UnsetUrl[];
  /** Its config's `overrides` as applied (shipped mixins only). */
  readonly overrides: readonly AppliedOverride[];
  /** What its catalog says of the metrics it reads. */
  readonly metrics: readonly MetricMeta[];
  /** The component version its config says is deployed, if it has one. */
  readonly version?: string;
  readonly ruleFile?: string;
  /** Its promtool test files: one per evaluation interval its scenarios use (none without rules). */
  readonly testFiles: readonly string[];
  /** Dashboard uid -> path of its JSON. */
  readonly dashboardFiles: ReadonlyMap<string, string>;
}

export interface ProjectBuild {
  /** Path under the output folder -> text, sorted by path; the manifest included. */
  readonly files: ReadonlyMap<string, string>;
  readonly mixins: readonly BuiltMixin[];
  /** The output folder the config asks for, relative to the config file. */
  readonly outDir: string;
  /** The project's lint options: findings about the mixins' configs it silences. */
  readonly lint: ProjectConfig["lint"];
  /** The share of mutants `mixkit test --mutate` requires killed. */
  readonly mutationScore?: number;
  /** The promtool test files of the config's `analysis` sets (their checks). */
  readonly analysisTestFiles: readonly string[];
  /** How `mixkit doctor` judges a live server: the findings it silences. */
  readonly doctor: ProjectConfig["doctor"];
  /** The oldest Prometheus the rules must load on. */
  readonly targetPrometheus: ProjectConfig["targetPrometheus"];
}

function duplicateUids(mixins: readonly BuiltMixin[]): ProjectProblem[] {
  const owner = new Map<string, BuiltMixin>();
  const problems: ProjectProblem[] = [];
  for (const m of mixins)
    for (const uid of m.dashboardFiles.keys()) {
      const other = owner.get(uid);
      if (other !== undefined && other !== m)
        problems.push({
          at: `${m.at}, dashboard uid ${JSON.stringify(uid)}`,
          message: `${other.at} has a dashboard with the same uid; Grafana keeps only one of them, so set a distinct uid`,
        });
      owner.set(uid, m);
    }
  return problems;
}

/**
 * Builds everything a config describes, loading only the shipped mixins it enables; rejects with a
 * ProjectError listing every problem.
 */
export async function buildProject(input: MixkitConfig | unknown): Promise<ProjectBuild> {
  const config = parseProjectConfig(input);
  return buildParsed(config, await loadShippedMixins(enabledMixins(config)));
}

/** buildProject with the shipped mixins at hand (e.g. `shippedMixins`, all of them), at once. */
export function buildProjectWith(
  input: MixkitConfig | unknown,
  registry: ShippedMixinRegistry,
): ProjectBuild {
  return buildParsed(parseProjectConfig(input), registry);
}

function buildParsed(config: ProjectConfig, registry: ShippedMixinRegistry): ProjectBuild {
  const problems: ProjectProblem[] = [];
  const files = new Map<string, string>();
  const manifests: string[] = [];
  const mixins = projectMixins(config, registry).map((mixin): BuiltMixin => {
    const built = mixinFiles(mixin, config.outputs, config.targetPrometheus, problems);
    for (const [path, text] of built.files) files.set(path, text);
    manifests.push(...built.manifests);
    return {
      name: mixin.name,
      at: mixin.at,
      groups: mixin.groups,
      scenarios: mixin.scenarios,
      fixtures: mixin.fixtures,
      dashboards: mixin.dashboards,
      lint: mixin.lint,
      unsetUrls: mixin.unsetUrls,
      overrides: mixin.overrides,
      metrics: mixin.metrics,
      ...(mixin.version === undefined ? {} : { version: mixin.version }),
      ...(built.ruleFile === undefined ? {} : { ruleFile: built.ruleFile }),
      testFiles: built.testFiles,
      dashboardFiles: built.dashboardFiles,
    };
  });
  problems.push(...duplicateUids(mixins), ...duplicateRules(mixins));
  const analysis = analysisFiles(config, problems);
  for (const [path, text] of analysis.files) files.set(path, text);
  manifests.push(...analysis.manifests);
  if (problems.length > 0) throw new ProjectError(problems);

  const { kustomization } = config.outputs;
  if (kustomization !== false)
    files.set(kustomizationFile, kustomizationText(manifests, kustomization));
  files.set(manifestFile, manifestText(files.keys()));
  const sorted = new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    files: sorted,
    mixins,
    outDir: config.outDir,
    lint: config.lint,
    doctor: config.doctor,
    targetPrometheus: config.targetPrometheus,
    ...(config.mutationScore === undefined ? {} : { mutationScore: config.mutationScore }),
    analysisTestFiles: analysis.testFiles,
  };
}

/** The files of the config's analysis sets under analysis/<name>/, or their problems. */
function analysisFiles(config: ProjectConfig, problems: ProjectProblem[]) {
  const files = new Map<string, string>();
  const manifests: string[] = [];
  const testFiles: string[] = [];
  const names = new Set<string>();
  config.analysis.forEach((set, i) => {
    const at = `analysis.${i} (${JSON.stringify(set.name)})`;
    if (names.has(set.name)) {
      problems.push({
        at,
        message: "another analysis set has the same name; each gets its own folder",
      });
      return;
    }
    names.add(set.name);
    const built = attempt(() => analysisArtifacts(set.name, set), at, problems);
    for (const [file, text] of built ?? []) {
      const path = analysisPath(set.name, file);
      files.set(path, text);
      if (file.endsWith(".analysis.yaml")) manifests.push(path);
      if (file.endsWith(".test.yaml")) testFiles.push(path);
    }
  });
  return { files, manifests, testFiles };
}
