/**
 * The files of one mixin in the output formats the project selected: under `rules/<name>/` the rule
 * file, the promtool tests beside it, PrometheusRule/Mimir/Thanos files, the Alertmanager
 * inhibitions (a fragment and an AlertmanagerConfig) and the mixin's extra files;
 * under `dashboards/<name>/` each dashboard's JSON and its Kubernetes wrappers. Every part is built
 * even when another fails, so one run reports every problem.
 */
import { dashboardArtifacts } from "../dashboards/artifacts.js";
import type { ProjectProblem } from "../project/errors.js";
import type { Outputs } from "../project/schema.js";
import type { PrometheusVersion } from "../promql/features.js";
import { alertmanagerArtifacts, ruleArtifacts } from "../rules/artifacts.js";
import { compileTestFiles, ScenarioError } from "../testing/compile.js";
import { withGeneratedHeader } from "./header.js";
import { dashboardsPath, rulesPath } from "./layout.js";
import type { ProjectMixin } from "./mixins.js";
import { attempt } from "./problems.js";

export interface MixinFiles {
  /** Path under the output folder -> text. */
  readonly files: ReadonlyMap<string, string>;
  /** The paths among them that are Kubernetes objects (for the kustomization). */
  readonly manifests: readonly string[];
  readonly ruleFile?: string;
  /** The promtool test files: one per evaluation interval the scenarios use. */
  readonly testFiles: readonly string[];
  /** Dashboard uid -> path of its JSON. */
  readonly dashboardFiles: ReadonlyMap<string, string>;
}

function ruleFiles(
  mixin: ProjectMixin,
  outputs: Outputs,
  targetPrometheus: PrometheusVersion,
): Map<string, string> {
  const { prometheusRule, mimir } = outputs;
  const files = ruleArtifacts(mixin.groups, {
    name: mixin.name,
    targetPrometheus,
    prometheusRule: {
      ...(prometheusRule === false ? {} : prometheusRule),
      labels: {
        ...mixin.prometheusRuleLabels,
        ...(prometheusRule === false ? {} : prometheusRule.labels),
      },
    },
    ...(mimir === false ? {} : { mimirNamespace: mimir.namespace ?? mixin.name }),
    thanos: outputs.thanos,
  });
  if (prometheusRule === false) files.delete(`${mixin.name}.prometheusrule.yaml`);
  return files;
}

/** `<name>.rules.test.yaml`, and `<name>.rules.eval-10m.test.yaml` for scenarios at 10m, etc. */
function testFiles(mixin: ProjectMixin, fileName: string): Map<string, string> {
  if (mixin.scenarios.length === 0)
    throw new ScenarioError([
      "the mixin has rule groups but no promtool scenarios: add scenarios in which each alert fires and stays quiet",
    ]);
  return compileTestFiles(
    { ruleFiles: [`${mixin.name}.rules.yaml`], groups: mixin.groups, scenarios: mixin.scenarios },
    fileName,
  );
}

export function mixinFiles(
  mixin: ProjectMixin,
  outputs: Outputs,
  targetPrometheus: PrometheusVersion,
  problems: ProjectProblem[],
): MixinFiles {
  const files = new Map<string, string>();
  const manifests: string[] = [];
  const add = (path: string, text: string, manifest: boolean) => {
    files.set(path, text);
    if (manifest) manifests.push(path);
  };
  /** A file mixkit generated (not an extra file given as text): YAML gets the header. */
  const generate = (path: string, text: string, manifest: boolean) =>
    add(path, withGeneratedHeader(path, text), manifest);
  const hasRules = mixin.groups.length > 0;
  const testName = `${mixin.name}.rules.test.yaml`;
  const testPaths: string[] = [];

  if (hasRules) {
    const rules = attempt(() => ruleFiles(mixin, outputs, targetPrometheus), mixin.at, problems);
    for (const [file, text] of rules ?? [])
      generate(rulesPath(mixin.name, file), text, file.endsWith(".prometheusrule.yaml"));
    const inhibitions = attempt(
      () =>
        alertmanagerArtifacts(mixin.groups, mixin.inhibitions, {
          name: mixin.name,
          alertmanagerConfig: outputs.alertmanagerConfig,
        }),
      mixin.at,
      problems,
    );
    for (const [file, text] of inhibitions ?? [])
      generate(rulesPath(mixin.name, file), text, file.endsWith(".alertmanagerconfig.yaml"));
    const tests = attempt(() => testFiles(mixin, testName), mixin.at, problems);
    for (const [file, text] of tests ?? []) {
      generate(rulesPath(mixin.name, file), text, false);
      testPaths.push(rulesPath(mixin.name, file));
    }
  }
  for (const [file, text] of mixin.extraFiles) {
    const path = rulesPath(mixin.name, file);
    const testLike = file.startsWith(`${mixin.name}.rules.eval-`) && file.endsWith(".test.yaml");
    if (files.has(path) || file === testName || testLike)
      problems.push({
        at: `${mixin.at}, extra file ${JSON.stringify(file)}`,
        message: "has the name of a generated rule file; rename it",
      });
    else add(path, text, false);
  }

  const options = {
    ...(outputs.configMap === false ? {} : { configMap: outputs.configMap }),
    ...(outputs.grafanaDashboard === false ? {} : { grafanaDashboard: outputs.grafanaDashboard }),
  };
  const dashboards = attempt(
    () => dashboardArtifacts(mixin.dashboards, options),
    mixin.at,
    problems,
  );
  for (const [file, text] of dashboards ?? [])
    generate(dashboardsPath(mixin.name, file), text, !file.endsWith(".json"));
  const dashboardFiles = new Map(
    mixin.dashboards.map((d) => [d.uid, dashboardsPath(mixin.name, `${d.uid}.json`)]),
  );

  return {
    files,
    manifests,
    ...(hasRules ? { ruleFile: rulesPath(mixin.name, `${mixin.name}.rules.yaml`) } : {}),
    testFiles: testPaths,
    dashboardFiles,
  };
}
