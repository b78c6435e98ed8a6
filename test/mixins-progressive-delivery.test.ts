/**
 * The progressive delivery mixin (Flagger and Keptn): promtool scenarios for every alert, with
 * Flagger or Keptn alone, an older Flagger without the rollback counter, and a cluster label; lint;
 * config errors that name the path.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { MixinConfigError } from "../src/mixins/common/config.js";
import { mixinRuleFiles } from "../src/mixins/common/mixin.js";
import { exampleValue } from "../src/mixins/common/scenario-labels.js";
import {
  progressiveDeliveryKsmCatalog,
  progressiveDeliveryMixin,
  type ProgressiveDeliveryConfigInput,
} from "../src/mixins/progressive-delivery/index.js";
import { AlertingRule, lintGroups } from "../src/index.js";
import { runPromtool } from "./fixtures/promtool-run.js";

const dir = mkdtempSync(path.join(tmpdir(), "mixkit-pd-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const alertNames = (input: ProgressiveDeliveryConfigInput) =>
  progressiveDeliveryMixin(input)
    .groups.flatMap((g) => g.rules)
    .filter((r) => r instanceof AlertingRule)
    .map((r) => r.name);

describe("progressive delivery mixin", () => {
  it("ships the alerts of its public contract", () => {
    expect(alertNames({})).toEqual([
      "FlaggerCanaryFailed",
      "FlaggerCanaryStuck",
      "FlaggerCanaryRollbacks",
      "FlaggerMetricsAbsent",
      "KeptnAnalysisFailed",
      "KeptnDeploymentFailed",
      "KeptnAppDeploymentFailed",
      "KeptnTaskFailed",
      "KeptnEvaluationFailed",
      "KeptnLifecycleOperatorMetricsAbsent",
    ]);
    // The metrics-operator's `up` means something only with a selector.
    expect(alertNames({ keptn: { metricsOperatorSelector: { job: "keptn-metrics" } } })).toContain(
      "KeptnMetricsOperatorMetricsAbsent",
    );
    expect(alertNames({ flagger: { version: "v1.41.0" } })).not.toContain("FlaggerCanaryRollbacks");
    expect(alertNames({ flagger: { kubeStateMetrics: { enabled: true } } })).toContain(
      "FlaggerCanaryPhaseStuck",
    );
    expect(alertNames({ keptn: { enabled: false } }).some((n) => n.startsWith("Keptn"))).toBe(
      false,
    );
  });

  // Each config in its own folder, its promtool runs at once with the other configs'.
  it.concurrent.for([
    ["the default config", {}],
    [
      "a cluster label and regex selectors",
      {
        clusterLabel: "k8s_cluster",
        flagger: { selector: { job: { regex: "flagger|flagger-system/flagger" } } },
      },
    ],
    ["Flagger alone, before 1.42", { keptn: { enabled: false }, flagger: { version: "v1.41.0" } }],
    ["Keptn alone", { flagger: { enabled: false } }],
    [
      "Keptn with its selectors, a cluster label and short waits",
      {
        clusterLabel: "k8s_cluster",
        flagger: { metricsAbsent: { for: "1m", lookback: "6h" } },
        keptn: {
          lifecycleOperatorSelector: { job: "keptn-lifecycle" },
          metricsOperatorSelector: { job: { regex: "keptn-metrics|metrics-operator" } },
          metricsAbsent: { for: "0s" },
          taskFailed: { window: "10m" },
        },
      },
    ],
    ["Canaries from kube-state-metrics", { flagger: { kubeStateMetrics: { enabled: true } } }],
    [
      "Canaries from kube-state-metrics, a cluster label and other phases and waits",
      {
        clusterLabel: "k8s_cluster",
        flagger: {
          kubeStateMetrics: {
            enabled: true,
            selector: { job: { regex: "ksm|kube-state-metrics" } },
          },
          canaryFailed: { for: "5m" },
          canaryStuck: { for: "20m" },
          canaryPhaseStuck: { for: "7m", phases: ["Finalising", "Succeeded"] },
        },
      },
    ],
  ] as [string, ProgressiveDeliveryConfigInput][])(
    "passes its scenarios in promtool with %s, and lints clean",
    async ([, input], { expect }) => {
      const mixin = progressiveDeliveryMixin(input);
      const { testFiles, tests, check } = await runPromtool(
        dir,
        mixinRuleFiles(mixin),
        "progressive-delivery.rules.yaml",
      );
      // The healthy day is evaluated every 5 or 10 minutes, in a file of its own; with Flagger,
      // one scenario evaluates every 30s (FlaggerCanaryFailed waits all of `for`).
      expect(testFiles[0]).toBe("progressive-delivery.rules.test.yaml");
      expect(testFiles.slice(1).filter((f) => !f.endsWith(".eval-30s.test.yaml"))).toEqual([
        expect.stringMatching(/^progressive-delivery\.rules\.eval-(5|10)m\.test\.yaml$/),
      ]);
      expect(tests.flatMap((t) => t.failures)).toEqual([]);
      expect(tests.every((t) => t.ok)).toBe(true);
      expect(check.ok).toBe(true);
      expect(lintGroups(mixin.groups, { scrapeInterval: "30s" }).findings).toEqual([]);
      expect(mixin.dashboard.lint().findings).toEqual([]);
    },
  );

  it("ships a kube-state-metrics config for Canary objects that exposes exactly the catalog's metric", () => {
    const mixin = progressiveDeliveryMixin({
      objectNamespaceLabel: "resource_namespace",
      flagger: { kubeStateMetrics: { enabled: true } },
    });
    const files = mixinRuleFiles(mixin);
    expect(parse(files.get("progressive-delivery.kube-state-metrics.yaml") ?? "")).toEqual(
      parse(mixin.kubeStateMetricsConfig ?? ""),
    );
    const values = parse(files.get("progressive-delivery.kube-prometheus-stack-values.yaml") ?? "");
    expect(values["kube-state-metrics"].rbac.extraRules[0]).toEqual({
      apiGroups: ["flagger.app"],
      resources: ["canaries"],
      verbs: ["list", "watch"],
    });
    const doc = parse(mixin.kubeStateMetricsConfig ?? "") as {
      spec: {
        resources: {
          groupVersionKind: { group: string; version: string; kind: string };
          metricNamePrefix: string;
          metrics: { name: string; each: { info: { labelsFromPath: Record<string, string[]> } } }[];
        }[];
      };
    };
    const [canary] = doc.spec.resources;
    expect(canary?.groupVersionKind).toEqual({
      group: "flagger.app",
      version: "v1beta1",
      kind: "Canary",
    });
    const [m] = canary?.metrics ?? [];
    expect(`${canary?.metricNamePrefix}_${m?.name}`).toBe(
      progressiveDeliveryKsmCatalog.canaryInfo.meta.name,
    );
    // name is the target, as on flagger_canary_status, so that the two join on it.
    expect(m?.each.info.labelsFromPath).toEqual({
      name: ["spec", "targetRef", "name"],
      canary: ["metadata", "name"],
      resource_namespace: ["metadata", "namespace"],
      phase: ["status", "phase"],
    });
    // Only with the source on.
    expect(progressiveDeliveryMixin().extraFiles.size).toBe(0);
  });

  it("covers the cases the issue names: a long successful analysis, a rollback", () => {
    const names = progressiveDeliveryMixin().scenarios.map((s) => s.name);
    expect(names).toContain("FlaggerCanaryStuck: a long but successful analysis is not stuck");
    expect(names).toContain(
      "FlaggerCanaryRollbacks: a rollback fires it, with FlaggerCanaryFailed",
    );
  });

  it("finds an example value for simple regex selectors, and refuses what it cannot satisfy", () => {
    expect(exampleValue("flagger|flagger-system/flagger")).toBe("flagger");
    expect(exampleValue("external-secrets.*")).toBe("external-secrets");
    expect(exampleValue(".+")).toBe("x");
    expect(exampleValue("[0-9]{3}")).toBeUndefined();
    expect(() =>
      progressiveDeliveryMixin({ flagger: { selector: { job: { regex: "[0-9]{3}" } } } }),
    ).toThrow(/flagger\.selector\.job: the scenarios need a value this regex matches/);
  });

  it("refuses a bad config, naming the path and the problem", () => {
    const cases: [unknown, RegExp][] = [
      [{ flagger: { enabled: false }, keptn: { enabled: false } }, /enable flagger, keptn or both/],
      [{ flagger: { version: "latest" } }, /flagger\.version: a release like/],
      [
        { keptn: { analysisFailed: { targetPercentage: 150 } } },
        /keptn\.analysisFailed\.targetPercentage/,
      ],
      [
        { flagger: { canaryStuck: { for: "an hour" } } },
        /flagger\.canaryStuck\.for: not a duration/,
      ],
    ];
    for (const [input, message] of cases) {
      const build = () => progressiveDeliveryMixin(input as ProgressiveDeliveryConfigInput);
      expect(build).toThrow(MixinConfigError);
      expect(build).toThrow(message);
    }
  });
});
