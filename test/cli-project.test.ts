/**
 * The project build behind the CLI, in process: the output layout and formats, global alert labels
 * proved in promtool, every config problem named by its path, and the output folder's rules (adopt
 * identical files, refuse a user's, remove only mixkit's stale files, report drift).
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { withAlertLabels } from "../src/generate/alert-labels.js";
import { findDrift } from "../src/generate/drift.js";
import { driftReport } from "../src/generate/drift-report.js";
import { applyOutput, planOutput } from "../src/generate/output.js";
import { buildProjectWith } from "../src/generate/project.js";
import { shippedMixins } from "../src/mixins/index.js";
import {
  alert,
  counter,
  dashboard,
  defineConfig,
  group,
  inhibit,
  ProjectError,
  expectAlert,
  expectNoAlert,
  rate,
  scenario,
  series,
  steady,
  sum,
  testRules,
  testRulesAsync,
  timeSeriesPanel,
  type CustomMixin,
  type MixkitConfig,
} from "../src/index.js";
import {
  esCondition,
  notReady,
  sampleGroups,
  sampleScenarios,
  syncErrors,
} from "./fixtures/sample-rules.js";

const notReadyLabels = {
  job: "external-secrets-metrics",
  namespace: "external-secrets",
  pod: "eso-0",
  condition: "Ready",
  name: "db",
  exported_namespace: "app",
} as const;

const dir = mkdtempSync(path.join(tmpdir(), "mixkit-project-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sample: CustomMixin = {
  name: "sample",
  groups: sampleGroups,
  scenarios: sampleScenarios,
  dashboards: [
    dashboard("Sample", { uid: "sample" }).panels(
      timeSeriesPanel("Sync errors", {
        unit: "ops",
        description: "Failed syncs per second.",
      }).query(
        sum(
          rate(counter("externalsecret_sync_calls_error", ["name"]).range("$__rate_interval")),
        ).by("name"),
        { legend: "{{name}}" },
      ),
    ),
  ],
};

/**
 * The sample beside the shipped External Secrets mixin: its rules are written like the mixin's
 * (same names), so they carry a label of their own, or the project would record one series twice.
 */
const besideShipped: CustomMixin = {
  ...sample,
  groups: sampleGroups.map((g) =>
    group(
      g.name,
      g.rules.map((r) => r.withLabels({ source: "sample" })),
      g.options,
    ),
  ),
};

/** The problems of a config that does not build, as `at: message` lines. */
function problems(config: unknown): string[] {
  try {
    buildProjectWith(config, shippedMixins);
  } catch (err) {
    if (err instanceof ProjectError) return err.problems.map((p) => `${p.at}: ${p.message}`);
    throw err;
  }
  throw new Error("the config built");
}

function filesUnder(root: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const file = path.join(e.parentPath, e.name);
        return [path.relative(root, file).split(path.sep).join("/"), readFileSync(file, "utf8")];
      })
      .sort(([a = ""], [b = ""]) => (a < b ? -1 : 1)),
  );
}

describe("a project build", () => {
  it("lays out every output format, with a kustomization of exactly the Kubernetes objects", () => {
    const build = buildProjectWith(
      defineConfig({
        mixins: { "external-secrets": { kubeStateMetrics: { enabled: true } } },
        custom: [besideShipped],
        outputs: {
          prometheusRule: { namespace: "monitoring", labels: { release: "prom" } },
          mimir: {},
          thanos: true,
          grafanaDashboard: { instanceSelector: { matchLabels: { dashboards: "grafana" } } },
          alertmanagerConfig: { namespace: "monitoring", labels: { alertmanager: "main" } },
          kustomization: { namespace: "monitoring" },
        },
      }),
      shippedMixins,
    );
    expect([...build.files.keys()]).toEqual([
      ".mixkit-manifest.json",
      "dashboards/external-secrets/mixkit-external-secrets.grafanadashboard.yaml",
      "dashboards/external-secrets/mixkit-external-secrets.json",
      "dashboards/sample/sample.grafanadashboard.yaml",
      "dashboards/sample/sample.json",
      "kustomization.yaml",
      "rules/external-secrets/external-secrets.alertmanager.yaml",
      "rules/external-secrets/external-secrets.alertmanagerconfig.yaml",
      "rules/external-secrets/external-secrets.kube-prometheus-stack-values.yaml",
      "rules/external-secrets/external-secrets.kube-state-metrics.yaml",
      "rules/external-secrets/external-secrets.mimir.yaml",
      "rules/external-secrets/external-secrets.prometheusrule.yaml",
      "rules/external-secrets/external-secrets.rules.eval-10m.test.yaml",
      "rules/external-secrets/external-secrets.rules.test.yaml",
      "rules/external-secrets/external-secrets.rules.yaml",
      "rules/external-secrets/external-secrets.thanos.yaml",
      "rules/sample/sample.mimir.yaml",
      "rules/sample/sample.prometheusrule.yaml",
      "rules/sample/sample.rules.test.yaml",
      "rules/sample/sample.rules.yaml",
      "rules/sample/sample.thanos.yaml",
    ]);
    expect(parse(build.files.get("kustomization.yaml") as string)).toEqual({
      apiVersion: "kustomize.config.k8s.io/v1beta1",
      kind: "Kustomization",
      namespace: "monitoring",
      resources: [
        "dashboards/external-secrets/mixkit-external-secrets.grafanadashboard.yaml",
        "dashboards/sample/sample.grafanadashboard.yaml",
        "rules/external-secrets/external-secrets.alertmanagerconfig.yaml",
        "rules/external-secrets/external-secrets.prometheusrule.yaml",
        "rules/sample/sample.prometheusrule.yaml",
      ],
    });
    const amc = parse(
      build.files.get("rules/external-secrets/external-secrets.alertmanagerconfig.yaml") as string,
    ) as { kind: string; metadata: unknown };
    expect(amc.kind).toBe("AlertmanagerConfig");
    expect(amc.metadata).toEqual({
      name: "external-secrets",
      namespace: "monitoring",
      labels: { alertmanager: "main" },
    });
    const rule = parse(build.files.get("rules/sample/sample.prometheusrule.yaml") as string) as {
      metadata: unknown;
    };
    expect(rule.metadata).toEqual({
      name: "sample",
      namespace: "monitoring",
      labels: { release: "prom" },
    });
    expect(parse(build.files.get("rules/sample/sample.mimir.yaml") as string)).toMatchObject({
      namespace: "sample",
    });
    const manifest = JSON.parse(build.files.get(".mixkit-manifest.json") as string) as {
      files: string[];
    };
    expect(manifest.files).toEqual([...build.files.keys()].slice(1));
  });

  it("writes a custom mixin's inhibitions with the project's alert labels, and leaves out the AlertmanagerConfig when asked", () => {
    const withInhibitions: CustomMixin = {
      ...sample,
      inhibitions: [inhibit(notReady, syncErrors, { equal: ["exported_namespace", "name"] })],
    };
    const build = buildProjectWith(
      {
        custom: [withInhibitions],
        extraAlertLabels: { team: "payments" },
        outputs: { alertmanagerConfig: false },
      },
      shippedMixins,
    );
    expect(parse(build.files.get("rules/sample/sample.alertmanager.yaml") as string)).toEqual({
      inhibit_rules: [
        {
          source_matchers: ['alertname="ExternalSecretNotReady"', 'team="payments"'],
          target_matchers: [
            'alertname="ExternalSecretSyncErrors"',
            'component="external-secrets"',
            'team="payments"',
          ],
          equal: ["exported_namespace", "name"],
        },
      ],
    });
    expect(build.files.has("rules/sample/sample.alertmanagerconfig.yaml")).toBe(false);
    // Inhibitions of rules the groups no longer hold (labelled copies) are refused, not emitted.
    expect(
      problems({ custom: [{ ...besideShipped, inhibitions: withInhibitions.inhibitions }] }),
    ).toEqual([
      expect.stringMatching(
        /^custom\.0 \("sample"\): inhibit\(ExternalSecretNotReady -> ExternalSecretSyncErrors\): this ExternalSecretNotReady is not an alert of the rule groups/,
      ),
    ]);
    expect(problems({ custom: [{ ...sample, inhibitions: ["x"] }] })).toEqual([
      expect.stringMatching(/^custom\.0\.inhibitions\.0: not an inhibition: build it with inhibit/),
    ]);
  });

  it("leaves out the PrometheusRule and the kustomization when asked", () => {
    const build = buildProjectWith(
      {
        custom: [sample],
        outputs: { prometheusRule: false, kustomization: false },
      },
      shippedMixins,
    );
    expect([...build.files.keys()]).toEqual([
      ".mixkit-manifest.json",
      "dashboards/sample/sample.json",
      "rules/sample/sample.rules.test.yaml",
      "rules/sample/sample.rules.yaml",
    ]);
  });

  it("writes every file in prettier's format, small manifests included", async () => {
    const prettier = await import("prettier");
    const options = (await prettier.resolveConfig(path.resolve(import.meta.dirname, ".."))) ?? {};
    const build = buildProjectWith(
      { custom: [{ ...sample, groups: [], scenarios: [] }] },
      shippedMixins,
    );
    expect(build.files.size).toBe(3);
    for (const [rel, text] of build.files)
      expect(await prettier.check(text, { ...options, filepath: rel }), rel).toBe(true);
  });

  it("gives the same bytes for the same config, whichever objects built it", () => {
    const config = (): MixkitConfig => ({
      mixins: { "external-secrets": { clusterLabel: "cluster" } },
      custom: [besideShipped],
    });
    expect(buildProjectWith(config(), shippedMixins).files).toEqual(
      buildProjectWith(config(), shippedMixins).files,
    );
  });

  it("adds extraAlertLabels to every alert under the alert's own labels, and promtool expects them", () => {
    const build = buildProjectWith(
      {
        custom: [sample],
        extraAlertLabels: { team: "platform", severity_class: "page" },
      },
      shippedMixins,
    );
    const rules = parse(build.files.get("rules/sample/sample.rules.yaml") as string) as {
      groups: { rules: { alert?: string; labels?: Record<string, string> }[] }[];
    };
    const alerts = rules.groups.flatMap((g) => g.rules).filter((r) => r.alert !== undefined);
    expect(alerts.length).toBeGreaterThan(2);
    for (const a of alerts) expect(a.labels).toMatchObject({ team: "platform" });
    const here = mkdtempSync(path.join(dir, "labels-"));
    for (const [rel, text] of build.files) {
      if (!rel.startsWith("rules/sample/")) continue;
      writeFileSync(path.join(here, path.basename(rel)), text);
    }
    const test = testRules(path.join(here, "sample.rules.test.yaml"));
    expect(test.failures).toEqual([]);
    expect(test.ok).toBe(true);
    expect(readFileSync(path.join(here, "sample.rules.test.yaml"), "utf8")).toContain(
      "team: platform",
    );
  });

  it("lets an alert's own labels win over extraAlertLabels", () => {
    const own = alert("PaymentsDown", {
      expr: sum(rate(counter("payments_errors_total", ["namespace"]).range("5m")))
        .by("namespace")
        .gt(1),
      severity: "critical",
      summary: "Payments fail.",
      description: (t) => `Payments in ${t.labels.namespace} fail.`,
      labels: { team: "payments" },
    });
    const { groups } = withAlertLabels([group("payments", [own])], [], {
      team: "platform",
      tier: "1",
    });
    const labelled = groups[0]?.rules[0] as typeof own;
    expect(labelled.labels()).toEqual({ team: "payments", tier: "1", severity: "critical" });
    expect(own.labels()).toEqual({ team: "payments", severity: "critical" });
  });

  it("refuses an alert or a recorded series defined twice across the project, naming both places", () => {
    expect(problems({ mixins: { "external-secrets": {} }, custom: [sample] })).toEqual([
      'custom.0 ("sample"), group "external-secrets.rules", record "provider_call:externalsecret_provider_api_calls_count:error_ratio5m": mixins.external-secrets, group "external-secrets.rules", record "provider_call:externalsecret_provider_api_calls_count:error_ratio5m" records the same series; two groups writing one series corrupt it, so rename one or give it a distinct label',
      'custom.0 ("sample"), group "external-secrets.alerts", alert "ExternalSecretNotReady": mixins.external-secrets, group "external-secrets.alerts", alert "ExternalSecretNotReady" has the same name and labels; promtool refuses the pair and Alertmanager would take them for one alert, so rename one or give it a distinct label',
    ]);
    // The same names with labels of their own are other rules: the project builds.
    expect(
      buildProjectWith(
        { mixins: { "external-secrets": {} }, custom: [besideShipped] },
        shippedMixins,
      ).files.size,
    ).toBeGreaterThan(0);
  });

  it("names the config path of every problem", () => {
    const cases: [unknown, RegExp][] = [
      [{ outdir: "x" }, /^: unknown key "outdir"/],
      [
        { mixins: { "externl-secrets": {} } },
        /^mixins: unknown key "externl-secrets"; shipped mixins: external-secrets/,
      ],
      [
        { mixins: { "external-secrets": "yes" } },
        /^mixins\.external-secrets: the mixin's config object/,
      ],
      [
        { mixins: { "external-secrets": { externalSecretNotReady: { for: "10 minutes" } } } },
        /^mixins\.external-secrets\.externalSecretNotReady\.for: not a duration/,
      ],
      [{ custom: [{ name: "Payments" }] }, /^custom\.0\.name: use lower-case letters/],
      [{ custom: [{ name: "p", groups: ["x"] }] }, /^custom\.0\.groups\.0: not a rule group/],
      [
        { custom: [{ name: "p", groups: [new (class RuleGroup {})()] }] },
        /^custom\.0\.groups\.0: a rule group from another copy of mixkit/,
      ],
      [{ custom: [{ name: "p", dashboards: [{}] }] }, /^custom\.0\.dashboards\.0: not a dashboard/],
      [
        { mixins: { "external-secrets": {} }, custom: [{ name: "external-secrets" }] },
        /^custom\.0\.name: "external-secrets" is already the name of another mixin/,
      ],
      [
        { custom: [{ name: "p", groups: sampleGroups }] },
        /^custom\.0 \("p"\), scenarios: the mixin has rule groups but no promtool scenarios/,
      ],
      [{ targetPrometheus: "latest" }, /^targetPrometheus: a Prometheus version like "2\.42"/],
      [{ extraAlertLabels: { severity: "page" } }, /^extraAlertLabels: severity, alertname/],
      [{ extraAlertLabels: { "bad-label": "x" } }, /^extraAlertLabels\.bad-label: invalid key/],
      [{ outputs: { grafanaDashboard: {} } }, /^outputs\.grafanaDashboard\.instanceSelector:/],
      [
        { outputs: { configMap: true } },
        /^outputs\.configMap: expected false, or an object of options/,
      ],
      [
        { custom: [{ name: "p", extraFiles: new Map([["../x.yaml", "x"]]) }] },
        /^custom\.0\.extraFiles\.\.\.\/x\.yaml: a plain file name without folders/,
      ],
      [
        { custom: [{ ...sample, extraFiles: new Map([["sample.rules.yaml", "x"]]) }] },
        /^custom\.0 \("sample"\), extra file "sample\.rules\.yaml": has the name of a generated rule file/,
      ],
      [
        { custom: [sample, { name: "other", dashboards: sample.dashboards }] },
        /^custom\.1 \("other"\), dashboard uid "sample": custom\.0 \("sample"\) has a dashboard with the same uid/,
      ],
    ];
    for (const [config, expected] of cases)
      expect(
        problems(config),
        JSON.stringify(config, (_, v) => (v instanceof Map ? [...v] : v)),
      ).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it("reports rule, scenario and dashboard problems of every mixin in one run", () => {
    const badAlert = alert("bad-name", {
      expr: sum(rate(counter("x_total", ["a"]).range("5m"))).gt(1),
      severity: "warning",
      summary: "S.",
      description: "d",
    });
    const found = problems({
      custom: [
        { name: "a", groups: [group("g", [badAlert])], scenarios: sampleScenarios },
        { name: "b", dashboards: [dashboard("")] },
      ],
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^custom\.0 \("a"\), group "g", alert "bad-name": alert names are CamelCase/,
        ),
        expect.stringMatching(/^custom\.0 \("a"\), scenarios: /),
        expect.stringMatching(/^custom\.1 \("b"\), dashboard/),
      ]),
    );
  });

  it("writes scenarios with their own evaluation interval to a test file of their own, and runs both", async () => {
    const every5m = scenario("ExternalSecretNotReady, evaluated every 5 minutes", {
      evaluationInterval: "5m",
      series: [
        series(esCondition, { ...notReadyLabels, status: "False" }, steady(1, 30)),
        series(esCondition, { ...notReadyLabels, status: "True" }, steady(0, 30)),
      ],
      expect: [
        expectNoAlert(notReady, "5m"),
        expectAlert(notReady, "10m", { exported_namespace: "app", name: "db" }),
      ],
    });
    const build = buildProjectWith(
      { custom: [{ ...sample, scenarios: [...sampleScenarios, every5m] }] },
      shippedMixins,
    );
    const tests = [
      "rules/sample/sample.rules.test.yaml",
      "rules/sample/sample.rules.eval-5m.test.yaml",
    ];
    expect(build.mixins[0]?.testFiles).toEqual(tests);
    const coarse = parse(build.files.get(tests[1] as string) as string) as {
      evaluation_interval: string;
      rule_files: string[];
      tests: { name: string }[];
    };
    expect(coarse).toMatchObject({ evaluation_interval: "5m", rule_files: ["sample.rules.yaml"] });
    expect(coarse.tests.map((t) => t.name)).toEqual([every5m.name]);
    expect(build.files.get(tests[0] as string)).not.toContain(every5m.name);
    const here = mkdtempSync(path.join(dir, "intervals-"));
    for (const [rel, text] of build.files)
      if (rel.startsWith("rules/sample/")) writeFileSync(path.join(here, path.basename(rel)), text);
    for (const result of await Promise.all(
      tests.map((t) => testRulesAsync(path.join(here, path.basename(t)))),
    )) {
      expect(result.failures).toEqual([]);
      expect(result.ok).toBe(true);
    }
    // A file of the mixin's own may not take a name such test files use.
    const extra = new Map([["sample.rules.eval-1h.test.yaml", "tests: []\n"]]);
    expect(problems({ custom: [{ ...sample, extraFiles: extra }] })).toContain(
      'custom.0 ("sample"), extra file "sample.rules.eval-1h.test.yaml": has the name of a generated rule file; rename it',
    );
  });

  it("checks the rules against the target Prometheus", () => {
    const offset = { ...sample, groups: sampleGroups.map((g) => g.with({ queryOffset: "1m" })) };
    expect(problems({ custom: [offset] })).toEqual(
      expect.arrayContaining([expect.stringMatching(/query_offset.*2\.53/)]),
    );
    expect(
      buildProjectWith({ custom: [offset], targetPrometheus: "2.53" }, shippedMixins).files.size,
    ).toBeGreaterThan(0);
  });
});

describe("the output folder", () => {
  const config = { custom: [sample], outputs: { kustomization: false } } as const;
  const files = buildProjectWith(config, shippedMixins).files;
  const fresh = () => mkdtempSync(path.join(dir, "out-"));
  const write = (out: string, rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
    writeFileSync(path.join(out, rel), text);
  };

  it("is written whole, then matches the build", () => {
    const out = fresh();
    const plan = planOutput(out, files);
    expect(plan).toEqual({ write: [...files.keys()], unchanged: [], remove: [] });
    applyOutput(out, files, plan);
    expect(filesUnder(out)).toEqual(Object.fromEntries(files));
    expect(findDrift(out, files)).toEqual([]);
    expect(planOutput(out, files)).toEqual({ write: [], unchanged: [...files.keys()], remove: [] });
  });

  it("adopts identical files without a manifest, but never overwrites a different file of yours", () => {
    const out = fresh();
    for (const [rel, text] of files) if (rel !== ".mixkit-manifest.json") write(out, rel, text);
    expect(planOutput(out, files).write).toEqual([".mixkit-manifest.json"]);
    write(out, "dashboards/sample/sample.json", "{}\n");
    expect(() => planOutput(out, files)).toThrow(
      /dashboards\/sample\/sample\.json: exists and was not written by mixkit/,
    );
    const blocked = fresh();
    write(blocked, "rules", "a file where a folder goes");
    expect(() => planOutput(blocked, files)).toThrow(/rules is a file, not a folder/);
  });

  it("removes only the stale files its manifest lists, and the folders they leave empty", () => {
    const out = fresh();
    applyOutput(out, files, planOutput(out, files));
    write(out, "dashboards/sample/NOTES.md", "mine\n");
    write(out, "own.yaml", "mine\n");
    const smaller = buildProjectWith(
      { ...config, custom: [{ ...sample, dashboards: [] }] },
      shippedMixins,
    ).files;
    const plan = planOutput(out, smaller);
    expect(plan.remove).toEqual(["dashboards/sample/sample.json"]);
    expect(findDrift(out, smaller)).toContainEqual({
      kind: "stale",
      path: "dashboards/sample/sample.json",
    });
    applyOutput(out, smaller, plan);
    expect(Object.keys(filesUnder(out)).sort()).toEqual(
      [...smaller.keys(), "dashboards/sample/NOTES.md", "own.yaml"].sort(),
    );
    const rulesOnly = buildProjectWith({ ...config, custom: [{ name: "x" }] }, shippedMixins).files;
    applyOutput(out, rulesOnly, planOutput(out, rulesOnly));
    expect(readdirSync(out).sort()).toEqual([".mixkit-manifest.json", "dashboards", "own.yaml"]);
  });

  it("refuses a manifest that names files outside the folder, and touches nothing", () => {
    const out = fresh();
    write(out, "victim.txt", "keep\n");
    write(out, "inner/.mixkit-manifest.json", JSON.stringify({ files: ["../victim.txt"] }));
    expect(() => planOutput(path.join(out, "inner"), files)).toThrow(
      /lists "\.\.\/victim\.txt", which is not a file inside the folder/,
    );
    write(out, "inner/.mixkit-manifest.json", "not json");
    expect(() => planOutput(path.join(out, "inner"), files)).toThrow(/not JSON/);
    expect(readFileSync(path.join(out, "victim.txt"), "utf8")).toBe("keep\n");
  });

  it("describes drift readably: missing, changed with the first diff lines, stale", () => {
    const report = driftReport([
      { kind: "missing", path: "dashboards/a/a.json" },
      {
        kind: "changed",
        path: "rules/a/a.rules.yaml",
        actual: "groups:\n  - name: a\n    for: 6m\n",
        expected: "groups:\n  - name: a\n    for: 5m\n",
      },
      {
        kind: "changed",
        path: "big.txt",
        actual: Array.from({ length: 40 }, (_, i) => `line ${i}`).join("\n"),
        expected: Array.from({ length: 40 }, (_, i) => `LINE ${i}`).join("\n"),
      },
      { kind: "stale", path: "rules/old/old.rules.yaml" },
    ]);
    expect(report).toContain("  missing  dashboards/a/a.json");
    expect(report).toContain("  changed  rules/a/a.rules.yaml  (+1 -1 lines)");
    expect(report).toContain("      -    for: 6m\n      +    for: 5m");
    expect(report).toContain("  changed  big.txt  (+40 -40 lines)");
    expect(report).toMatch(/\.\.\. \d+ more diff lines/);
    expect(report).toContain("  stale    rules/old/old.rules.yaml");
  });
});
