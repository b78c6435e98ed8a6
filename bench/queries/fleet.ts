/**
 * A generated External Secrets fleet, streamed to disk as OpenMetrics text for
 * `promtool tsdb create-blocks-from openmetrics`: one family at a time, one series at a time, every
 * sample of a series in time order. Nothing but the current series is held in memory, so the fleet
 * size is bounded by disk, not by the heap.
 *
 * Metric names and labels are the External Secrets mixin's catalog (src/mixins/external-secrets/
 * catalog.ts, common/controller-runtime.ts; research/domain-metrics.md §1), scraped the way the
 * chart's ServiceMonitor is by kube-prometheus-stack: target labels `job`, `service`, `namespace`
 * (the controller's), `pod`, `instance`, `container`, `endpoint`, and the object namespace renamed to
 * `exported_namespace` (`honorLabels: false`). Counters keep ESO's exact names (no added `_total`).
 * Every replica exports every object's series: the chart's default is no leader election, the case of
 * ESO issue #4363, and the heaviest one for the queries.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { catalog } from "../../src/mixins/external-secrets/catalog.js";

export interface FleetSize {
  readonly externalSecrets: number;
  readonly pushSecrets: number;
  readonly namespaces: number;
  readonly replicas: number;
  /** Namespaced SecretStores plus ClusterSecretStores (a quarter of them, at least one). */
  readonly stores: number;
  readonly providers: number;
}

export const fullFleet: FleetSize = {
  externalSecrets: 10_000,
  pushSecrets: 1_000,
  namespaces: 200,
  replicas: 3,
  stores: 20,
  providers: 5,
};

export interface Timeline {
  /** Unix milliseconds of the first scrape. */
  readonly startMs: number;
  readonly intervalMs: number;
  readonly samples: number;
}

/** Provider names and API calls as ESO's runtime/constants/constants.go spells them. */
const providerCalls: readonly (readonly [string, readonly string[]])[] = [
  ["AWS/SecretsManager", ["GetSecretValue", "DescribeSecret"]],
  ["HashiCorp/Vault", ["ReadSecretData"]],
  ["GCP/SecretManager", ["AccessSecretVersion", "GetSecret"]],
  ["Azure/KeyVault", ["GetSecret"]],
  ["AWS/ParameterStore", ["GetParameter", "DescribeParameter"]],
  ["Kubernetes", ["GetSecret"]],
  ["IBM/SecretsManager", ["GetSecret"]],
];

/** controller-runtime's reconcile-time buckets (v0.15 and later). */
const reconcileBuckets = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1,
  1.25, 1.5, 1.75, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
];
const webhookBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const controllers = [
  "externalsecret",
  "pushsecret",
  "secretstore",
  "clustersecretstore",
  "clusterexternalsecret",
  "clusterpushsecret",
];
const webhooks = [
  "/validate-external-secrets-io-v1-externalsecret",
  "/validate-external-secrets-io-v1-secretstore",
  "/validate-external-secrets-io-v1-clustersecretstore",
  "/convert",
];

/** A deterministic hash of integers to [0, 1). */
function rnd(...xs: number[]): number {
  let h = 0x811c9dc5;
  for (const x of xs) {
    h = Math.imul(h ^ (x | 0), 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
  }
  return (h >>> 0) / 4294967296;
}

/** Buffered writes with back-pressure: the buffer, never the file, is what lives in memory. */
class Writer {
  private chunks: string[] = [];
  private size = 0;
  bytes = 0;
  lines = 0;
  constructor(private readonly stream: WriteStream) {}
  line(text: string): void | Promise<void> {
    this.chunks.push(text);
    this.size += text.length + 1;
    this.lines++;
    if (this.size >= 1 << 20) return this.flush();
  }
  async flush(): Promise<void> {
    if (this.chunks.length === 0) return;
    const text = `${this.chunks.join("\n")}\n`;
    this.bytes += Buffer.byteLength(text);
    this.chunks = [];
    this.size = 0;
    if (!this.stream.write(text))
      await new Promise<void>((resolve) => this.stream.once("drain", resolve));
  }
  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) =>
      this.stream.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
  }
}

type Labels = Readonly<Record<string, string>>;

function labelText(labels: Labels): string {
  return Object.entries(labels)
    .filter(([, v]) => v !== "")
    .map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)
    .join(",");
}

export interface FleetStats {
  readonly series: number;
  readonly samples: number;
  readonly bytes: number;
  /** The generator's peak resident memory (bytes), sampled while writing. */
  readonly peakRssBytes: number;
}

/**
 * Writes the fleet to `file`. `value(k)` of each series gives the sample at scrape k (undefined: no
 * sample), called in order of k, so counters can accumulate in a closure.
 */
export async function writeFleet(
  file: string,
  size: FleetSize,
  timeline: Timeline,
): Promise<FleetStats> {
  const out = new Writer(createWriteStream(file, { encoding: "utf8" }));
  const { startMs, intervalMs, samples } = timeline;
  const stamps = Array.from({ length: samples }, (_, k) =>
    ((startMs + k * intervalMs) / 1000).toFixed(3),
  );
  let seriesCount = 0;
  let sampleCount = 0;
  let peakRss = process.memoryUsage().rss;

  const family = async (name: string) => {
    await out.line(`# TYPE ${name} unknown`);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  };
  const emit = async (name: string, labels: Labels, value: (k: number) => number | undefined) => {
    const head = `${name}{${labelText(labels)}} `;
    seriesCount++;
    for (let k = 0; k < samples; k++) {
      const v = value(k);
      if (v === undefined) continue;
      sampleCount++;
      const p = out.line(`${head}${Number.isInteger(v) ? v : v.toPrecision(6)} ${stamps[k]}`);
      if (p) await p;
    }
  };

  const pods = Array.from({ length: size.replicas }, (_, r) => ({
    container: "external-secrets",
    endpoint: "metrics",
    instance: `10.42.${r}.17:8080`,
    job: "external-secrets-metrics",
    namespace: "external-secrets",
    pod: `external-secrets-7c9d6f5b8d-${["x2k4q", "m8z7p", "t5r9w", "b3n6v", "h7j2c"][r % 5]}${r >= 5 ? r : ""}`,
    service: "external-secrets-metrics",
  }));
  const webhookPod = {
    container: "webhook",
    endpoint: "metrics",
    instance: "10.42.9.31:8080",
    job: "external-secrets-webhook-metrics",
    namespace: "external-secrets",
    pod: "external-secrets-webhook-5f8b9c7d6-q4w8e",
    service: "external-secrets-webhook-metrics",
  };
  const ns = (i: number) => `team-${String(i % size.namespaces).padStart(3, "0")}`;
  const lag = (r: number, id: number) => (r === 0 ? 0 : Math.floor(rnd(id, r, 7) * 20));

  /** Whether object `id` is failing at scrape k as replica r sees it: a few fail for a while. */
  const failing = (id: number, r: number, k: number) => {
    if (rnd(id, 1) >= 0.03) return false;
    const from = Math.floor(rnd(id, 2) * samples);
    const length = 10 + Math.floor(rnd(id, 3) * samples);
    const seen = k - lag(r, id);
    return seen >= from && seen < from + length;
  };

  // Object conditions: {Ready,True} and {Ready,False}, one at 1 and the other at 0.
  const conditions = async (
    metric: string,
    count: number,
    idBase: number,
    objectName: (i: number) => string,
    objectNs: (i: number) => string,
  ) => {
    await family(metric);
    for (let i = 0; i < count; i++)
      for (let r = 0; r < size.replicas; r++)
        for (const status of ["False", "True"]) {
          const id = idBase + i;
          const labels = {
            ...pods[r],
            condition: "Ready",
            exported_namespace: objectNs(i),
            name: objectName(i),
            status,
          };
          await emit(metric, labels, (k) => (failing(id, r, k) === (status === "False") ? 1 : 0));
        }
  };
  const durations = async (
    metric: string,
    count: number,
    idBase: number,
    objectName: (i: number) => string,
    objectNs: (i: number) => string,
  ) => {
    await family(metric);
    for (let i = 0; i < count; i++)
      for (let r = 0; r < size.replicas; r++) {
        const id = idBase + i;
        const labels = { ...pods[r], exported_namespace: objectNs(i), name: objectName(i) };
        await emit(metric, labels, (k) => Math.round(2e6 + rnd(id, r, Math.floor(k / 20)) * 8e8));
      }
  };

  const es = (i: number) => `app-secret-${i}`;
  const esNs = (i: number) => ns(i);
  const ps = (i: number) => `pushed-secret-${i}`;
  const psNs = (i: number) => ns(i * 7 + 3);
  const esId = 0;
  const psId = 1_000_000;
  const storeId = 2_000_000;
  const clusterStores = Math.max(1, Math.floor(size.stores / 4));
  const namespacedStores = size.stores - clusterStores;

  // ExternalSecrets
  await conditions(catalog.externalSecretCondition.meta.name, size.externalSecrets, esId, es, esNs);
  await durations(
    catalog.externalSecretReconcileDuration.meta.name,
    size.externalSecrets,
    esId,
    es,
    esNs,
  );
  await family(catalog.externalSecretSyncCalls.meta.name);
  for (let i = 0; i < size.externalSecrets; i++)
    for (let r = 0; r < size.replicas; r++) {
      let total = Math.floor(rnd(i, r, 11) * 500);
      await emit(
        catalog.externalSecretSyncCalls.meta.name,
        { ...pods[r], exported_namespace: esNs(i), name: es(i) },
        (k) => (total += rnd(i, r, k, 12) < 0.1 ? 1 : 0),
      );
    }
  await family(catalog.externalSecretSyncErrors.meta.name);
  for (let i = 0; i < size.externalSecrets; i++)
    for (let r = 0; r < size.replicas; r++) {
      let errors = rnd(i, 1) < 0.1 ? Math.floor(rnd(i, r, 13) * 20) : 0;
      await emit(
        catalog.externalSecretSyncErrors.meta.name,
        { ...pods[r], exported_namespace: esNs(i), name: es(i) },
        (k) => (errors += failing(esId + i, r, k) && rnd(i, r, k, 14) < 0.5 ? 1 : 0),
      );
    }

  // PushSecrets
  await conditions(catalog.pushSecretCondition.meta.name, size.pushSecrets, psId, ps, psNs);
  await durations(catalog.pushSecretReconcileDuration.meta.name, size.pushSecrets, psId, ps, psNs);

  // Stores: namespaced SecretStores and ClusterSecretStores (no namespace), one per provider in turn.
  const store = (i: number) =>
    `${(providerCalls[i % size.providers]?.[0] ?? "Kubernetes").toLowerCase().replace(/\//g, "-")}-${i}`;
  await conditions(catalog.secretStoreCondition.meta.name, namespacedStores, storeId, store, ns);
  await durations(
    catalog.secretStoreReconcileDuration.meta.name,
    namespacedStores,
    storeId,
    store,
    ns,
  );
  const cstore = (i: number) => `cluster-${store(i)}`;
  await conditions(
    catalog.clusterSecretStoreCondition.meta.name,
    clusterStores,
    storeId + 1000,
    cstore,
    () => "",
  );
  await durations(
    catalog.clusterSecretStoreReconcileDuration.meta.name,
    clusterStores,
    storeId + 1000,
    cstore,
    () => "",
  );

  // Provider API calls, in proportion to the ExternalSecrets each provider serves.
  await family(catalog.providerApiCalls.meta.name);
  const perProvider = size.externalSecrets / size.providers;
  for (const [p, [provider, calls]] of providerCalls.slice(0, size.providers).entries())
    for (const [c, call] of calls.entries())
      for (const status of ["error", "success"])
        for (let r = 0; r < size.replicas; r++) {
          let total = 0;
          const rate = (perProvider / 600) * (status === "error" ? 0.02 * (p + 1) : 1) * 30;
          await emit(
            catalog.providerApiCalls.meta.name,
            { ...pods[r], call, provider, status },
            (k) => (total += Math.round(rate * (0.5 + rnd(p, c, r, k)))),
          );
        }

  // controller-runtime, per replica and controller.
  const objects: Record<string, number> = {
    externalsecret: size.externalSecrets,
    pushsecret: size.pushSecrets,
    secretstore: namespacedStores,
    clustersecretstore: clusterStores,
    clusterexternalsecret: 5,
    clusterpushsecret: 2,
  };
  const perScrape = (controller: string) => ((objects[controller] ?? 1) / 600) * 30;
  await family(catalog.reconcileTotal.meta.name);
  for (const [c, controller] of controllers.entries())
    for (const [x, result] of ["error", "requeue", "requeue_after", "success"].entries())
      for (let r = 0; r < size.replicas; r++) {
        let total = 0;
        const share = [0.01, 0.02, 0.07, 0.9][x] ?? 0;
        await emit(
          catalog.reconcileTotal.meta.name,
          { ...pods[r], controller, result },
          (k) => (total += Math.round(perScrape(controller) * share * (0.5 + rnd(c, x, r, k)))),
        );
      }
  await family(catalog.reconcileErrorsTotal.meta.name);
  for (const [c, controller] of controllers.entries())
    for (let r = 0; r < size.replicas; r++) {
      let total = 0;
      await emit(
        catalog.reconcileErrorsTotal.meta.name,
        { ...pods[r], controller },
        (k) => (total += Math.round(perScrape(controller) * 0.01 * (0.5 + rnd(c, 9, r, k)))),
      );
    }
  const histogram = async (
    name: string,
    target: Labels,
    bounds: readonly number[],
    perScrapeCount: number,
    scale: number,
    seed: number,
  ) => {
    // Observations per scrape spread log-normally around `scale` seconds: cumulative buckets.
    const shares = [...bounds, Infinity].map((le) => {
      const z = (Math.log(le) - Math.log(scale)) / 1.2;
      return le === Infinity ? 1 : 1 / (1 + Math.exp(-1.7 * z));
    });
    const increments = (k: number) => Math.round(perScrapeCount * (0.5 + rnd(seed, k)));
    for (const [b, le] of [...bounds.map(String), "+Inf"].entries()) {
      let total = 0;
      await emit(
        `${name}_bucket`,
        { ...target, le },
        (k) => (total += Math.round(increments(k) * (shares[b] ?? 1))),
      );
    }
  };
  await family(`${catalog.reconcileTime.meta.name}_bucket`);
  for (const [c, controller] of controllers.entries())
    for (let r = 0; r < size.replicas; r++)
      await histogram(
        catalog.reconcileTime.meta.name,
        { ...pods[r], controller },
        reconcileBuckets,
        perScrape(controller),
        0.05 * (c + 1),
        c * 100 + r,
      );
  for (const suffix of ["sum", "count"]) {
    await family(`${catalog.reconcileTime.meta.name}_${suffix}`);
    for (const [c, controller] of controllers.entries())
      for (let r = 0; r < size.replicas; r++) {
        let total = 0;
        await emit(
          `${catalog.reconcileTime.meta.name}_${suffix}`,
          { ...pods[r], controller },
          (k) =>
            (total +=
              Math.round(perScrape(controller) * (0.5 + rnd(c * 100 + r, k))) *
              (suffix === "sum" ? 0.05 * (c + 1) : 1)),
        );
      }
  }
  const gauges: readonly (readonly [
    string,
    string,
    (c: number, r: number, k: number) => number,
  ])[] = [
    [catalog.activeWorkers.meta.name, "controller", (c, r, k) => Math.floor(rnd(c, r, k, 21) * 4)],
    [catalog.maxConcurrentReconciles.meta.name, "controller", (c) => (c < 2 ? 10 : 1)],
    [catalog.workqueueDepth.meta.name, "name", (c, r, k) => Math.floor(rnd(c, r, k, 22) ** 4 * 50)],
    [
      catalog.workqueueLongestRunning.meta.name,
      "name",
      (c, r, k) => Math.round(rnd(c, r, k, 23) * 3000) / 1000,
    ],
  ];
  for (const [metric, label, value] of gauges) {
    await family(metric);
    for (const [c, controller] of controllers.entries())
      for (let r = 0; r < size.replicas; r++)
        await emit(metric, { ...pods[r], [label]: controller }, (k) => value(c, r, k));
  }

  // The admission webhook (its own Deployment and ServiceMonitor).
  await family(catalog.webhookRequestsTotal.meta.name);
  for (const [w, webhook] of webhooks.entries())
    for (const code of ["200", "500"]) {
      let total = 0;
      await emit(
        catalog.webhookRequestsTotal.meta.name,
        { ...webhookPod, code, webhook },
        (k) => (total += Math.round((code === "200" ? 6 : 0.3) * (0.5 + rnd(w, k, 31)))),
      );
    }
  await family(`${catalog.webhookLatency.meta.name}_bucket`);
  for (const [w, webhook] of webhooks.entries())
    await histogram(
      catalog.webhookLatency.meta.name,
      { ...webhookPod, webhook },
      webhookBuckets,
      6,
      0.01,
      500 + w,
    );

  await family(catalog.up.meta.name);
  for (const target of [...pods, webhookPod]) await emit(catalog.up.meta.name, target, () => 1);

  await out.line("# EOF");
  await out.close();
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return { series: seriesCount, samples: sampleCount, bytes: out.bytes, peakRssBytes: peakRss };
}
