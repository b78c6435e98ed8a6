/**
 * Many clusters as Mimir and Thanos Receive see them. Two Prometheus servers are clusters "a" and
 * "b" (`external_labels: { cluster }`): each scrapes its components' metrics endpoints and
 * remote-writes into a third Prometheus, the receiver, which runs the shipped mixins' rules built
 * with `clusterLabel: "cluster"`. Taking one cluster's component away fires that cluster's
 * "metrics absent" alert and no other; object alerts keep their cluster; dashboards read one cluster.
 *
 * About 25 s: three servers, one scrape and one remote-write round trip per step, shared by all cases.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lintDashboards } from "../src/dashboards/index.js";
import { shippedMixins, type ShippedMixinName } from "../src/mixins/index.js";
import { panelTargets, substituteVariables } from "../src/testing/live.js";
import { startPrometheus, type PrometheusServer } from "../src/testing/prometheus-server.js";
import { liveEvaluationInterval, liveRuleFiles } from "../src/testing/verify.js";
import { startExporter, type Exporter } from "./fixtures/exporter.js";

const clusters = ["a", "b"] as const;
type Cluster = (typeof clusters)[number];

/** A component as its clusters run it: scrape jobs, the series each serves, the alerts to expect. */
interface Component {
  readonly mixin: ShippedMixinName;
  /** The mixin's config besides the cluster label: short `for`s, so alerts fire within seconds. */
  readonly config: Record<string, unknown>;
  readonly jobs: readonly {
    readonly job: string;
    /** Target labels, as Kubernetes service discovery would set them. */
    readonly labels: Readonly<Record<string, string>>;
    /** Exposition text; cluster "a" has a broken object, "b" none. */
    readonly metrics: (cluster: Cluster) => string;
  }[];
  /** The "metrics absent" alerts that fire when all its jobs of a cluster are gone. */
  readonly absentAlerts: readonly string[];
  /** The alert cluster a's broken object raises, with the object's labels. */
  readonly objectAlert: {
    readonly name: string;
    readonly labels: Readonly<Record<string, string>>;
  };
}

const condition = (metric: string, name: string, ready: boolean) =>
  [
    `${metric}{name="${name}",namespace="app",condition="Ready",status="True"} ${ready ? 1 : 0}`,
    `${metric}{name="${name}",namespace="app",condition="Ready",status="False"} ${ready ? 0 : 1}`,
  ].join("\n");

const components: readonly Component[] = [
  {
    mixin: "external-secrets",
    config: {
      metricsAbsent: { for: "0s" },
      webhookMetricsAbsent: { for: "0s" },
      certControllerMetricsAbsent: { for: "0s" },
      externalSecretNotReady: { for: "0s" },
      objectRulesInterval: "1s",
    },
    jobs: [
      {
        job: "external-secrets-metrics",
        labels: { namespace: "external-secrets", pod: "external-secrets-0" },
        metrics: (cluster) =>
          [
            condition("externalsecret_status_condition", "db", cluster !== "a"),
            condition("externalsecret_status_condition", "cache", true),
            "",
          ].join("\n"),
      },
      {
        job: "external-secrets-webhook",
        labels: { namespace: "external-secrets", pod: "external-secrets-webhook-0" },
        metrics: () => 'controller_runtime_webhook_requests_in_flight{webhook="/validate"} 0\n',
      },
      {
        job: "external-secrets-cert-controller-metrics",
        labels: { namespace: "external-secrets", pod: "external-secrets-cert-controller-0" },
        metrics: () =>
          'controller_runtime_reconcile_total{controller="secret",result="success"} 3\n',
      },
    ],
    absentAlerts: [
      "ExternalSecretsMetricsAbsent",
      "ExternalSecretsWebhookMetricsAbsent",
      "ExternalSecretsCertControllerMetricsAbsent",
    ],
    objectAlert: {
      name: "ExternalSecretNotReady",
      labels: { exported_namespace: "app", name: "db" },
    },
  },
  {
    mixin: "spire",
    config: { metricsAbsent: { for: "0s" }, caExpiringSoon: { for: "0s" } },
    jobs: [
      {
        job: "spire-server",
        labels: { namespace: "spire", pod: "spire-server-0" },
        // Cluster a's CA expires in an hour (never rotated); b's has most of its day left.
        metrics: (cluster) =>
          [
            'spire_server_started{version="1.15.3",trust_domain_id="example.org"} 1',
            `spire_server_manager_x509_ca_rotate_expiration{trust_domain_id="example.org"} ${Math.round(Date.now() / 1000) + (cluster === "a" ? 3_600 : 20 * 3_600)}`,
            "",
          ].join("\n"),
      },
      {
        job: "spire-agent",
        labels: { namespace: "spire", pod: "spire-agent-x7k2p" },
        metrics: () =>
          'spire_agent_started{version="1.15.3",trust_domain_id="example.org",host="node-1"} 1\n',
      },
    ],
    absentAlerts: ["SPIREMetricsAbsent"],
    objectAlert: { name: "SPIREServerCAExpiringSoon", labels: { trust_domain_id: "example.org" } },
  },
  {
    mixin: "progressive-delivery",
    config: { flagger: { canaryFailed: { for: "0s" }, metricsAbsent: { for: "0s" } } },
    jobs: [
      {
        job: "flagger",
        labels: { namespace: "flagger-system", pod: "flagger-5c9d7b6f4-q2x8w" },
        // Cluster a's canary failed (2); b's succeeded (1).
        metrics: (cluster) =>
          [
            'flagger_info{version="1.44.0",mesh_provider="istio"} 1',
            `flagger_canary_status{name="podinfo",namespace="test"} ${cluster === "a" ? 2 : 1}`,
            "",
          ].join("\n"),
      },
    ],
    absentAlerts: ["FlaggerMetricsAbsent"],
    objectAlert: {
      name: "FlaggerCanaryFailed",
      labels: { exported_namespace: "test", name: "podinfo" },
    },
  },
  {
    mixin: "flux",
    config: { metricsAbsent: { for: "0s" }, kustomizationNotReady: { for: "0s" } },
    jobs: [
      {
        job: "kube-state-metrics",
        labels: { namespace: "kube-system", pod: "kube-state-metrics-6f8d9c7b5-m4n2p" },
        // Cluster a's Kustomization is Ready=False; b's is ready.
        metrics: (cluster) =>
          `gotk_resource_info{customresource_group="kustomize.toolkit.fluxcd.io",customresource_kind="Kustomization",customresource_version="v1",name="apps",namespace="flux-system",ready="${cluster === "a" ? "False" : "True"}",suspended="false"} 1\n`,
      },
      {
        job: "kustomize-controller",
        labels: { namespace: "flux-system", pod: "kustomize-controller-7d9f8b6c5-x2v4q" },
        metrics: () =>
          [
            'controller_runtime_reconcile_total{controller="kustomization",result="success"} 12',
            'gotk_reconcile_duration_seconds_count{kind="Kustomization",name="apps",namespace="flux-system"} 12',
            "",
          ].join("\n"),
      },
    ],
    absentAlerts: ["FluxMetricsAbsent", "FluxControllerMetricsAbsent"],
    objectAlert: {
      name: "FluxKustomizationNotReady",
      labels: { kind: "Kustomization", exported_namespace: "flux-system", name: "apps" },
    },
  },
];

const built = components.map((c) => ({
  component: c,
  output: (
    shippedMixins[c.mixin] as (config: object) => ReturnType<(typeof shippedMixins)["flux"]>
  )({ ...c.config, clusterLabel: "cluster" }),
}));

let receiver: PrometheusServer;
const senders: PrometheusServer[] = [];
/** The exporters by cluster and job. */
const exporters = new Map<string, Exporter>();
const exporterKey = (cluster: Cluster, job: string) => `${cluster}/${job}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value, or fails with what it last saw. */
async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

async function labelsOf(expr: string): Promise<Record<string, string>[]> {
  const { result } = await receiver.query(expr);
  return (result as { metric: Record<string, string> }[]).map((s) => s.metric);
}

const firing = (alert: string) => labelsOf(`ALERTS{alertname="${alert}", alertstate="firing"}`);

beforeAll(async () => {
  receiver = await startPrometheus({
    ruleFiles: liveRuleFiles(built.map((b) => b.output)),
    evaluationInterval: liveEvaluationInterval,
    flags: ["--web.enable-remote-write-receiver"],
  });
  for (const cluster of clusters)
    for (const { job, metrics } of components.flatMap((c) => c.jobs))
      exporters.set(exporterKey(cluster, job), await startExporter(metrics(cluster)));
  senders.push(
    ...(await Promise.all(
      clusters.map((cluster) =>
        startPrometheus({
          config: {
            global: { scrape_interval: "1s", external_labels: { cluster } },
            scrape_configs: components
              .flatMap((c) => c.jobs)
              .map(({ job, labels }) => ({
                job_name: job,
                static_configs: [
                  { targets: [exporters.get(exporterKey(cluster, job))!.target], labels },
                ],
              })),
            remote_write: [
              {
                url: `${receiver.url}/api/v1/write`,
                queue_config: { batch_send_deadline: "500ms", min_backoff: "100ms" },
              },
            ],
          },
        }),
      ),
    )),
  );
  // Both clusters' targets have reached the receiver.
  await until("both clusters' up series on the receiver", async () => {
    const seen = new Set((await labelsOf("up == 1")).map((l) => l.cluster));
    return clusters.every((c) => seen.has(c)) ? true : undefined;
  });
}, 120_000);

afterAll(async () => {
  await Promise.all([...senders, receiver].filter(Boolean).map((s) => s.stop()));
  await Promise.all([...exporters.values()].map((e) => e.stop()));
});

describe.each(built)("$component.mixin across clusters a and b", ({ component, output }) => {
  it("an object alert fires for the cluster the object is in, with its cluster label", async () => {
    const { name, labels } = component.objectAlert;
    const alerts = await until(`${name} firing`, async () => {
      const found = await firing(name);
      return found.length > 0 ? found : undefined;
    });
    expect(alerts).toEqual([expect.objectContaining({ ...labels, cluster: "a" })]);
    // Healthy clusters: no component is missing.
    for (const absent of component.absentAlerts) expect(await firing(absent)).toEqual([]);
  });

  it("taking cluster b's component away fires its metrics-absent alerts for b and no other", async () => {
    for (const { job } of component.jobs) await exporters.get(exporterKey("b", job))!.stop();
    for (const absent of component.absentAlerts)
      await until(`${absent} firing`, async () =>
        (await firing(absent)).length > 0 ? true : undefined,
      );
    // Two evaluations later it is still b alone: a keeps reporting.
    await sleep(2_000);
    for (const absent of component.absentAlerts) {
      const alerts = await firing(absent);
      expect(alerts.length, absent).toBeGreaterThan(0);
      expect(
        alerts.filter((l) => l.cluster !== "b"),
        absent,
      ).toEqual([]);
    }
  });

  it("every dashboard query and variable is scoped by $cluster", async () => {
    const findings = lintDashboards(output.dashboards).findings.filter((f) =>
      ["target-cluster-filter", "template-cluster-filter"].includes(f.rule),
    );
    expect(findings).toEqual([]);
    // And on the receiver: every query reads data (cluster "a"), and none reads another cluster's:
    // with a cluster chosen that reports nothing, every panel is empty.
    const targets = output.dashboards.flatMap((d) =>
      panelTargets(JSON.parse(d.json()) as Parameters<typeof panelTargets>[0]),
    );
    const returned = async (cluster: string) => {
      const out: string[] = [];
      for (const t of targets)
        if ((await labelsOf(substituteVariables(t.expr, { cluster }))).length > 0)
          out.push(`${t.dashboard} / ${t.panel} / ${t.refId}`);
      return out;
    };
    expect(await returned("a")).not.toEqual([]);
    expect(await returned("no-such-cluster")).toEqual([]);
  });
});
