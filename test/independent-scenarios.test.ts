/**
 * Scenarios written independently of the mixins' own (#20: "The behaviour is also checked with
 * scenarios written independently of the project's own").
 *
 * Every `test/independent/*.test.yaml` is a hand-written `promtool test rules` file that loads the
 * COMMITTED generated rules (`rules/<mixin>/<mixin>.rules.yaml`) by a relative path. Their
 * expectations come from upstream behaviour (research/domain-metrics.md, domain-review.md) and the
 * docs, not from the mixins' scenarios.
 *
 * Some behaviours need rules built with options the committed build does not use. Each such folder
 * of test/independent names a build: `cluster/<mixin>.test.yaml` runs against the mixin built with
 * `clusterLabel: "cluster"`, `ksm/<mixin>.test.yaml` against it built with its kube-state-metrics
 * source on, `selectors/<mixin>.test.yaml` against it built with its optional target selectors set.
 * The rules are built here through the public mixin API into a temp folder, and the
 * test file is copied beside them (its `rule_files` name `<mixin>.rules.yaml`).
 *
 * Every file runs in the real promtool, all at once.
 */
import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { mixinRuleFiles, shippedMixins, type ShippedMixinName } from "../src/mixins/index.js";
import { findPromtool, promtoolEnv } from "../src/testing/promtool.js";

const root = path.resolve(import.meta.dirname, "independent");

/** Folder of test/independent -> the config each mixin is built with for the files in it. */
const builds: Record<string, (mixin: ShippedMixinName) => Record<string, unknown>> = {
  cluster: () => ({ clusterLabel: "cluster" }),
  ksm: (mixin) => {
    switch (mixin) {
      case "external-secrets":
        return { kubeStateMetrics: { enabled: true } };
      case "progressive-delivery":
        return { flagger: { kubeStateMetrics: { enabled: true } } };
      default:
        throw new Error(`test/independent/ksm: no kube-state-metrics build known for ${mixin}`);
    }
  },
  selectors: (mixin) => {
    switch (mixin) {
      case "progressive-delivery":
        return {
          keptn: {
            lifecycleOperatorSelector: { job: "lifecycle-operator-metrics-service" },
            metricsOperatorSelector: { job: "metrics-operator-service" },
          },
        };
      default:
        throw new Error(`test/independent/selectors: no selector build known for ${mixin}`);
    }
  },
};

interface Run {
  readonly ok: boolean;
  readonly output: string;
}

// promtool needs a few CPU seconds per file; on a shared, loaded machine that can take minutes.
const timeoutMs = 600_000;

function promtoolTest(promtool: string, file: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      promtool,
      ["test", "rules", path.basename(file)],
      {
        cwd: path.dirname(file),
        timeout: timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
        env: promtoolEnv(),
      },
      (error, stdout, stderr) => {
        const why =
          error === null
            ? ""
            : error.killed
              ? `\n(promtool stopped after ${timeoutMs / 1000} s: ${error.signal ?? "killed"})`
              : `\n(exit ${String(error.code)})`;
        resolve({ ok: error === null, output: `${stdout}${stderr}${why}` });
      },
    );
  });
}

const testFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".test.yaml"))
    .sort();

// Fails with the install hint (PromtoolMissingError) when promtool cannot be found: no silent skip.
const promtool = findPromtool();

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** Builds the mixin named by the file for `folder` into a temp folder, the test file beside it. */
function builtRun(folder: string, file: string): Promise<Run> {
  const mixin = path.basename(file, ".test.yaml") as ShippedMixinName;
  const build = shippedMixins[mixin] as
    ((config: Record<string, unknown>) => Parameters<typeof mixinRuleFiles>[0]) | undefined;
  if (build === undefined)
    throw new Error(
      `test/independent/${folder}/${file}: the name must be a shipped mixin's, one of ${Object.keys(shippedMixins).join(", ")}`,
    );
  const dir = mkdtempSync(path.join(tmpdir(), `mixkit-independent-${folder}-${mixin}-`));
  tempDirs.push(dir);
  const rules = mixinRuleFiles(build(builds[folder]!(mixin))).get(`${mixin}.rules.yaml`);
  if (rules === undefined) throw new Error(`${mixin}: no ${mixin}.rules.yaml built`);
  writeFileSync(path.join(dir, `${mixin}.rules.yaml`), rules);
  const copy = path.join(dir, file);
  copyFileSync(path.join(root, folder, file), copy);
  return promtoolTest(promtool, copy);
}

// Started at load, so every promtool process runs in parallel; each test awaits its own.
const runs = new Map<string, Promise<Run>>([
  ...testFiles(root).map((f): [string, Promise<Run>] => [
    f,
    promtoolTest(promtool, path.join(root, f)),
  ]),
  ...Object.keys(builds).flatMap((folder) =>
    testFiles(path.join(root, folder)).map((f): [string, Promise<Run>] => [
      `${folder}/${f}`,
      builtRun(folder, f),
    ]),
  ),
]);

describe("independent promtool scenarios (#20)", () => {
  it("has scenarios for every shipped mixin and for the clusterLabel build", () => {
    const names = [...runs.keys()];
    for (const mixin of Object.keys(shippedMixins))
      expect(names, `test/independent/${mixin}.test.yaml`).toContain(`${mixin}.test.yaml`);
    expect(names.filter((n) => n.startsWith("cluster/")).length).toBeGreaterThan(0);
  });

  for (const [name, run] of runs) {
    it(
      `promtool test rules test/independent/${name}`,
      async () => {
        const { ok, output } = await run;
        if (!ok) expect.fail(`promtool test rules failed on test/independent/${name}:\n${output}`);
      },
      timeoutMs,
    );
  }
});
