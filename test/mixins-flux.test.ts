/**
 * The Flux mixin on every data source: promtool scenarios (fires, quiet, resolves, suspended objects,
 * the legacy-to-kube-state-metrics upgrade, missing sources), lint, and a kube-state-metrics config
 * whose labels are exactly those the queries use.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import type { Node } from "../src/promql/ast.js";
import { parsePromQL } from "../src/promql/parse.js";
import { MixinConfigError } from "../src/mixins/common/config.js";
import { mixinRuleFiles } from "../src/mixins/common/mixin.js";
import { fluxMixin, type FluxConfigInput } from "../src/mixins/flux/index.js";
import { fluxKinds } from "../src/mixins/flux/kube-state-metrics.js";
import { gotkResourceInfo } from "../src/mixins/flux/catalog.js";
import {
  AlertingRule,
  lintGroups,
  renderTemplate,
  toGoTemplate,
  type Template,
} from "../src/index.js";
import { runPromtool } from "./fixtures/promtool-run.js";

const dir = mkdtempSync(path.join(tmpdir(), "mixkit-flux-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runScenarios(input: FluxConfigInput) {
  const mixin = fluxMixin(input);
  return { mixin, ...(await runPromtool(dir, mixinRuleFiles(mixin), "flux.rules.yaml")) };
}

const configs: [string, FluxConfigInput][] = [
  ["kube-state-metrics", {}],
  ["flux-operator", { sources: ["flux-operator"] }],
  ["legacy metrics", { sources: ["legacy"] }],
  [
    "legacy and kube-state-metrics during an upgrade, with a cluster label",
    { sources: ["legacy", "ksm"], clusterLabel: "k8s_cluster" },
  ],
];

describe("Flux mixin", () => {
  it("ships the alerts of its public contract", () => {
    const names = fluxMixin()
      .groups.flatMap((g) => g.rules)
      .filter((r) => r instanceof AlertingRule)
      .map((r) => r.name);
    expect(names).toEqual([
      "FluxHelmReleaseNotReady",
      "FluxKustomizationNotReady",
      "FluxSourceNotReady",
      "FluxResourceSuspended",
      "FluxReconcileSlow",
      "FluxResourceReadyUnknown",
      "FluxImageAutomationNotReady",
      "FluxReceiverNotReady",
      "FluxMetricsAbsent",
      "FluxControllerMetricsAbsent",
      "FluxKindMetricsAbsent",
    ]);
    const operator = fluxMixin({ sources: ["flux-operator"] })
      .groups.flatMap((g) => g.rules)
      .map((r) => r.name);
    expect(operator).toContain("FluxInstanceNotReady");
  });

  // Each config in its own folder, its promtool runs at once with the other configs'.
  it.concurrent.for(configs)(
    "passes its scenarios in promtool with %s, and lints clean",
    async ([, input], { expect }) => {
      const { mixin, testFiles, tests, check } = await runScenarios(input);
      // the day-long scenarios (suspension, Ready=Unknown, the healthy day) are evaluated every 10
      // minutes, in a file of their own
      expect(testFiles).toEqual(["flux.rules.test.yaml", "flux.rules.eval-10m.test.yaml"]);
      for (const test of tests) {
        expect(test.failures).toEqual([]);
        expect(test.ok).toBe(true);
      }
      expect(check.output).toContain("SUCCESS");
      expect(check.ok).toBe(true);
      expect(lintGroups(mixin.groups, { scrapeInterval: "30s" }).findings).toEqual([]);
      expect(mixin.dashboard.lint().findings).toEqual([]);
    },
  );

  it("covers the upgrade hand-over and missing sources in its scenarios", () => {
    const names = fluxMixin({ sources: ["legacy", "ksm"] }).scenarios.map((s) => s.name);
    expect(names).toContain(
      "Upgrade: legacy series stop as kube-state-metrics series start: no false alert",
    );
    expect(names).toContain(
      "FluxMetricsAbsent: fires when the configured data source has no series",
    );
    expect(names.filter((n) => n.includes("suspended, even when not ready"))).toHaveLength(14);
    expect(names.filter((n) => n.startsWith("Healthy day"))).toHaveLength(1);
  });

  it("names the chart and revision of a HelmRelease where the source has them", () => {
    const description = (input: FluxConfigInput) => {
      const rule = fluxMixin(input)
        .groups.flatMap((g) => g.rules)
        .find((r) => r.name === "FluxHelmReleaseNotReady") as AlertingRule;
      return toGoTemplate(rule.annotations()["description"] as Template<string>).text;
    };
    expect(description({})).toContain("{{ $labels.chart_name }} {{ $labels.revision }}");
    expect(description({ sources: ["flux-operator"] })).toContain("{{ $labels.revision }}");
    expect(description({ sources: ["legacy"] })).not.toContain("revision");
  });

  it("names no chart for a release that has none yet, rather than an empty one", () => {
    const rendered = (input: FluxConfigInput, labels: Record<string, string>) => {
      const rule = fluxMixin(input)
        .groups.flatMap((g) => g.rules)
        .find((r) => r.name === "FluxHelmReleaseNotReady") as AlertingRule;
      const template = rule.annotations()["description"] as Template<string>;
      return renderTemplate(
        template,
        { exported_namespace: "apps", name: "podinfo", ...labels },
        1,
      );
    };
    expect(rendered({}, {})).toEqual({
      text: "HelmRelease apps/podinfo is not ready (and not suspended).",
    });
    expect(rendered({}, { chart_name: "podinfo", revision: "6.5.0" })).toEqual({
      text: "HelmRelease apps/podinfo (chart podinfo 6.5.0) is not ready (and not suspended).",
    });
    expect(rendered({ sources: ["flux-operator"] }, { revision: "" })).toEqual({
      text: "HelmRelease apps/podinfo is not ready (and not suspended).",
    });
  });

  it("refuses a bad config, naming the path and the problem", () => {
    const cases: [unknown, RegExp][] = [
      [{ sources: [] }, /sources: name at least one data source/],
      [{ sources: ["ksm", "ksm"] }, /sources: a data source is listed twice/],
      [{ sources: ["prometheus"] }, /sources\.0/],
      [{ resourceSuspended: { for: "a day" } }, /resourceSuspended\.for: not a duration/],
      [
        { reconcileSlow: { seconds: 600 } },
        /reconcileSlow\.seconds: reconcileSlow\.seconds is gone.*slowerThan/,
      ],
      [
        { reconcileSlow: { slowerThan: 300 } },
        /reconcileSlow\.slowerThan: a bucket boundary of gotk_reconcile_duration_seconds, one of 0\.01, .*, 122, 469, 1800/,
      ],
      [{ reconcileSlow: { share: 1 } }, /reconcileSlow\.share/],
      [
        { objectNamespaceLabel: "namespace" },
        /controllerSelector\.namespace: objectNamespaceLabel is "namespace"/,
      ],
      [
        { clusterLabel: "exported_namespace" },
        /clusterLabel: "exported_namespace" is objectNamespaceLabel too/,
      ],
      [{ ksmSelector: { job: { regex: "(" } } }, /ksmSelector\.job/],
    ];
    for (const [input, message] of cases) {
      const build = () => fluxMixin(input as FluxConfigInput);
      expect(build).toThrow(MixinConfigError);
      expect(build).toThrow(message);
    }
  });
});

/** Labels a query reads from gotk_resource_info: its matchers and the groupings over it. */
function ksmLabelsUsed(node: Node, out: Set<string>, underKsm = false): boolean {
  switch (node.type) {
    case "vectorSelector":
    case "matrixSelector":
      if (node.name !== "gotk_resource_info") return false;
      for (const m of node.matchers) out.add(m.label);
      return true;
    case "aggregate": {
      const inner = ksmLabelsUsed(node.expr, out, underKsm);
      if (inner && node.grouping)
        for (const l of node.grouping.labels) if (l !== "kind") out.add(l);
      return inner;
    }
    case "call":
      return node.args.map((a) => ksmLabelsUsed(a, out, underKsm)).some(Boolean);
    case "binary": {
      const lhs = ksmLabelsUsed(node.lhs, out, underKsm);
      const rhs = ksmLabelsUsed(node.rhs, out, underKsm);
      if (node.matching?.group) for (const l of node.matching.group.include) out.add(l);
      return lhs || rhs;
    }
    case "unary":
    case "subquery":
      return ksmLabelsUsed(node.expr, out, underKsm);
    default:
      return false;
  }
}

describe("Flux kube-state-metrics config", () => {
  const mixin = fluxMixin({ objectNamespaceLabel: "object_namespace" });
  type Resource = {
    groupVersionKind: { group: string; version: string; kind: string };
    metricNamePrefix: string;
    metrics: {
      name: string;
      help: string;
      each: { type: string; info: { labelsFromPath: Record<string, string[]> } };
    }[];
  };
  const config = parse(mixin.extraFiles.get("flux.kube-state-metrics.yaml") as string) as {
    kind: string;
    spec: { resources: Resource[] };
  };
  const produced = new Set([
    ...config.spec.resources.flatMap((r) =>
      r.metrics.flatMap((m) => Object.keys(m.each.info.labelsFromPath)),
    ),
    "customresource_group",
    "customresource_kind",
    "customresource_version",
  ]);

  it("produces every label the rules and the dashboard read from gotk_resource_info", () => {
    const used = new Set<string>();
    for (const rule of mixin.groups.flatMap((g) => g.rules)) ksmLabelsUsed(rule.expr.node, used);
    const json = JSON.parse(mixin.dashboard.json()) as {
      panels: { targets?: { expr: string }[]; panels?: { targets?: { expr: string }[] }[] }[];
    };
    const exprs = json.panels.flatMap((p) => [
      ...(p.targets ?? []),
      ...(p.panels ?? []).flatMap((q) => q.targets ?? []),
    ]);
    for (const t of exprs) {
      // Grafana variables stand for values: parse with them in place.
      ksmLabelsUsed(parsePromQL(t.expr), used);
    }
    for (const label of ["chart_name", "revision", "source_name", "ready", "suspended"])
      expect(used.has(label), `queries read ${label}`).toBe(true);
    const target = new Set(["job", "instance", "pod", "namespace", "container", "service"]);
    for (const label of used)
      if (!target.has(label))
        expect(produced.has(label), `the config produces ${label}, which a query reads`).toBe(true);
  });

  it("produces exactly the labels the catalog declares, with the configured namespace label", () => {
    const declared = gotkResourceInfo.meta.exposedLabels.map((l) =>
      l === "exported_namespace" ? "object_namespace" : l,
    );
    expect([...produced].sort()).toEqual([...declared].sort());
  });

  it("covers every Flux kind with its own help text", () => {
    expect(config.kind).toBe("CustomResourceStateMetrics");
    expect(config.spec.resources.map((r) => r.groupVersionKind.kind)).toEqual(
      fluxKinds.map((k) => k.kind),
    );
    const helps = config.spec.resources.map((r) => r.metrics[0]?.help);
    expect(new Set(helps).size).toBe(helps.length);
    expect(config.spec.resources.every((r) => r.metricNamePrefix === "gotk")).toBe(true);
  });

  it("is also given as kube-prometheus-stack values with the RBAC kube-state-metrics needs", () => {
    const values = parse(
      mixin.extraFiles.get("flux.kube-prometheus-stack-values.yaml") as string,
    ) as {
      "kube-state-metrics": {
        rbac: { extraRules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] };
        customResourceState: { enabled: boolean; config: { spec: { resources: Resource[] } } };
      };
    };
    const ksm = values["kube-state-metrics"];
    expect(ksm.customResourceState.enabled).toBe(true);
    expect(ksm.customResourceState.config.spec).toEqual(config.spec);
    const rules = ksm.rbac.extraRules;
    expect(rules[0]?.resources.sort()).toEqual(fluxKinds.map((k) => k.plural).sort());
    expect(rules[0]?.verbs).toEqual(["list", "watch"]);
    expect(rules[1]?.resources).toEqual(["customresourcedefinitions"]);
  });
});
