/** Label renames: expressions, raw PromQL, templates, whole rule groups and their scenarios in promtool. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  AlertingRule,
  PromQLError,
  compileTests,
  emitRuleFile,
  labelReplace,
  raw,
  renameLabels,
  renameRuleLabels,
  renameScenarioLabels,
  renameTemplateLabels,
  sum,
  testRules,
} from "../src/index.js";
import { print } from "../src/promql/printer.js";
import { esCondition, sampleGroups, sampleScenarios } from "./fixtures/sample-rules.js";

const renames = { exported_namespace: "resource_namespace", cluster: "k8s_cluster" };

describe("renameLabels", () => {
  it("renames matchers, groupings, vector matching and label arguments", () => {
    const expr = labelReplace(
      sum(esCondition.where({ exported_namespace: "app" })).by("cluster", "exported_namespace"),
      "exported_namespace",
      "$1",
      "cluster",
      "(.*)",
    )
      .mul(sum(esCondition).by("cluster"))
      .on("cluster")
      .groupLeft();
    expect(print(renameLabels(expr.node, renames))).toBe(
      'label_replace(sum by (k8s_cluster, resource_namespace) (externalsecret_status_condition{resource_namespace="app"}), "resource_namespace", "$1", "k8s_cluster", "(.*)") * on (k8s_cluster) group_left sum by (k8s_cluster) (externalsecret_status_condition)',
    );
  });

  it("renames inside raw PromQL and names the raw text it cannot read", () => {
    const node = raw('max by (exported_namespace) (up{exported_namespace!=""})').node;
    expect(print(renameLabels(node, renames))).toBe(
      'max by (resource_namespace) (up{resource_namespace!=""})',
    );
    const grafana = raw("up > $threshold").node;
    expect(() => renameLabels(grafana, renames)).toThrow(PromQLError);
    expect(() => renameLabels(grafana, renames)).toThrow(/raw PromQL "up > \$threshold"/);
  });

  it("leaves the tree alone when nothing is renamed", () => {
    const node = esCondition.where({ status: "False" }).node;
    expect(renameLabels(node, {})).toBe(node);
  });

  it("renames $labels and .Labels in Go templates", () => {
    expect(
      renameTemplateLabels(
        "{{ $labels.exported_namespace }}/{{ .Labels.name }} in {{ $labels.cluster }}",
        renames,
      ),
    ).toBe("{{ $labels.resource_namespace }}/{{ .Labels.name }} in {{ $labels.k8s_cluster }}");
  });
});

describe("renamed rule groups and scenarios", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "mixkit-rename-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const groups = renameRuleLabels(sampleGroups, renames);
  const alerts = new Map(
    groups.flatMap((g) => g.rules).flatMap((r) => (r instanceof AlertingRule ? [[r.name, r]] : [])),
  ) as Map<string, AlertingRule>;

  it("emit the new label everywhere and the old one nowhere", () => {
    const text = emitRuleFile(groups);
    expect(text).toContain("resource_namespace");
    expect(text).toContain("{{ $labels.resource_namespace }}/{{ $labels.name }}");
    // Rule names keep their level prefix; only labels change.
    expect(text.replaceAll("exported_namespace_name:", "")).not.toContain("exported_namespace");
  });

  it("pass the sample scenarios in the real promtool once the scenarios are renamed too", () => {
    writeFileSync(path.join(dir, "rules.yaml"), emitRuleFile(groups));
    const scenarios = renameScenarioLabels(sampleScenarios, renames, alerts);
    const testFile = path.join(dir, "rules.test.yaml");
    writeFileSync(testFile, compileTests({ ruleFiles: ["rules.yaml"], groups, scenarios }));
    const result = testRules(testFile);
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.ok).toBe(true);
  });

  it("fail in promtool when the scenarios keep the old label (the check can fail)", () => {
    writeFileSync(path.join(dir, "rules.yaml"), emitRuleFile(groups));
    const testFile = path.join(dir, "stale.test.yaml");
    writeFileSync(
      testFile,
      compileTests({ ruleFiles: ["rules.yaml"], groups, scenarios: sampleScenarios }),
    );
    expect(testRules(testFile).ok).toBe(false);
  });
});
