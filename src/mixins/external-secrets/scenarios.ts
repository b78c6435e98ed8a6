/**
 * promtool scenarios of the External Secrets mixin, written against the catalog's symbolic labels and
 * the config's own `for` durations and thresholds: every alert fires, stays quiet and resolves, plus
 * the multi-replica cases of ESO #4363, leader failover, deleted objects and counter resets.
 */
import { at, before, minutes, pendingAfterOneMinute } from "../common/scenario-time.js";
import { parseDurationMs, type DurationLiteral } from "../../promql/duration.js";
import type { AlertingRule, RecordingRule } from "../../rules/model.js";
import { missing, ramp, stale, steady, type Segment } from "../../testing/notation.js";
import {
  expectAlert,
  expectNoAlert,
  expectPending,
  expectSamples,
  scenario,
  series,
  type Scenario,
} from "../../testing/scenario.js";
import {
  reconcileErrorsTotal,
  reconcileTime,
  reconcileTotal,
  up,
} from "../common/controller-runtime.js";
import {
  absentLabels,
  exactLabels,
  exampleValue,
  labelsOutside,
} from "../common/scenario-labels.js";
import {
  clusterSecretStoreCondition,
  externalSecretCondition,
  externalSecretSyncErrors,
  providerApiCalls,
  pushSecretCondition,
  secretStoreCondition,
} from "./catalog.js";
import { versionAtLeast } from "../common/labels.js";
import { isCritical, uncoveredObject, type ExternalSecretsConfig } from "./config.js";
import { ksmCatalog } from "./kube-state-metrics.js";
import { healthyDay } from "./healthy-day.js";
import type { ExternalSecretsRules } from "./rules.js";

/** An object's labels; `cluster` is only there when the config names a cluster label. */
type ObjectLabels = {
  readonly cluster: string;
  readonly exported_namespace: string;
  readonly name: string;
};

type CallLabels = { cluster: string; provider: string; call: string; status: string };

/** Minutes in a config duration, and a time that many minutes plus `extra` later. */

/**
 * The labels every series of a component carries: its selector's values and a pod (by default the
 * controller's, whose selector is `selector`).
 */
function targetLabels(
  config: ExternalSecretsConfig,
  pod: string,
  selector: ExternalSecretsConfig["selector"] = config.selector,
  path = "selector",
) {
  return {
    // The pod's namespace, unless the object's namespace is in `namespace` (honorLabels: true).
    ...(config.objectNamespaceLabel === "namespace" ? {} : { namespace: "external-secrets" }),
    ...exactLabels("external-secrets", selector, path),
    pod,
    instance: `${pod}:8080`,
    ...(config.clusterLabel ? { cluster: "prod" } : {}),
  };
}

export function externalSecretsScenarios(
  config: ExternalSecretsConfig,
  rules: ExternalSecretsRules,
): Scenario[] {
  const cluster = config.clusterLabel ? { cluster: "prod" } : {};
  const target = (pod = "eso-0") => targetLabels(config, pod);
  const object = (exported_namespace: string, name: string) =>
    ({ ...cluster, exported_namespace, name }) as ObjectLabels;
  const scrapeMs = parseDurationMs(config.scrapeInterval);
  /** Scrapes in `m` minutes. */
  const scrapes = (m: number) => Math.ceil((m * 60_000) / scrapeMs);
  // app/db, unless a critical-object entry covers it (its alerts are then the critical copies).
  const [dbNamespace, dbName] = uncoveredObject(config.criticalObjects) ?? ["app", "db"];
  const db = object(dbNamespace, dbName);
  const a = rules.alerts;
  const has = (since: string) => versionAtLeast(config.version, since);
  const out: Scenario[] = [];
  /** Minutes the status rules keep an object's last value: 4 scrapes. */
  const bridgeMinutes = Math.ceil((4 * scrapeMs) / 60_000);
  // The per-object records run every objectRulesInterval: what they stop showing at minute `m`,
  // an alert reading them stops showing at the group's first evaluation from then on.
  const objectMinutes = parseDurationMs(config.objectRulesInterval) / 60_000;
  const byObjectRules = (m: number) =>
    objectMinutes <= 1 || !Number.isInteger(objectMinutes)
      ? m
      : Math.ceil(m / objectMinutes) * objectMinutes;
  /** A controller target of another job, unless the selector matches every target. */
  const otherJob = labelsOutside(config.selector, target("eso-0"));

  /** Ready=False at `notReady` and Ready=True at the opposite value, from one replica. */
  const readySeries = (
    metric: typeof externalSecretCondition,
    labels: ObjectLabels,
    pod: string,
    ...values: Parameters<typeof series>[2][]
  ) =>
    series(metric, { ...target(pod), ...labels, condition: "Ready", status: "False" }, ...values);

  const notReadyScenarios = (
    kind: string,
    metric: typeof externalSecretCondition,
    alert: AlertingRule,
    settings: { readonly for: DurationLiteral },
    record: RecordingRule<"cluster" | "exported_namespace" | "name">,
  ) => {
    const f = minutes(settings.for);
    out.push(
      scenario(`${alert.name}: fires after ${settings.for} of Ready=False`, {
        series: [
          readySeries(metric, db, "eso-0", steady(1, f + 10)),
          series(
            metric,
            { ...target(), ...db, condition: "Ready", status: "True" },
            steady(0, f + 10),
          ),
        ],
        expect: [
          ...(pendingAfterOneMinute(settings.for) ? [expectPending(alert, at(1), db)] : []),
          ...before(f).map((t) => expectNoAlert(alert, t)),
          expectAlert(alert, at(f + 1), db),
        ],
      }),
      scenario(`${alert.name}: stays quiet while the ${kind} is ready`, {
        series: [
          readySeries(metric, db, "eso-0", steady(0, f + 10)),
          series(
            metric,
            { ...target(), ...db, condition: "Ready", status: "True" },
            steady(1, f + 10),
          ),
        ],
        expect: [expectNoAlert(alert, at(f + 5))],
      }),
      scenario(`${alert.name}: resolves when the ${kind} becomes ready`, {
        series: [readySeries(metric, db, "eso-0", steady(1, f + 5), steady(0, 10))],
        expect: [expectAlert(alert, at(f + 2), db), expectNoAlert(alert, at(f + 8))],
      }),
      scenario(`${alert.name}: three replicas, one stale replica still says False (#4363)`, {
        series: [
          readySeries(metric, db, "eso-0", steady(1, f + 10)),
          readySeries(metric, db, "eso-1", steady(0, f + 10)),
          readySeries(metric, db, "eso-2", steady(0, f + 10)),
        ],
        expect: [expectNoAlert(alert, at(f + 5))],
      }),
      scenario(`${alert.name}: three replicas all say False: one alert`, {
        series: [
          readySeries(metric, db, "eso-0", steady(1, f + 10)),
          readySeries(metric, db, "eso-1", steady(1, f + 10)),
          readySeries(metric, db, "eso-2", steady(1, f + 10)),
        ],
        expect: [expectAlert(alert, at(f + 5), db)],
      }),
      scenario(`${alert.name}: leader failover moves the series to another pod`, {
        // At the scrape interval: the rules bridge a gap of up to 4 scrapes.
        interval: config.scrapeInterval,
        series: [
          readySeries(metric, db, "eso-0", steady(1, 4), stale()),
          // The new leader reports three scrapes after the old leader's series went stale: its
          // first sample is 4 scrapes after the old one's last, the longest gap the rules bridge.
          readySeries(metric, db, "eso-1", missing(7), steady(1, scrapes(f + 10))),
        ],
        // The pending time carries over the failover: the alert fires on time, once.
        expect: [expectAlert(alert, at(f + 1), db)],
      }),
      scenario(`${alert.name}: stops firing once the ${kind}'s series are gone`, {
        // Deleted (or, for a PushSecret, not reported again by the leader after a restart): the
        // last value counts for the 4-scrape bridge only.
        series: [readySeries(metric, db, "eso-0", steady(1, f + 5), stale())],
        expect: [
          expectAlert(alert, at(f + 2), db),
          expectNoAlert(alert, at(byObjectRules(f + 4 + bridgeMinutes + 1))),
        ],
      }),
      ...(otherJob === undefined
        ? []
        : [
            scenario(`${alert.name}: another job's ${kind} series are left out`, {
              series: [
                series(
                  metric,
                  { ...otherJob, ...db, condition: "Ready", status: "False" },
                  steady(1, f + 10),
                ),
              ],
              expect: [expectNoAlert(alert, at(f + 5))],
            }),
          ]),
      scenario(`Records: a ${kind} is not ready only when every replica says so`, {
        series: [
          readySeries(metric, db, "eso-0", steady(1, 10)),
          readySeries(metric, db, "eso-1", steady(0, 10)),
          readySeries(metric, db, "eso-2", steady(0, 10)),
          readySeries(metric, object("app", "cache"), "eso-0", steady(1, 10)),
          readySeries(metric, object("app", "cache"), "eso-1", steady(1, 10)),
        ],
        expect: [
          expectSamples(record.series(), at(5), [
            { labels: db, value: 0 },
            { labels: object("app", "cache"), value: 1 },
          ]),
        ],
      }),
    );
  };

  notReadyScenarios(
    "ExternalSecret",
    externalSecretCondition,
    a.externalSecretNotReady,
    config.externalSecretNotReady,
    rules.records.externalSecretNotReady,
  );
  out.push(
    scenario("ExternalSecretNotReady: ignores the Deleted series of a deleted ExternalSecret", {
      series: [
        series(
          externalSecretCondition,
          { ...target(), ...db, condition: "Deleted", status: "False" },
          steady(1, 30),
        ),
      ],
      expect: [expectNoAlert(a.externalSecretNotReady, at(25))],
    }),
  );
  if (a.pushSecretNotReady && rules.records.pushSecretNotReady)
    notReadyScenarios(
      "PushSecret",
      pushSecretCondition,
      a.pushSecretNotReady,
      config.pushSecretNotReady,
      rules.records.pushSecretNotReady,
    );

  // With kube-state-metrics on, a deleted PushSecret stops counting: ESO keeps its series.
  if (a.pushSecretNotReady && config.kubeStateMetrics.enabled) {
    const alert = a.pushSecretNotReady;
    const f = minutes(config.pushSecretNotReady.for);
    const n = f + 30;
    const ksmTarget = (pod: string, clusterName?: string) => ({
      ...exactLabels(
        "external-secrets",
        config.kubeStateMetrics.selector,
        "kubeStateMetrics.selector",
      ),
      ...cluster,
      ...(clusterName === undefined ? {} : { cluster: clusterName }),
      instance: `${pod}:8080`,
      pod,
      customresource_group: "external-secrets.io",
      customresource_kind: "PushSecret",
      customresource_version: "v1alpha1",
    });
    const listed = (labels: ObjectLabels, ready: string, pod: string, ...v: Segment[]) =>
      series(ksmCatalog.pushSecretInfo, { ...ksmTarget(pod), ...labels, ready }, ...v);
    // Another PushSecret keeps kube-state-metrics reporting PushSecrets in the cluster.
    const other = (pod = "kube-state-metrics-0") =>
      listed(object("app", "cache"), "True", pod, steady(1, n));
    out.push(
      scenario(
        `${alert.name}: a PushSecret deleted while failing stops firing (kube-state-metrics)`,
        {
          series: [
            readySeries(pushSecretCondition, db, "eso-0", steady(1, n)),
            listed(db, "False", "kube-state-metrics-0", steady(1, f + 5), stale()),
            other(),
          ],
          expect: [
            expectAlert(alert, at(f + 3), db),
            expectNoAlert(alert, at(f + 12)),
            expectNoAlert(alert, at(n - 2)),
          ],
        },
      ),
      scenario(
        `${alert.name}: two ESO and two kube-state-metrics replicas, one alert, gone with the PushSecret`,
        {
          series: [
            readySeries(pushSecretCondition, db, "eso-0", steady(1, n)),
            readySeries(pushSecretCondition, db, "eso-1", steady(1, n)),
            ...["kube-state-metrics-0", "kube-state-metrics-1"].flatMap((pod) => [
              listed(db, "False", pod, steady(1, f + 5), stale()),
              other(pod),
            ]),
          ],
          expect: [expectAlert(alert, at(f + 3), db), expectNoAlert(alert, at(f + 12))],
        },
      ),
    );
    if (config.clusterLabel)
      out.push(
        scenario(`${alert.name}: kube-state-metrics is judged per cluster`, {
          // prod: the PushSecret was deleted; staging: no kube-state-metrics, ESO's series alone.
          series: [
            readySeries(pushSecretCondition, db, "eso-0", steady(1, n)),
            listed(db, "False", "kube-state-metrics-0", steady(1, f + 5), stale()),
            other(),
            series(
              pushSecretCondition,
              {
                ...target("eso-0"),
                ...object("app", "db"),
                cluster: "staging",
                condition: "Ready",
                status: "False",
              },
              steady(1, n),
            ),
          ],
          // Only staging's: promtool expects exactly the alerts listed.
          expect: [expectAlert(alert, at(f + 12), { ...db, cluster: "staging" })],
        }),
      );
  }

  // What the dashboard reads: not-ready objects counted per namespace (namespaces with none have
  // no series), and reconcile-latency buckets summed over replicas.
  {
    const r = rules.records;
    const ns = (exported_namespace: string) =>
      ({ ...cluster, exported_namespace }) as Omit<ObjectLabels, "name">;
    const perNamespace = (metric: typeof externalSecretCondition) => [
      readySeries(metric, object("app", "db"), "eso-0", steady(1, 10)),
      readySeries(metric, object("app", "cache"), "eso-0", steady(1, 10)),
      readySeries(metric, object("app", "api"), "eso-0", steady(0, 10)),
      // Not ready for one replica only: ready for the record, as for the alert.
      readySeries(metric, object("web", "tls"), "eso-0", steady(1, 10)),
      readySeries(metric, object("web", "tls"), "eso-1", steady(0, 10)),
      readySeries(metric, object("batch", "token"), "eso-1", steady(1, 10)),
    ];
    const counts = [
      { labels: ns("app"), value: 2 },
      { labels: ns("batch"), value: 1 },
    ];
    const bucket = (pod: string, le: string, perMinute: number) =>
      series(
        reconcileTime.bucket(),
        { ...target(pod), controller: "externalsecret", le },
        ramp(0, perMinute, 10),
      );
    const controllerLe = (le: string) =>
      ({ ...cluster, controller: "externalsecret", le }) as {
        cluster: string;
        controller: string;
        le: string;
      };
    out.push(
      scenario("Dashboard records: not-ready ExternalSecrets per namespace", {
        series: perNamespace(externalSecretCondition),
        expect: [expectSamples(r.externalSecretNotReadyCount.series(), at(8), counts)],
      }),
      scenario("Dashboard records: reconcile-latency buckets, summed over replicas", {
        // 60 and 120 reconciles a minute under 0.1s on two replicas: 1/s + 2/s = 3/s.
        series: [
          bucket("eso-0", "0.1", 60),
          bucket("eso-0", "+Inf", 120),
          bucket("eso-1", "0.1", 120),
          bucket("eso-1", "+Inf", 240),
        ],
        expect: [
          expectSamples(r.reconcileTimeBuckets.series(), at(8), [
            { labels: controllerLe("0.1"), value: 3 },
            { labels: controllerLe("+Inf"), value: 6 },
          ]),
        ],
      }),
    );
    out.push(
      scenario("Dashboard records: reconcile latency of the last 5 minutes, of this job only", {
        // 50 reconciles a minute, 150 for the last two: (3 × 50 + 2 × 150) / 300s = 1.5/s.
        series: [
          series(
            reconcileTime.bucket(),
            { ...target(), controller: "externalsecret", le: "0.1" },
            ramp(0, 50, 7),
            ramp(450, 150, 5),
          ),
          ...(otherJob === undefined
            ? []
            : [
                series(
                  reconcileTime.bucket(),
                  { ...otherJob, controller: "externalsecret", le: "0.1" },
                  ramp(0, 600, 12),
                ),
              ]),
        ],
        expect: [
          expectSamples(r.reconcileTimeBuckets.series(), at(8), [
            { labels: controllerLe("0.1"), value: 1.5 },
          ]),
        ],
      }),
    );
    if (r.pushSecretNotReadyCount)
      out.push(
        scenario("Dashboard records: not-ready PushSecrets per namespace", {
          series: perNamespace(pushSecretCondition),
          expect: [expectSamples(r.pushSecretNotReadyCount.series(), at(8), counts)],
        }),
      );
  }

  // Critical objects: their own `for` and severity; the default alert leaves them out.
  config.criticalObjects.forEach((c, i) => {
    // A regex stands for the objects it matches: one of them, as the selectors' regexes do.
    const namespace =
      typeof c.namespace === "string" ? c.namespace : exampleValue(c.namespace.regex);
    const name = typeof c.name === "string" ? c.name : exampleValue(c.name.regex);
    if (namespace === undefined || name === undefined) return;
    // An object two entries cover has the alerts of both; its scenario would need both timings.
    const others = config.criticalObjects.filter((_, j) => j !== i);
    if (isCritical(others, namespace, name)) return;
    const crit = object(namespace, name);
    const pairs = [
      [a.externalSecretNotReadyCritical[i], externalSecretCondition],
      [a.pushSecretNotReadyCritical[i], pushSecretCondition],
    ] as const;
    for (const [alert, metric] of pairs) {
      if (!alert) continue;
      const f = minutes(c.for);
      out.push(
        scenario(`${alert.name}: critical object ${namespace}/${name} fires after ${c.for}`, {
          series: [readySeries(metric, crit, "eso-0", steady(1, f + 10))],
          // Only the critical copy fires: promtool would fail on the default one as an extra alert.
          expect: [
            ...before(f).map((t) => expectNoAlert(alert, t)),
            expectAlert(alert, at(f + 2), crit),
          ],
        }),
      );
    }
  });

  // Sync errors: errors in the last 15 minutes, for the configured time; restarts are no errors.
  {
    const alert = a.syncErrors;
    const f = minutes(config.syncErrors.for);
    const threshold = config.syncErrors.errors;
    const perMinute = Math.max(1, Math.ceil((threshold + 1) / 15));
    const errors = (pod: string, ...values: Parameters<typeof series>[2][]) =>
      series(externalSecretSyncErrors, { ...target(pod), ...db }, ...values);
    out.push(
      scenario("ExternalSecretSyncErrors: fires while an ExternalSecret keeps failing", {
        series: [errors("eso-0", ramp(0, perMinute, f + 30))],
        // The increase exists from the second sample, at 1m: the alert fires at 1m + for at the earliest.
        expect: [
          expectNoAlert(alert, at(f)),
          expectAlert(alert, at(f + 16), db, { value: 15 * perMinute }),
        ],
      }),
      scenario("ExternalSecretSyncErrors: stays quiet without new errors", {
        series: [errors("eso-0", steady(5, f + 30))],
        expect: [expectNoAlert(alert, at(f + 20))],
      }),
      scenario("ExternalSecretSyncErrors: resolves 15 minutes after the errors stop", {
        series: [errors("eso-0", ramp(0, perMinute, f + 20), steady((f + 19) * perMinute, 30))],
        expect: [
          expectAlert(alert, at(f + 16), db, { value: 15 * perMinute }),
          expectNoAlert(alert, at(f + 40)),
        ],
      }),
      scenario("ExternalSecretSyncErrors: a counter reset on a pod restart is no error", {
        series: [errors("eso-0", steady(40, 10), steady(0, f + 20))],
        expect: [expectNoAlert(alert, at(12)), expectNoAlert(alert, at(f + 20))],
      }),
      scenario("ExternalSecretSyncErrors: a new pod starting its counter from zero is no error", {
        series: [
          errors("eso-0", steady(40, 10), stale()),
          errors("eso-1", missing(11), steady(0, f + 20)),
        ],
        expect: [expectNoAlert(alert, at(12)), expectNoAlert(alert, at(f + 20))],
      }),
      scenario("ExternalSecretSyncErrors: the errors of every replica reporting on it add up", {
        // Two replicas reconciling it (leader election off): 15 and 30 times perMinute in 15m.
        series: [
          errors("eso-0", ramp(0, perMinute, f + 30)),
          errors("eso-1", ramp(0, 2 * perMinute, f + 30)),
        ],
        expect: [expectAlert(alert, at(f + 16), db, { value: 45 * perMinute })],
      }),
      // ESO creates an object's error series at its first error, already at 1.
      scenario("ExternalSecretSyncErrors: an ExternalSecret's first sync error counts", {
        series: [
          series(up, target("eso-0"), steady(1, f + 40)),
          errors("eso-0", missing(20), steady(1, f + 20)),
        ],
        expect: [
          expectNoAlert(alert, at(19)),
          // Recorded (the dashboard shows it) while it is new, for 15 minutes; the times hold at
          // every interval of the group that records it (up to 5m).
          expectSamples(rules.records.syncErrors.series(), at(25), [{ labels: db, value: 1 }]),
          expectSamples(rules.records.syncErrors.series(), at(40), []),
          // New for 15 minutes: fires within them when `for` is shorter, with the one error.
          ...(threshold === 0 && f + 1 < 15
            ? [expectAlert(alert, at(20 + f + 1), db, { value: 1 })]
            : []),
          expectNoAlert(alert, at(20 + Math.max(f, 15) + 2)),
        ],
      }),
      scenario("Records: the first errors of two replicas reporting on one object add up", {
        series: [
          series(up, target("eso-0"), steady(1, 45)),
          series(up, target("eso-1"), steady(1, 45)),
          errors("eso-0", missing(20), steady(1, 25)),
          errors("eso-1", missing(22), steady(1, 23)),
        ],
        expect: [
          expectSamples(rules.records.syncErrors.series(), at(25), [{ labels: db, value: 2 }]),
        ],
      }),
      ...(otherJob === undefined
        ? []
        : [
            scenario("Records: another job's first sync errors are left out", {
              series: [
                series(up, target("eso-0"), steady(1, 45)),
                series(up, otherJob, steady(1, 45)),
                series(
                  externalSecretSyncErrors,
                  { ...otherJob, ...db },
                  missing(20),
                  steady(1, 25),
                ),
              ],
              expect: [expectSamples(rules.records.syncErrors.series(), at(25), [])],
            }),
          ]),
      scenario(
        "ExternalSecretSyncErrors: a controller scraped for the first time pages nobody for old errors",
        {
          // A new ServiceMonitor beside other jobs: every object's old total appears at once.
          series: [
            ...(otherJob === undefined ? [] : [series(up, otherJob, steady(1, f + 40))]),
            series(up, target("eso-0"), missing(20), steady(1, f + 20)),
            errors("eso-0", missing(20), steady(3, f + 20)),
          ],
          expect: [
            expectSamples(rules.records.syncErrors.series(), at(25), []),
            expectNoAlert(alert, at(20 + f + 1)),
            expectNoAlert(alert, at(36)),
          ],
        },
      ),
      scenario("Records: sync errors are recorded only for objects that failed", {
        series: [
          errors("eso-0", ramp(0, perMinute, 30)),
          series(
            externalSecretSyncErrors,
            { ...target(), ...object("app", "cache") },
            steady(5, 30),
          ),
        ],
        expect: [
          expectSamples(rules.records.syncErrors.series(), at(20), [
            { labels: db, value: 15 * perMinute },
          ]),
        ],
      }),
    );
    if (otherJob !== undefined)
      out.push(
        scenario("ExternalSecretSyncErrors: another job's sync errors are left out", {
          series: [
            series(externalSecretSyncErrors, { ...otherJob, ...db }, ramp(0, perMinute, f + 30)),
          ],
          expect: [expectNoAlert(alert, at(f + 20))],
        }),
      );
  }

  if (a.secretStoreNotReady && rules.records.secretStoreNotReady) {
    const alert = a.secretStoreNotReady;
    const record = rules.records.secretStoreNotReady;
    const f = minutes(config.secretStoreNotReady.for);
    const vault = object("app", "vault");
    // A ClusterSecretStore has no namespace: the label is empty, which Prometheus drops.
    const { exported_namespace: _none, ...clusterStore } = object("", "aws");
    const stores = [
      { metric: secretStoreCondition, labels: vault, kind: "SecretStore" },
      {
        metric: clusterSecretStoreCondition,
        labels: clusterStore as ObjectLabels,
        kind: "ClusterSecretStore",
      },
    ] as const;
    type Store = (typeof stores)[number];
    const shown = (s: Store) => ({ ...s.labels, kind: s.kind });
    /** A store's Ready=False series from one pod (ESO sets the opposite status to 0). */
    const notReady = (s: Store, pod: string, ...values: Segment[]) =>
      series(
        s.metric,
        { ...target(pod), ...s.labels, condition: "Ready", status: "False" },
        ...values,
      );
    const readyTrue = (s: Store, pod: string, ...values: Segment[]) =>
      series(
        s.metric,
        { ...target(pod), ...s.labels, condition: "Ready", status: "True" },
        ...values,
      );
    out.push(
      scenario("SecretStoreNotReady: fires for a SecretStore and a ClusterSecretStore", {
        series: stores.flatMap((s) => [
          notReady(s, "eso-0", steady(1, f + 20)),
          readyTrue(s, "eso-0", steady(0, f + 20)),
        ]),
        expect: [
          ...before(f).map((t) => expectNoAlert(alert, t)),
          ...stores.map((s) => expectAlert(alert, at(f + 2), shown(s))),
        ],
      }),
      scenario("SecretStoreNotReady: stays quiet while the stores are ready", {
        series: stores.flatMap((s) => [
          notReady(s, "eso-0", steady(0, f + 20)),
          readyTrue(s, "eso-0", steady(1, f + 20)),
        ]),
        expect: [expectNoAlert(alert, at(f + 5))],
      }),
      scenario("SecretStoreNotReady: three replicas, one stale replica still says False", {
        series: stores.flatMap((s) => [
          notReady(s, "eso-0", steady(1, f + 20)),
          notReady(s, "eso-1", steady(0, f + 20)),
          notReady(s, "eso-2", steady(0, f + 20)),
        ]),
        expect: [expectNoAlert(alert, at(f + 5))],
      }),
      scenario("SecretStoreNotReady: resolves when the store becomes ready", {
        series: [notReady(stores[0], "eso-0", steady(1, f + 5), steady(0, 10))],
        expect: [expectAlert(alert, at(f + 2), shown(stores[0])), expectNoAlert(alert, at(f + 8))],
      }),
      scenario("SecretStoreNotReady: leader failover moves the series to another pod", {
        // As for ExternalSecrets: a gap of 4 scrapes between the two pods' samples is bridged.
        interval: config.scrapeInterval,
        series: stores.flatMap((s) => [
          notReady(s, "eso-0", steady(1, 4), stale()),
          notReady(s, "eso-1", missing(7), steady(1, scrapes(f + 10))),
        ]),
        expect: stores.map((s) => expectAlert(alert, at(f + 1), shown(s))),
      }),
      scenario("SecretStoreNotReady: stops firing once a deleted store's series are gone", {
        // ESO removes a deleted store's series (RemoveMetrics).
        series: stores.map((s) => notReady(s, "eso-0", steady(1, f + 5), stale())),
        expect: [
          ...stores.map((s) => expectAlert(alert, at(f + 2), shown(s))),
          expectNoAlert(alert, at(byObjectRules(f + 4 + bridgeMinutes + 1))),
        ],
      }),
      scenario("Records: a store is not ready only when every replica says so", {
        series: stores.flatMap((s) => [
          notReady(s, "eso-0", steady(1, 10)),
          notReady(s, "eso-1", steady(0, 10)),
          notReady(s, "eso-2", steady(0, 10)),
        ]),
        expect: [
          expectSamples(
            record.series(),
            at(5),
            stores.map((s) => ({ labels: shown(s), value: 0 })),
          ),
        ],
      }),
    );
    if (otherJob !== undefined)
      out.push(
        scenario("SecretStoreNotReady: another job's store series are left out", {
          series: stores.map((s) =>
            series(
              s.metric,
              { ...otherJob, ...s.labels, condition: "Ready", status: "False" },
              steady(1, f + 10),
            ),
          ),
          expect: [expectNoAlert(alert, at(f + 5))],
        }),
      );
  }

  // Ratios: of 600 requests a minute, `failing` × 60 fail (10% each).
  const ratioScenarios = (
    alert: AlertingRule,
    settings: { readonly for: DurationLiteral; readonly ratio: number },
    /** One pod's counters: failed and successful requests. */
    input: (
      pod: Record<string, string>,
      errors: Segment[],
      success: Segment[],
    ) => ReturnType<typeof series>[],
    labels: Record<string, string>,
  ) => {
    const f = minutes(settings.for);
    const failing = Math.min(10, Math.floor(settings.ratio * 10) + 1);
    const length = f + 30;
    const e = failing * 60;
    const value = { value: failing / 10 };
    /** A pod failing `errors` of 600 requests a minute. */
    const failingPod = (pod = target(), errors = e) =>
      input(pod, [ramp(0, errors, length)], [ramp(0, 600 - errors, length)]);
    const stop = f + 10;
    const pct = (r: number) => `${Math.round(r * 1000) / 10}%`;
    out.push(
      scenario(`${alert.name}: fires on a ${failing * 10}% error ratio`, {
        series: failingPod(),
        // The ratio exists from the second sample, at 1m: the alert fires at 1m + `for` at the earliest.
        expect: [expectNoAlert(alert, at(f)), expectAlert(alert, at(f + 10), labels, value)],
      }),
      scenario(`${alert.name}: stays quiet without errors`, {
        series: failingPod(target(), 0),
        expect: [expectNoAlert(alert, at(f + 10))],
      }),
      scenario(`${alert.name}: resolves when the errors stop`, {
        // The last error is counted between the samples at stop - 2 and stop - 1 minutes: the
        // 5-minute window holds none from stop + 4.
        series: input(
          target(),
          [ramp(0, e, stop), steady((stop - 1) * e, length - stop)],
          [ramp(0, 600 - e, length)],
        ),
        expect: [expectAlert(alert, at(f + 8), labels, value), expectNoAlert(alert, at(stop + 5))],
      }),
      scenario(`${alert.name}: errors in bursts count over the whole 5-minute window`, {
        // A provider that fails every refresh of a batch: 5 minutes of errors at once, every 5 minutes.
        series: input(
          target(),
          Array.from({ length: Math.ceil(length / 5) }, (_, k) => steady(k * 5 * e, 5)),
          [ramp(0, 600 - e, length)],
        ),
        expect: [expectAlert(alert, at(f + 10), labels, value)],
      }),
      scenario(`${alert.name}: the start-up burst of successes leaves the window after 5 minutes`, {
        // A controller start handles every object at once, here 20 times the usual rate.
        series: input(
          target(),
          [ramp(0, e, length)],
          [ramp(0, 20 * 600, 6), ramp(5 * 20 * 600 + 600 - e, 600 - e, length - 6)],
        ),
        expect: [expectAlert(alert, at(f + 11), labels, value)],
      }),
      scenario(`${alert.name}: the requests of every replica add up`, {
        // Two replicas in the window (a failover), each failing at the same ratio.
        series: [...failingPod(target("eso-0")), ...failingPod(target("eso-1"))],
        expect: [expectAlert(alert, at(f + 10), labels, value)],
      }),
    );
    // Between half the threshold and the threshold: quiet.
    const below = Math.floor(0.75 * settings.ratio * 600);
    if (below > 0)
      out.push(
        scenario(`${alert.name}: stays quiet at ${pct(below / 600)} errors, below the threshold`, {
          series: failingPod(target(), below),
          expect: [expectNoAlert(alert, at(f + 10))],
        }),
      );
    // Exactly at the threshold, where the full 5-minute window computes it exactly: quiet, the
    // alert is for more than `ratio`.
    const exact = Math.round(settings.ratio * 600);
    const rated = (perMinute: number) => (5 * perMinute) / 300;
    if (
      exact / 600 === settings.ratio &&
      !(rated(exact) / (rated(exact) + rated(600 - exact)) > settings.ratio)
    )
      out.push(
        scenario(`${alert.name}: stays quiet at exactly the threshold`, {
          series: failingPod(target(), exact),
          expect: [expectNoAlert(alert, at(f + 10))],
        }),
      );
    if (otherJob !== undefined)
      out.push(
        scenario(`${alert.name}: another job's requests are left out`, {
          series: [
            ...failingPod(),
            ...input(otherJob, [ramp(0, 600, length)], [ramp(0, 1200, length)]),
          ],
          expect: [expectAlert(alert, at(f + 10), labels, value)],
        }),
      );
  };

  if (a.providerErrors) {
    const call = { provider: "HashiCorp/Vault", call: "ReadSecretData" };
    ratioScenarios(
      a.providerErrors,
      config.providerErrors,
      (pod, errors, success) => [
        series(providerApiCalls, { ...pod, ...call, status: "error" }, ...errors),
        series(providerApiCalls, { ...pod, ...call, status: "success" }, ...success),
      ],
      { ...cluster, ...call },
    );
    if (rules.records.providerCalls) {
      const calls = (pod: string, status: string, perMinute: number) =>
        series(providerApiCalls, { ...target(pod), ...call, status }, ramp(0, perMinute, 10));
      out.push(
        scenario("Dashboard records: provider calls summed over replicas", {
          // 60 and 120 errors a minute: 1/s + 2/s; 540 and 1080 successes: 9/s + 18/s.
          series: [
            calls("eso-0", "error", 60),
            calls("eso-0", "success", 540),
            calls("eso-1", "error", 120),
            calls("eso-1", "success", 1080),
          ],
          expect: [
            expectSamples(rules.records.providerCalls.series(), at(8), [
              { labels: { ...cluster, ...call, status: "error" } as CallLabels, value: 3 },
              { labels: { ...cluster, ...call, status: "success" } as CallLabels, value: 27 },
            ]),
          ],
        }),
      );
    }
  }

  {
    const controller = { controller: "externalsecret" };
    ratioScenarios(
      a.reconcileErrors,
      config.reconcileErrors,
      (pod, errors, success) => [
        series(reconcileTotal, { ...pod, ...controller, result: "error" }, ...errors),
        series(reconcileTotal, { ...pod, ...controller, result: "success" }, ...success),
      ],
      { ...cluster, ...controller },
    );
  }

  // ClusterExternalSecret and ClusterPushSecret errors: a failing object is retried at most 1000s
  // apart (controller-runtime's backoff cap), so an error every 16 minutes is a persistent failure.
  {
    const alert = a.clusterReconcileErrors;
    const f = minutes(config.clusterReconcileErrors.for);
    const length = f + 60;
    const errors = (pod: string, controller: string, ...values: Segment[]) =>
      series(reconcileErrorsTotal, { ...target(pod), controller }, ...values);
    /** One more error every `every` minutes, from 0 (the first between the samples at 0m and 1m). */
    const everyMinutes = (every: number, samples: number): Segment[] => [
      steady(0, 1),
      ...Array.from({ length: Math.ceil(samples / every) }, (_, k) => steady(k + 1, every)),
    ];
    type Labels = { cluster: string; controller: string };
    const ces = { ...cluster, controller: "clusterexternalsecret" } as Labels;
    const firing = (controller: string) =>
      scenario(`${alert.name}: fires while the ${controller} controller keeps failing`, {
        series: [errors("eso-0", controller, ...everyMinutes(16, length))],
        expect: [
          ...before(f + 1).map((t) => expectNoAlert(alert, t)),
          expectAlert(alert, at(f + 2), { ...cluster, controller } as Labels),
        ],
      });
    out.push(
      firing("clusterexternalsecret"),
      (() => {
        // Errors until f + 10 minutes at least, then none: the last one leaves the window 20 minutes on.
        const failing = everyMinutes(16, f + 10);
        const last = failing.length - 1;
        const end = failing.reduce((n, seg) => n + seg.samples, 0);
        return scenario(`${alert.name}: resolves 20 minutes after the errors stop`, {
          series: [errors("eso-0", "clusterexternalsecret", ...failing, steady(last, 40))],
          expect: [expectAlert(alert, at(f + 2), ces), expectNoAlert(alert, at(end + 20))],
        });
      })(),
      scenario(`${alert.name}: ExternalSecret errors are not its business`, {
        series: [errors("eso-0", "externalsecret", ramp(0, 1, length))],
        expect: [expectNoAlert(alert, at(f + 10))],
      }),
      scenario(`${alert.name}: a restart's counter reset and old totals seen anew are no errors`, {
        series: [
          errors("eso-0", "clusterexternalsecret", steady(7, 10), stale()),
          // The new pod starts from zero; a new ServiceMonitor scrapes the other's old total.
          errors("eso-1", "clusterexternalsecret", missing(10), steady(0, length)),
          errors("eso-2", "clusterpushsecret", missing(5), steady(12, length)),
        ],
        expect: [expectNoAlert(alert, at(12)), expectNoAlert(alert, at(f + 30))],
      }),
      scenario(`${alert.name}: two replicas, only the leader failing: one alert`, {
        series: [
          errors("eso-0", "clusterexternalsecret", ...everyMinutes(16, length)),
          errors("eso-1", "clusterexternalsecret", steady(0, length)),
        ],
        expect: [expectAlert(alert, at(f + 2), ces)],
      }),
    );
    if (otherJob !== undefined)
      out.push(
        scenario(`${alert.name}: another job's errors are left out`, {
          series: [
            series(
              reconcileErrorsTotal,
              { ...otherJob, controller: "clusterexternalsecret" },
              ramp(0, 1, length),
            ),
          ],
          expect: [expectNoAlert(alert, at(f + 10))],
        }),
      );
    if (has("v0.15.0")) out.push(firing("clusterpushsecret"));
    // One error leaves the 20-minute window within 20 minutes: quiet when `for` is longer.
    if (f > 21)
      out.push(
        scenario(`${alert.name}: a single conflict error raises nothing`, {
          series: [errors("eso-0", "clusterexternalsecret", steady(0, 5), steady(1, length))],
          expect: [expectNoAlert(alert, at(24)), expectNoAlert(alert, at(f + 10))],
        }),
      );
    if (config.clusterLabel)
      out.push(
        scenario(`${alert.name}: one failing cluster of two`, {
          series: [
            errors("eso-0", "clusterexternalsecret", ...everyMinutes(16, length)),
            series(
              reconcileErrorsTotal,
              { ...target("eso-0"), cluster: "staging", controller: "clusterexternalsecret" },
              steady(3, length),
            ),
          ],
          expect: [expectAlert(alert, at(f + 2), ces)],
        }),
      );
  }

  /** A component's presence alert: down, back, gone from discovery, restarted, per cluster. */
  const presenceScenarios = (
    alert: AlertingRule,
    settings: { readonly for: DurationLiteral },
    selector: ExternalSecretsConfig["selector"],
    path: string,
    pod: string,
  ) => {
    const f = minutes(settings.for);
    const name = alert.name;
    const target = (p = `${pod}-0`) => targetLabels(config, p, selector, path);
    // Per cluster with a cluster label: the lost cluster is named; without, absent() has no labels.
    const lost = config.clusterLabel ? cluster : {};
    out.push(
      scenario(`${name}: fires when the target is down`, {
        series: [series(up, target(), steady(0, f + 10))],
        expect: [
          ...before(f).map((t) => expectNoAlert(alert, t)),
          expectAlert(alert, at(f + 2), lost),
        ],
      }),
      scenario(`${name}: stays quiet while the target is scraped`, {
        series: [series(up, target(), steady(1, f + 10))],
        expect: [expectNoAlert(alert, at(f + 5))],
      }),
      scenario(`${name}: resolves when the target is back`, {
        series: [series(up, target(), steady(0, f + 5), steady(1, 10))],
        expect: [expectAlert(alert, at(f + 2), lost), expectNoAlert(alert, at(f + 8))],
      }),
      scenario(`${name}: fires when the target vanishes from discovery`, {
        series: [series(up, target(), steady(1, 5), stale())],
        expect: [
          // Samples at 0m to 4m, a stale marker at 5m: missing from 5m.
          ...before(f + 5).map((t) => expectNoAlert(alert, t)),
          expectAlert(alert, at(f + 5), lost),
        ],
      }),
      scenario(`${name}: a pod restart raises nothing`, {
        // The new pod is a new target; the old one turns stale a scrape later.
        series: [
          series(up, target(`${pod}-0`), steady(1, 10), stale()),
          series(up, target(`${pod}-1`), missing(10), steady(1, f + 10)),
        ],
        expect: [expectNoAlert(alert, at(f + 12))],
      }),
    );
    if (config.clusterLabel)
      out.push(
        scenario(`${name}: one cluster of many losing its target fires for that cluster`, {
          // Thanos, Mimir: both clusters' series in one place; staging's target vanishes.
          series: [
            series(up, target(), steady(1, f + 20)),
            series(up, { ...target(), cluster: "staging" }, steady(1, 5), stale()),
          ],
          expect: [expectAlert(alert, at(f + 15), { cluster: "staging" })],
        }),
        scenario(`${name}: a cluster whose target is down fires while the others are healthy`, {
          series: [
            series(up, target(), steady(1, f + 20)),
            series(up, { ...target(), cluster: "staging" }, steady(0, f + 20)),
          ],
          expect: [expectAlert(alert, at(f + 15), { cluster: "staging" })],
        }),
      );
    // Another job's target is not this component, unless the selector matches every target.
    const other = labelsOutside(selector, { job: "some-other-job", instance: "x:9090" });
    if (other !== undefined)
      out.push(
        scenario(`${name}: fires when no matching target is scraped at all`, {
          series: [series(up, { ...other, ...cluster }, steady(1, f + 10))],
          // Never seen: absent_over_time() names the selector's exact matchers.
          expect: [
            expectAlert(alert, at(f + 2), config.clusterLabel ? absentLabels(selector) : {}),
          ],
        }),
      );
  };
  presenceScenarios(a.metricsAbsent, config.metricsAbsent, config.selector, "selector", "eso");
  if (a.webhookMetricsAbsent)
    presenceScenarios(
      a.webhookMetricsAbsent,
      config.webhookMetricsAbsent,
      config.webhookMetricsAbsent.selector,
      "webhookMetricsAbsent.selector",
      "eso-webhook",
    );
  if (a.certControllerMetricsAbsent)
    presenceScenarios(
      a.certControllerMetricsAbsent,
      config.certControllerMetricsAbsent,
      config.certControllerMetricsAbsent.selector,
      "certControllerMetricsAbsent.selector",
      "eso-cert-controller",
    );

  out.push(
    healthyDay(
      config,
      (pod, component = "controller") =>
        component === "controller"
          ? target(pod)
          : component === "webhook"
            ? targetLabels(
                config,
                pod,
                config.webhookMetricsAbsent.selector,
                "webhookMetricsAbsent.selector",
              )
            : targetLabels(
                config,
                pod,
                config.certControllerMetricsAbsent.selector,
                "certControllerMetricsAbsent.selector",
              ),
      db,
    ),
  );

  if (a.refreshStale) {
    const alert = a.refreshStale;
    const ksm = config.kubeStateMetrics;
    const staleMinutes = minutes(ksm.staleAfter);
    const ksmTarget = {
      ...exactLabels("external-secrets", ksm.selector, "kubeStateMetrics.selector"),
      instance: "kube-state-metrics:8080",
      ...cluster,
      customresource_group: "external-secrets.io",
      customresource_kind: "ExternalSecret",
      customresource_version: "v1",
    };
    const samples = staleMinutes + 40;
    const refreshed = (...values: Parameters<typeof series>[2][]) =>
      series(ksmCatalog.externalSecretRefresh, { ...ksmTarget, ...db }, ...values);
    const info = (interval: string) =>
      series(
        ksmCatalog.externalSecretInfo,
        { ...ksmTarget, ...db, ready: "True", refresh_interval: interval, store: "vault" },
        steady(1, samples),
      );
    // The refresh time is a Unix time; promtool's clock starts at 0, so refreshing every minute is
    // a ramp of 60 per sample, and a refresh that stopped is a value that stays.
    out.push(
      scenario("ExternalSecretRefreshStale: fires when the last refresh is older than staleAfter", {
        series: [refreshed(steady(0, samples)), info("1h")],
        expect: [
          expectNoAlert(alert, at(staleMinutes)),
          expectAlert(alert, at(staleMinutes + 15), db, { value: (staleMinutes + 15) * 60 }),
        ],
      }),
      scenario("ExternalSecretRefreshStale: stays quiet while the ExternalSecret refreshes", {
        series: [refreshed(ramp(0, 60, samples)), info("1h")],
        expect: [expectNoAlert(alert, at(staleMinutes + 20))],
      }),
      scenario("ExternalSecretRefreshStale: stays quiet for an ExternalSecret that syncs once", {
        series: [refreshed(steady(0, samples)), info("0s")],
        expect: [expectNoAlert(alert, at(staleMinutes + 20))],
      }),
      scenario("ExternalSecretRefreshStale: resolves after the next refresh", {
        series: [
          refreshed(steady(0, staleMinutes + 20), steady((staleMinutes + 20) * 60, 20)),
          info("1h"),
        ],
        expect: [
          expectAlert(alert, at(staleMinutes + 15), db, { value: (staleMinutes + 15) * 60 }),
          expectNoAlert(alert, at(staleMinutes + 25)),
        ],
      }),
    );
  }
  return out;
}
