/**
 * The shipped mixins' Alertmanager inhibitions on the real tools: every emitted fragment passes
 * `amtool check-config` inside a minimal alertmanager.yml, every AlertmanagerConfig passes the
 * CRD's schema, and one real Alertmanager (127.0.0.1, free port, shared by the file, reloaded per
 * case) shows that exactly the intended alerts are inhibited: alerts are posted with the labels
 * their rules give them (names, fixed labels, severity, renamed labels), and `status.inhibitedBy`
 * is read back.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AlertmanagerConfig } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1/AlertmanagerConfig";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { withAlertLabels } from "../src/generate/alert-labels.js";
import type { MixinOutput } from "../src/mixins/common/mixin.js";
import { mixinRuleFiles } from "../src/mixins/common/mixin.js";
import {
  externalSecretsMixin,
  type ExternalSecretsConfigInput,
} from "../src/mixins/external-secrets/index.js";
import { fluxMixin } from "../src/mixins/flux/index.js";
import { progressiveDeliveryMixin } from "../src/mixins/progressive-delivery/index.js";
import { spireMixin } from "../src/mixins/spire/index.js";
import { possibleLabels } from "../src/promql/labels.js";
import { emitAlertmanagerConfig, emitAlertmanagerFragment } from "../src/rules/alertmanager.js";
import { alertmanagerArtifacts } from "../src/rules/artifacts.js";
import { inhibit, Inhibition, InhibitionError } from "../src/rules/inhibit.js";
import { AlertingRule, group } from "../src/rules/model.js";
import { notReady, providerErrors, syncErrors } from "./fixtures/sample-rules.js";
import {
  findAlertmanager,
  findAmtool,
  runAmtool,
  startAlertmanager,
  type AlertmanagerServer,
} from "../src/testing/alertmanager.js";

type Labels = Readonly<Record<string, string>>;

const esoClusters: ExternalSecretsConfigInput = {
  clusterLabel: "cluster",
  objectNamespaceLabel: "namespace",
  extraAlertLabels: { team: "platform" },
  // Severity changes must not matter to the inhibitions.
  externalSecretNotReady: { severity: "critical" },
  criticalObjects: [{ namespace: "payments", name: "db", for: "5m", severity: "critical" }],
  kubeStateMetrics: { enabled: true },
};

/**
 * Each shipped mixin with its defaults and with the options that change the inhibitions, and how
 * many inhibitions it ships. With a cluster label, an absence told by `absent()` (no cluster label
 * to match on) would inhibit nothing; every shipped mixin now judges presence per cluster.
 */
const variants: readonly [string, () => MixinOutput, number][] = [
  ["external-secrets", () => externalSecretsMixin(), 2],
  ["external-secrets, clusters", () => externalSecretsMixin(esoClusters), 2],
  ["flux", () => fluxMixin(), 1],
  ["flux, clusters", () => fluxMixin({ clusterLabel: "cluster" }), 1],
  ["progressive-delivery", () => progressiveDeliveryMixin(), 3],
  // Flagger's and the lifecycle-operator's absence are judged per cluster: they name it.
  ["progressive-delivery, clusters", () => progressiveDeliveryMixin({ clusterLabel: "k8s" }), 3],
  [
    "progressive-delivery, a metrics-operator selector",
    () =>
      progressiveDeliveryMixin({ keptn: { metricsOperatorSelector: { job: "keptn-metrics" } } }),
    4,
  ],
  ["spire", () => spireMixin(), 2],
  ["spire, clusters", () => spireMixin({ clusterLabel: "cluster" }), 2],
];

/** A minimal alertmanager.yml around inhibition fragments. */
function alertmanagerYml(...fragments: string[]): string {
  const rules = fragments.flatMap((f) => (parse(f) as { inhibit_rules: unknown[] }).inhibit_rules);
  return JSON.stringify({
    route: { receiver: "null" },
    receivers: [{ name: "null" }],
    inhibit_rules: rules,
  });
}

async function checkConfig(text: string): Promise<{ ok: boolean; output: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), "mixkit-amtool-"));
  try {
    const file = path.join(dir, "alertmanager.yml");
    writeFileSync(file, text);
    return await runAmtool(["check-config", file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The labels Prometheus sends for an alert of `name` in `mixin`: its name, severity and fixed
 * labels, and `labels` (each one the rule's expression may keep). With `critical_object`, the
 * critical-object copy of that alert.
 */
function alertOf(mixin: MixinOutput, name: string, labels: Labels): Labels {
  const rules = mixin.groups
    .flatMap((g) => g.rules)
    .filter((r): r is AlertingRule => r instanceof AlertingRule && r.name === name);
  const { critical_object: critical, ...kept } = labels;
  const rule = rules.find((r) => r.spec.labels?.["critical_object"] === critical);
  if (rule === undefined) throw new Error(`${mixin.name} has no alert ${name} (${critical})`);
  const carried = possibleLabels(rule.expr.node);
  for (const label of Object.keys(kept))
    if (carried && !carried.has(label)) throw new Error(`${name} never carries ${label}`);
  const fixed = Object.entries(rule.spec.labels ?? {}).filter(
    (e): e is [string, string] => typeof e[1] === "string",
  );
  return { alertname: name, severity: rule.spec.severity, ...Object.fromEntries(fixed), ...labels };
}

const key = (labels: Labels) =>
  Object.entries(labels)
    .filter(([k]) => k !== "severity" && k !== "team")
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join(",");

describe("inhibit()", () => {
  const groups = [group("g", [notReady, syncErrors, providerErrors])];

  it("refuses an equal label a rule does not carry, in one line naming it", () => {
    const bad = () => new Inhibition(notReady, [providerErrors], ["exported_namespace"]);
    expect(bad).toThrow(InhibitionError);
    expect(bad).toThrow(
      /^inhibit\(ExternalSecretNotReady -> ExternalSecretProviderErrors\): equal: ExternalSecretProviderErrors has no label "exported_namespace" \(it has call, provider, severity\); Alertmanager would compare an empty value$/,
    );
  });

  it("refuses no targets, the source among them, a label twice, a source label not carried", () => {
    expect(() => new Inhibition(notReady, [], [])).toThrow(/give at least one target alert$/);
    expect(() => new Inhibition(notReady, [notReady], [])).toThrow(
      /the source is among the targets/,
    );
    expect(() => new Inhibition(notReady, [syncErrors], ["name", "name"])).toThrow(
      /"name" is listed twice$/,
    );
    expect(() => new Inhibition(notReady, [syncErrors], [], { kind: "x" })).toThrow(
      /sourceLabels: ExternalSecretNotReady has no label "kind"$/,
    );
    expect(() => new Inhibition(syncErrors, [notReady], [], { component: "other" })).toThrow(
      /sets component to "external-secrets", never "other"$/,
    );
  });

  it("refuses at build time an inhibition of alerts its groups do not hold, and two alerts inhibiting each other", () => {
    const stray = notReady.with({ for: "1h" });
    const elsewhere = inhibit(stray, syncErrors, { equal: ["name"] });
    expect(() => alertmanagerArtifacts(groups, [elsewhere], { name: "x" })).toThrow(
      /this ExternalSecretNotReady is not an alert of the rule groups it ships with/,
    );
    const both = [
      inhibit(notReady, syncErrors, { equal: ["name"] }),
      inhibit(syncErrors, notReady, { equal: ["name"] }),
    ];
    expect(() => alertmanagerArtifacts(groups, both, { name: "x" })).toThrow(
      /ExternalSecretSyncErrors also inhibits ExternalSecretNotReady; while both fire Alertmanager would mute both$/,
    );
  });

  it("matches by name and fixed labels, merges targets alike, escapes regex characters, and writes no file without inhibitions", () => {
    const odd = providerErrors.with({ labels: { team: 'a"b' } });
    const dotted = new AlertingRule("Odd.Name", providerErrors.spec);
    const files = alertmanagerArtifacts(
      [group("g", [notReady, syncErrors, odd, dotted])],
      [inhibit(notReady, [odd, dotted, syncErrors], { equal: [] })],
      { name: "x", alertmanagerConfig: { namespace: "monitoring", labels: { am: "main" } } },
    );
    expect(files.get("x.alertmanager.yaml")).toBe(
      [
        "inhibit_rules:",
        "  - source_matchers:",
        '      - alertname="ExternalSecretNotReady"',
        "    target_matchers:",
        '      - alertname="ExternalSecretProviderErrors"',
        '      - team="a\\"b"',
        "    equal: []",
        "  - source_matchers:",
        '      - alertname="ExternalSecretNotReady"',
        "    target_matchers:",
        '      - alertname="Odd.Name"',
        "    equal: []",
        "  - source_matchers:",
        '      - alertname="ExternalSecretNotReady"',
        "    target_matchers:",
        '      - alertname="ExternalSecretSyncErrors"',
        '      - component="external-secrets"',
        "    equal: []",
        "",
      ].join("\n"),
    );
    const merged = alertmanagerArtifacts(
      [group("g", [notReady, dotted, providerErrors])],
      [inhibit(notReady, [dotted, providerErrors], { equal: [] })],
      { name: "x" },
    );
    expect(merged.get("x.alertmanager.yaml")).toContain(
      'alertname=~"Odd\\\\.Name|ExternalSecretProviderErrors"',
    );
    expect(parse(files.get("x.alertmanagerconfig.yaml") as string)).toMatchObject({
      metadata: { name: "x", namespace: "monitoring", labels: { am: "main" } },
    });
    expect(alertmanagerArtifacts(groups, [], { name: "x" }).size).toBe(0);
  });
});

describe("the real amtool and alertmanager", () => {
  it("are found, or the tests fail with an install hint", () => {
    expect(findAmtool()).toMatch(/amtool$/);
    expect(findAlertmanager()).toMatch(/alertmanager$/);
    expect(() => findAmtool({ PATH: "/nonexistent" })).toThrow(
      "sudo apt-get install prometheus-alertmanager",
    );
    expect(() => findAlertmanager({ PATH: "/nonexistent" })).toThrow(
      "sudo apt-get install prometheus-alertmanager",
    );
  });
});

describe.each(variants)("%s", (_, build, count) => {
  const mixin = build();
  const files = mixinRuleFiles(mixin);

  it(`ships ${count} inhibitions, and the files only with some`, () => {
    expect(mixin.inhibitions).toHaveLength(count);
    expect(files.has(`${mixin.name}.alertmanager.yaml`)).toBe(count > 0);
    expect(files.has(`${mixin.name}.alertmanagerconfig.yaml`)).toBe(count > 0);
  });

  it("ships its inhibitions as an alertmanager.yml fragment that amtool check-config accepts", async () => {
    // A mixin without inhibitions: the minimal alertmanager.yml alone (the check must still pass).
    const fragment = files.get(`${mixin.name}.alertmanager.yaml`) ?? "inhibit_rules: []";
    const result = await checkConfig(alertmanagerYml(fragment));
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.ok).toBe(true);
  });

  it("ships them as an AlertmanagerConfig the CRD's schema accepts", () => {
    const text = emitAlertmanagerConfig(mixin.inhibitions, { name: mixin.name });
    const object = parse(text) as {
      spec: { inhibitRules: unknown[] };
    };
    expect(() => new AlertmanagerConfig(object as never).validate()).not.toThrow();
    const fragment = parse(emitAlertmanagerFragment(mixin.inhibitions)) as { inhibit_rules: [] };
    expect(object.spec.inhibitRules).toHaveLength(fragment.inhibit_rules.length);
  });
});

describe("routing with the fragment merged in", () => {
  it("routes the mixin's alerts by their labels as amtool config routes test shows, and the test can fail", async () => {
    const m = externalSecretsMixin(esoClusters);
    const config = JSON.stringify({
      ...JSON.parse(alertmanagerYml(mixinRuleFiles(m).get("external-secrets.alertmanager.yaml")!)),
      route: {
        receiver: "null",
        routes: [{ receiver: "platform", matchers: ['team="platform"'] }],
      },
      receivers: [{ name: "null" }, { name: "platform" }],
    });
    const dir = mkdtempSync(path.join(tmpdir(), "mixkit-amtool-"));
    try {
      const file = path.join(dir, "alertmanager.yml");
      writeFileSync(file, config);
      const alert = alertOf(m, "ExternalSecretNotReady", {
        cluster: "eu-1",
        namespace: "apps",
        name: "db",
      });
      const labels = Object.entries(alert).map(([k, v]) => `${k}=${v}`);
      const route = (receiver: string) =>
        runAmtool([
          "config",
          "routes",
          "test",
          `--config.file=${file}`,
          `--verify.receivers=${receiver}`,
          ...labels,
        ]);
      const routed = await route("platform");
      expect(routed.output).toContain("platform");
      expect(routed.ok).toBe(true);
      expect((await route("null")).ok).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the checks can fail", () => {
  it("amtool check-config refuses a broken matcher", async () => {
    const broken = emitAlertmanagerFragment(externalSecretsMixin().inhibitions).replace(
      'alertname="SecretStoreNotReady"',
      'alertname="SecretStoreNotReady',
    );
    const result = await checkConfig(alertmanagerYml(broken));
    expect(result.ok).toBe(false);
  });

  it("the CRD's schema refuses an unknown match type", () => {
    const text = emitAlertmanagerConfig(externalSecretsMixin().inhibitions, { name: "x" });
    const object = parse(text.replace("matchType: =~", "matchType: ~=")) as never;
    expect(() => new AlertmanagerConfig(object).validate()).toThrow(/matchType/);
  });
});

describe("inhibition on a running Alertmanager", () => {
  let am: AlertmanagerServer;
  beforeAll(async () => {
    am = await startAlertmanager(alertmanagerYml());
  }, 60_000);
  afterAll(async () => {
    await am?.stop();
  });

  /**
   * Loads the mixin's fragment, fires the alerts and waits until Alertmanager's view settles; then
   * the inhibited alerts must be exactly `inhibited`, the others stay active.
   */
  async function expectInhibited(
    mixin: MixinOutput,
    alerts: readonly Labels[],
    inhibited: readonly Labels[],
  ): Promise<void> {
    await am.resolveAll();
    await am.reload(alertmanagerYml(mixinRuleFiles(mixin).get(`${mixin.name}.alertmanager.yaml`)!));
    await am.fire(alerts);
    const want = inhibited.map(key).sort();
    let got: string[] = [];
    for (let i = 0; i < 50; i++) {
      const all = await am.alerts();
      const firing = all.filter((a) => alerts.some((x) => key(x) === key(a.labels)));
      got = firing
        .filter((a) => a.status.inhibitedBy.length > 0)
        .map((a) => key(a.labels))
        .sort();
      if (firing.length === alerts.length && JSON.stringify(got) === JSON.stringify(want)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(got).toEqual(want);
  }

  it("a SecretStore that is not ready inhibits the not-ready objects of its namespace only", async () => {
    const m = externalSecretsMixin();
    const a = (name: string, labels: Labels) => alertOf(m, name, labels);
    const es = a("ExternalSecretNotReady", { exported_namespace: "apps", name: "db" });
    const ps = a("PushSecretNotReady", { exported_namespace: "apps", name: "push" });
    const other = a("ExternalSecretNotReady", { exported_namespace: "web", name: "db" });
    const syncErrors = a("ExternalSecretSyncErrors", { exported_namespace: "apps", name: "db" });
    await expectInhibited(
      m,
      [
        a("SecretStoreNotReady", {
          exported_namespace: "apps",
          name: "vault",
          kind: "SecretStore",
        }),
        es,
        ps,
        other,
        syncErrors,
      ],
      [es, ps],
    );
  });

  it("a ClusterSecretStore (no namespace) inhibits nothing", async () => {
    const m = externalSecretsMixin();
    const es = alertOf(m, "ExternalSecretNotReady", { exported_namespace: "apps", name: "db" });
    await expectInhibited(
      m,
      [alertOf(m, "SecretStoreNotReady", { name: "vault", kind: "ClusterSecretStore" }), es],
      [],
    );
  });

  it("with a cluster label, a store inhibits only in its cluster, critical-object copies too, whatever the labels and severities", async () => {
    const m = externalSecretsMixin(esoClusters);
    const a = (name: string, labels: Labels) => alertOf(m, name, labels);
    const at = { cluster: "eu-1", namespace: "payments" };
    const es = a("ExternalSecretNotReady", { ...at, name: "api" });
    const critical = a("ExternalSecretNotReady", {
      ...at,
      name: "db",
      critical_object: "payments/db",
    });
    const otherCluster = a("ExternalSecretNotReady", { ...at, cluster: "us-1", name: "api" });
    expect(es["team"]).toBe("platform");
    expect(critical["severity"]).toBe("critical");
    await expectInhibited(
      m,
      [
        a("SecretStoreNotReady", { ...at, name: "vault", kind: "SecretStore" }),
        es,
        critical,
        otherCluster,
      ],
      [es, critical],
    );
  });

  it("with a cluster label, ESO's metrics absent in one cluster inhibits that cluster's ESO alerts, not kube-state-metrics' nor another cluster's", async () => {
    const m = externalSecretsMixin(esoClusters);
    const a = (name: string, labels: Labels) => alertOf(m, name, labels);
    const reconcile = a("ExternalSecretsReconcileErrors", { cluster: "eu-1", controller: "es" });
    const store = a("SecretStoreNotReady", {
      cluster: "eu-1",
      namespace: "apps",
      name: "vault",
      kind: "SecretStore",
    });
    const stale = a("ExternalSecretRefreshStale", {
      cluster: "eu-1",
      namespace: "apps",
      name: "x",
    });
    const elsewhere = a("ExternalSecretsReconcileErrors", { cluster: "us-1", controller: "es" });
    await expectInhibited(
      m,
      [a("ExternalSecretsMetricsAbsent", { cluster: "eu-1" }), reconcile, store, stale, elsewhere],
      [reconcile, store],
    );
  });

  it("a failed canary inhibits its own rollback alert, not another canary's", async () => {
    const m = progressiveDeliveryMixin({ clusterLabel: "k8s" });
    const a = (name: string, labels: Labels) => alertOf(m, name, labels);
    const canary = { k8s: "eu-1", exported_namespace: "shop", name: "podinfo" };
    const rollbacks = a("FlaggerCanaryRollbacks", canary);
    const otherName = a("FlaggerCanaryRollbacks", { ...canary, name: "cart" });
    const otherCluster = a("FlaggerCanaryRollbacks", { ...canary, k8s: "us-1" });
    await expectInhibited(
      m,
      [a("FlaggerCanaryFailed", canary), rollbacks, otherName, otherCluster],
      [rollbacks],
    );
  });

  it("without a cluster label, Flagger's metrics absent inhibits the Flagger alerts and leaves Keptn's", async () => {
    const m = progressiveDeliveryMixin();
    const a = (name: string, labels: Labels) => alertOf(m, name, labels);
    const stuck = a("FlaggerCanaryStuck", { exported_namespace: "shop", name: "podinfo" });
    const keptn = a("KeptnAnalysisFailed", { exported_namespace: "shop", name: "podinfo" });
    await expectInhibited(m, [a("FlaggerMetricsAbsent", {}), stuck, keptn], [stuck]);
  });

  it("with a cluster label, one cluster's Flagger gone inhibits that cluster's Flagger alerts only", async () => {
    const m = progressiveDeliveryMixin({ clusterLabel: "k8s" });
    const a = (name: string, labels: Labels) => alertOf(m, name, labels);
    const canary = { exported_namespace: "shop", name: "podinfo" };
    const here = a("FlaggerCanaryStuck", { ...canary, k8s: "eu-1" });
    const elsewhere = a("FlaggerCanaryStuck", { ...canary, k8s: "us-1" });
    await expectInhibited(m, [a("FlaggerMetricsAbsent", { k8s: "eu-1" }), here, elsewhere], [here]);
  });

  it("the lifecycle-operator's absence inhibits Keptn's counter alerts, not the analysis alert", async () => {
    const m = progressiveDeliveryMixin();
    const a = (name: string, labels: Labels) => alertOf(m, name, labels);
    const task = a("KeptnTaskFailed", {
      keptn_deployment_app_name: "podinfo",
      keptn_deployment_workload_name: "podinfo-frontend",
      keptn_deployment_task_name: "pre-deployment-check-48213",
    });
    const analysis = a("KeptnAnalysisFailed", { exported_namespace: "shop", name: "podinfo" });
    await expectInhibited(
      m,
      [a("KeptnLifecycleOperatorMetricsAbsent", {}), task, analysis],
      [task],
    );
  });

  it("SPIRE agents' metrics absent inhibits agent alerts, not the server's", async () => {
    const m = spireMixin();
    const a = (name: string, labels: Labels) => alertOf(m, name, labels);
    const agent = a("SPIREAgentSyncFailure", { host: "node-1" });
    const server = a("SPIREServerCAPreparationFailure", { host: "spire-server-0" });
    await expectInhibited(
      m,
      [a("SPIREMetricsAbsent", { component: "agent" }), agent, server],
      [agent],
    );
  });

  it("with a cluster label, SPIRE servers absent in one cluster inhibit that cluster's server alerts, not its agents' nor another cluster's", async () => {
    const m = spireMixin({ clusterLabel: "cluster" });
    const a = (name: string, labels: Labels) => alertOf(m, name, labels);
    const datastore = a("SPIREServerDatastoreErrors", { cluster: "b", host: "spire-server-0" });
    const agent = a("SPIREAgentSyncFailure", { cluster: "b", host: "node-1" });
    const elsewhere = a("SPIREServerDatastoreErrors", { cluster: "a", host: "spire-server-0" });
    await expectInhibited(
      m,
      [a("SPIREMetricsAbsent", { cluster: "b", component: "server" }), datastore, agent, elsewhere],
      [datastore],
    );
  });

  it("the project's extraAlertLabels are matched: alerts without them are not inhibited", async () => {
    const base = fluxMixin();
    const labelled = {
      ...base,
      ...withAlertLabels(base.groups, base.scenarios, { team: "gitops" }, base.inhibitions),
    };
    const a = (name: string, labels: Labels) => alertOf(labelled, name, labels);
    const ours = a("FluxKustomizationNotReady", {
      kind: "Kustomization",
      exported_namespace: "flux-system",
      name: "apps",
    });
    const foreign = { ...ours, team: "someone-else", name: "other" };
    await expectInhibited(labelled, [a("FluxMetricsAbsent", {}), ours, foreign], [ours]);
  });
});
