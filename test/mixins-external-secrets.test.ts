/**
 * The External Secrets mixin: its committed artifacts match the sources, its scenarios pass in the
 * real promtool with the default and a customised config, it lints clean, and bad configs say where.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { artifactRoots, manifestFile } from "../src/generate/layout.js";
import { checkDashboardJson } from "../src/dashboards/schema.js";
import { MixinConfigError } from "../src/mixins/common/config.js";
import { mixinRuleFiles } from "../src/mixins/common/mixin.js";
import {
  externalSecretsKsmCatalog,
  externalSecretsMixin,
  type ExternalSecretsConfigInput,
} from "../src/mixins/external-secrets/index.js";
import {
  AlertingRule,
  checkRulesAsync,
  lintGroups,
  testRulesAsync,
  type PromtoolResult,
} from "../src/index.js";
import { runPromtool } from "./fixtures/promtool-run.js";
import { runAsync } from "./fixtures/run-async.js";

const root = path.resolve(import.meta.dirname, "..");
const dir = mkdtempSync(path.join(tmpdir(), "mixkit-eso-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const custom: ExternalSecretsConfigInput = {
  clusterLabel: "k8s_cluster",
  objectNamespaceLabel: "resource_namespace",
  criticalObjects: [{ namespace: "payments", name: "db", for: "3m" }],
  extraAlertLabels: { team: "platform" },
  externalSecretNotReady: { for: "20m" },
};

function alertNames(input: ExternalSecretsConfigInput): string[] {
  return externalSecretsMixin(input)
    .groups.flatMap((g) => g.rules)
    .filter((r) => r instanceof AlertingRule)
    .map((r) => r.name);
}

/** Writes the mixin's rule files into a fresh folder and runs its promtool tests there. */
async function runScenarios(input: ExternalSecretsConfigInput) {
  const files = mixinRuleFiles(externalSecretsMixin(input));
  const run = await runPromtool(dir, files, "external-secrets.rules.yaml");
  // The healthy day is evaluated every 10 minutes, in a file of its own.
  expect(run.testFiles).toEqual([
    "external-secrets.rules.test.yaml",
    "external-secrets.rules.eval-10m.test.yaml",
  ]);
  const failures = run.tests.flatMap((t) => t.failures);
  return {
    test: {
      ...(run.tests[0] as PromtoolResult),
      ok: run.tests.every((t) => t.ok),
      failures,
    } as PromtoolResult,
    check: run.check,
    rules: readFileSync(path.join(run.here, "external-secrets.rules.yaml"), "utf8"),
  };
}

describe("committed artifacts", () => {
  it("match the repository's mixkit.config.ts (`mixkit check`): run `npm run build` after changing a mixin", async () => {
    const r = await runAsync(
      process.execPath,
      [path.join(root, "dist/cli/main.js"), "check"],
      root,
    );
    expect(`${r.out}${r.err}`).toMatch(
      /^mixkit check: the \d+ files in \. match mixkit\.config\.ts\n$/,
    );
    expect(r.code).toBe(0);
  });

  it("are all there is under rules/, dashboards/ and analysis/: the build's manifest lists every file", () => {
    const manifest = JSON.parse(readFileSync(path.join(root, manifestFile), "utf8")) as {
      files: string[];
    };
    // A folder the config writes nothing to (analysis/ here) does not exist.
    const onDisk = artifactRoots
      .filter((r) => existsSync(path.join(root, r)))
      .flatMap((r) =>
        readdirSync(path.join(root, r), { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) =>
            path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join("/"),
          ),
      );
    expect(onDisk.sort()).toEqual(
      manifest.files.filter((f) => artifactRoots.some((r) => f.startsWith(`${r}/`))).sort(),
    );
  });

  it("pass promtool check rules with every lint fatal, and their scenarios pass", async () => {
    const rules = path.join(root, "rules/external-secrets/external-secrets.rules.yaml");
    const [check, ...tests] = await Promise.all([
      checkRulesAsync([rules], { lint: true }),
      ...["external-secrets.rules.test.yaml", "external-secrets.rules.eval-10m.test.yaml"].map(
        (f) => testRulesAsync(path.join(root, "rules/external-secrets", f)),
      ),
    ]);
    expect(check.output).toContain("SUCCESS");
    expect(check.ok).toBe(true);
    for (const test of tests) {
      expect(test.failures).toEqual([]);
      expect(test.ok).toBe(true);
    }
  });

  it("hold a dashboard that passes the JSON model check", () => {
    const json = JSON.parse(
      readFileSync(
        path.join(root, "dashboards/external-secrets/mixkit-external-secrets.json"),
        "utf8",
      ),
    ) as { title: string };
    expect(json.title).toBe("External Secrets");
    expect(checkDashboardJson(json)).toEqual([]);
  });
});

describe("External Secrets mixin", () => {
  it("ships the alerts of its public contract", () => {
    expect(alertNames({}).sort()).toEqual(
      [
        "ExternalSecretNotReady",
        "ExternalSecretSyncErrors",
        "ExternalSecretsClusterReconcileErrors",
        "ExternalSecretsCertControllerMetricsAbsent",
        "ExternalSecretsMetricsAbsent",
        "ExternalSecretsProviderErrors",
        "ExternalSecretsReconcileErrors",
        "PushSecretNotReady",
        "SecretStoreNotReady",
        "ExternalSecretsWebhookMetricsAbsent",
      ].sort(),
    );
  });

  it("replays a healthy day, with every transient incident in it at the default `for`s", () => {
    const day = externalSecretsMixin({}).scenarios.find((s) => s.name.startsWith("A healthy day"));
    expect(day?.evaluationInterval).toBe("10m");
    const values = (metric: string, pod: string) =>
      day?.series.find((s) => s.metric === metric && s.labels["pod"] === pod)?.values;
    // the provider's transient error (3 failed syncs), the ClusterExternalSecret conflict, the
    // webhook's crash: each a step in the last leader's or the webhook's series
    expect(values("externalsecret_sync_calls_error", "eso-b1")).toMatch(/ 0x\d+ 3x\d+$/);
    expect(values("controller_runtime_reconcile_errors_total", "eso-b1")).toMatch(/ 0x\d+ 1x\d+$/);
    expect(values("up", "eso-webhook-b")).toMatch(/ 1x\d+ 0/);
  });

  it.concurrent(
    "passes its scenarios in promtool with renamed labels, a cluster label and critical objects",
    async ({ expect }) => {
      const { test, check, rules } = await runScenarios(custom);
      expect(test.failures).toEqual([]);
      expect(test.ok).toBe(true);
      expect(check.ok).toBe(true);
      const doc = parse(rules) as { groups: { name: string; rules: { expr: string }[] }[] };
      expect(doc.groups.map((g) => g.name)).toEqual([
        "external-secrets.objects.rules",
        "external-secrets.rules",
        "external-secrets.alerts",
        "external-secrets.critical-objects",
      ]);
      // Record names keep their level prefix; every label is the configured one.
      const exprs = doc.groups.flatMap((g) => g.rules.map((r) => r.expr)).join("\n");
      expect(exprs).not.toMatch(/[{(,\s]exported_namespace[\s=!,)]/);
      expect(exprs).toContain("by (k8s_cluster, resource_namespace, name)");
    },
  );

  it.concurrent(
    "critical objects at the default alert's severity are distinct rules: strict lint and scenarios pass",
    async ({ expect }) => {
      const input: ExternalSecretsConfigInput = {
        externalSecretNotReady: { severity: "critical" },
        criticalObjects: [
          { namespace: "payments", name: "db" },
          { namespace: "payments", name: { regex: "critical-.*" }, for: "3m" },
        ],
      };
      const { test, check, rules } = await runScenarios(input);
      expect(check.output).not.toContain("duplicate");
      expect(check.ok).toBe(true);
      expect(test.failures).toEqual([]);
      const doc = parse(rules) as {
        groups: { rules: { alert?: string; labels?: Record<string, string> }[] }[];
      };
      const labels = doc.groups
        .flatMap((g) => g.rules)
        .filter((r) => r.alert === "ExternalSecretNotReady")
        .map((r) => r.labels);
      expect(labels).toEqual([
        { severity: "critical" },
        { critical_object: "payments/db", severity: "critical" },
        { critical_object: "payments/~critical-.*", severity: "critical" },
      ]);
    },
  );

  it("runs the per-object records in their own, slower group; the rest at the server's interval", () => {
    const intervals = (input: ExternalSecretsConfigInput) =>
      Object.fromEntries(
        (
          parse(
            mixinRuleFiles(externalSecretsMixin(input)).get("external-secrets.rules.yaml")!,
          ) as {
            groups: { name: string; interval?: string; rules: { record?: string }[] }[];
          }
        ).groups.map((g) => [
          g.name,
          { interval: g.interval, rules: g.rules.map((r) => r.record) },
        ]),
      );
    const shipped = intervals({});
    expect(shipped["external-secrets.objects.rules"]).toEqual({
      interval: "3m",
      rules: [
        "namespace_name:externalsecret_status_condition:not_ready",
        "namespace_name:pushsecret_status_condition:not_ready",
        "namespace:externalsecret_status_condition:not_ready_count",
        "namespace:pushsecret_status_condition:not_ready_count",
        "namespace_name_kind:secretstore_status_condition:not_ready",
        "namespace_name:externalsecret_sync_calls_error:increase15m",
      ],
    });
    expect(shipped["external-secrets.rules"]?.interval).toBeUndefined();
    expect(shipped["external-secrets.alerts"]?.interval).toBeUndefined();
    expect(
      intervals({ objectRulesInterval: "1m" })["external-secrets.objects.rules"]?.interval,
    ).toBe("1m");
  });

  it.concurrent(
    "with the kube-state-metrics source: ExternalSecretRefreshStale passes its scenarios in promtool",
    async ({ expect }) => {
      const input = { ...custom, kubeStateMetrics: { enabled: true, staleAfter: "30m" } } as const;
      expect(alertNames(input)).toContain("ExternalSecretRefreshStale");
      expect(alertNames({})).not.toContain("ExternalSecretRefreshStale");
      const { test, check } = await runScenarios(input);
      expect(test.failures).toEqual([]);
      expect(test.ok).toBe(true);
      expect(check.ok).toBe(true);
      const mixin = externalSecretsMixin(input);
      expect(lintGroups(mixin.groups, { scrapeInterval: "30s" }).findings).toEqual([]);
      expect(mixin.dashboard.lint().findings).toEqual([]);
      expect(mixin.dashboard.json()).toContain("group_left (reason, message)");
    },
  );

  it.concurrent(
    "with the kube-state-metrics source and no cluster label: a deleted PushSecret stops firing",
    async ({ expect }) => {
      const input = {
        kubeStateMetrics: { enabled: true },
        pushSecretNotReady: { for: "7m" },
      } as const;
      const mixin = externalSecretsMixin(input);
      expect(mixin.scenarios.map((s) => s.name)).toContain(
        "PushSecretNotReady: a PushSecret deleted while failing stops firing (kube-state-metrics)",
      );
      const { test, check } = await runScenarios(input);
      expect(test.failures).toEqual([]);
      expect(test.ok).toBe(true);
      expect(check.ok).toBe(true);
      expect(lintGroups(mixin.groups, { scrapeInterval: "30s" }).findings).toEqual([]);
    },
  );

  it("emits a kube-state-metrics config that exposes exactly the catalog's metrics and labels", () => {
    const mixin = externalSecretsMixin({ objectNamespaceLabel: "resource_namespace" });
    type Resource = {
      groupVersionKind: { group: string; version: string; kind: string };
      metricNamePrefix: string;
      labelsFromPath: Record<string, string[]>;
      metrics: {
        name: string;
        each: { type: string; info?: { labelsFromPath: Record<string, string[]> } };
      }[];
    };
    const doc = parse(mixin.kubeStateMetricsConfig) as {
      kind: string;
      spec: { resources: Resource[] };
    };
    expect(doc.kind).toBe("CustomResourceStateMetrics");
    expect(doc.spec.resources.map((r) => r.groupVersionKind.kind)).toEqual([
      "ExternalSecret",
      "PushSecret",
      "SecretStore",
      "ClusterSecretStore",
    ]);
    const exposed = new Map(
      doc.spec.resources.flatMap((r) =>
        r.metrics.map((m) => [
          `${r.metricNamePrefix}_${m.name}`,
          [
            ...Object.keys(r.labelsFromPath),
            ...Object.keys(m.each.info?.labelsFromPath ?? {}),
            "customresource_group",
            "customresource_kind",
            "customresource_version",
          ].sort(),
        ]),
      ),
    );
    const catalog = Object.values(externalSecretsKsmCatalog).map((m) => [
      m.meta.name,
      m.meta.exposedLabels
        .map((l) => (l === "exported_namespace" ? "resource_namespace" : l))
        .sort(),
    ]);
    expect(new Map(catalog as [string, string[]][])).toEqual(exposed);
    expect(doc.spec.resources[3]?.labelsFromPath).toEqual({ name: ["metadata", "name"] });
  });

  it.concurrent(
    "leaves out metrics the configured ESO version does not have, and still covers every alert",
    async ({ expect }) => {
      expect(alertNames({ version: "v0.8.0" })).not.toContain("PushSecretNotReady");
      expect(alertNames({ version: "v0.8.0" })).not.toContain("SecretStoreNotReady");
      expect(alertNames({ version: "v0.7.0" })).not.toContain("ExternalSecretsProviderErrors");
      const { test } = await runScenarios({ version: "v0.7.0" });
      expect(test.failures).toEqual([]);
      expect(test.ok).toBe(true);
    },
  );

  it("lints clean: rules and dashboard, with the default and the customised config", () => {
    for (const input of [{}, custom]) {
      const mixin = externalSecretsMixin(input);
      expect(lintGroups(mixin.groups, { scrapeInterval: "30s" }).findings).toEqual([]);
      expect(mixin.dashboard.lint().findings).toEqual([]);
    }
  });

  it("links every alert to its runbook section and to the dashboard", () => {
    const runbook = readFileSync(path.join(root, "docs/runbooks/external-secrets.md"), "utf8");
    const headings = new Set([...runbook.matchAll(/^## (\S+)$/gm)].map((m) => m[1]));
    const { version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
      version: string;
    };
    const linked = externalSecretsMixin({
      ...custom,
      grafanaUrl: "https://grafana.corp.test",
      runbookBaseUrl: "https://wiki.corp.test/eso",
    });
    const alerts = (m: typeof linked) =>
      m.groups.flatMap((g) => g.rules).filter((r) => r instanceof AlertingRule);
    for (const rule of alerts(linked)) {
      expect(headings.has(rule.name), `no "## ${rule.name}" in the runbook`).toBe(true);
      expect(rule.annotations()["runbook_url"]).toBe(
        `https://wiki.corp.test/eso#${rule.name.toLowerCase()}`,
      );
      expect(rule.annotations()["dashboard_url"]).toMatch(
        /^https:\/\/grafana\.corp\.test\/d\/mixkit-external-secrets\/external-secrets($|\?var-cluster=\{\{\$labels\.k8s_cluster\}\})/,
      );
    }
    // Unset: the runbooks shipped with this version, and no dashboard link to a made-up host.
    for (const rule of alerts(externalSecretsMixin(custom))) {
      expect(rule.annotations()["runbook_url"]).toBe(
        `https://github.com/mixkit-dev/mixkit/blob/v${version}/docs/runbooks/external-secrets.md#${rule.name.toLowerCase()}`,
      );
      expect(rule.annotations()).not.toHaveProperty("dashboard_url");
    }
  });

  it("refuses a bad config, naming the path and the problem", () => {
    const cases: [unknown, RegExp][] = [
      [{ selector: { "bad-label": "x" } }, /selector\.bad-label.*not a label name/],
      [
        { externalSecretNotReady: { for: "10 minutes" } },
        /externalSecretNotReady\.for: not a duration/,
      ],
      [{ externalSecretNotReady: { severity: "page" } }, /externalSecretNotReady\.severity/],
      [{ criticalObjects: [{ namespace: { regex: "(" } }] }, /criticalObjects\.0\.namespace/],
      [{ providerErrors: { ratio: 5 } }, /providerErrors\.ratio/],
      [{ version: "latest" }, /version: a release like/],
      [{ objectRulesInterval: "2 minutes" }, /objectRulesInterval: not a duration/],
      [{ runbookBaseUrl: "runbooks/eso.md" }, /runbookBaseUrl: must be an absolute http\(s\) URL/],
      [{ objectNamespce: "ns" }, /objectNamespce/],
    ];
    for (const [input, message] of cases) {
      const build = () => externalSecretsMixin(input as ExternalSecretsConfigInput);
      expect(build).toThrow(MixinConfigError);
      expect(build).toThrow(message);
    }
  });
});
