/**
 * Recording rules and alerts of the External Secrets mixin. Status rules take the minimum over
 * controller replicas: an object is not ready only when every replica still reporting on it says so
 * (a stale replica alone must not page, ESO #4363), and `condition="Ready"` leaves out the `Deleted`
 * series ESO keeps for deleted objects.
 */
import { dashboardLink, runbookLink } from "../common/links.js";
import {
  absent,
  increase,
  labelReplace,
  lastOverTime,
  max,
  min,
  rate,
  re,
  sum,
  time,
} from "../../promql/index.js";
import { formatDuration, parseDurationMs, type DurationLiteral } from "../../promql/duration.js";
import type { InstantVector } from "../../promql/expr.js";
import {
  alert,
  group,
  record,
  type AlertingRule,
  type RecordingRule,
  type RuleGroup,
} from "../../rules/model.js";
import type { MatcherValue } from "../common/config.js";
import { groupBy, matchersOf, versionAtLeast } from "../common/labels.js";
import { countedWithin } from "../common/counters.js";
import { presenceLost } from "../common/presence.js";
import {
  clusterSecretStoreCondition,
  externalSecretCondition,
  externalSecretSyncErrors,
  providerApiCalls,
  pushSecretCondition,
  secretStoreCondition,
} from "./catalog.js";
import {
  reconcileErrorsTotal,
  reconcileTime,
  reconcileTotal,
  up,
} from "../common/controller-runtime.js";
import { ksmCatalog } from "./kube-state-metrics.js";
import type { ExternalSecretsConfig } from "./config.js";
import { dashboardUid } from "./ids.js";

export const recordNames = {
  externalSecretNotReady: "namespace_name:externalsecret_status_condition:not_ready",
  pushSecretNotReady: "namespace_name:pushsecret_status_condition:not_ready",
  secretStoreNotReady: "namespace_name_kind:secretstore_status_condition:not_ready",
  externalSecretNotReadyCount: "namespace:externalsecret_status_condition:not_ready_count",
  pushSecretNotReadyCount: "namespace:pushsecret_status_condition:not_ready_count",
  syncErrors: "namespace_name:externalsecret_sync_calls_error:increase15m",
  providerCalls: "provider_call_status:externalsecret_provider_api_calls_count:rate5m",
  providerErrorRatio: "provider_call:externalsecret_provider_api_calls_count:error_ratio5m",
  reconcileErrorRatio: "controller:controller_runtime_reconcile_total:error_ratio5m",
  reconcileTimeBuckets: "controller_le:controller_runtime_reconcile_time_seconds_bucket:rate5m",
} as const;

export interface ExternalSecretsRules {
  readonly groups: RuleGroup[];
  readonly records: {
    readonly externalSecretNotReady: RecordingRule<"cluster" | "exported_namespace" | "name">;
    readonly pushSecretNotReady?: RecordingRule<"cluster" | "exported_namespace" | "name">;
    readonly externalSecretNotReadyCount: RecordingRule<"cluster" | "exported_namespace">;
    readonly pushSecretNotReadyCount?: RecordingRule<"cluster" | "exported_namespace">;
    readonly secretStoreNotReady?: RecordingRule<
      "cluster" | "exported_namespace" | "name" | "kind"
    >;
    readonly syncErrors: RecordingRule<"cluster" | "exported_namespace" | "name">;
    readonly providerCalls?: RecordingRule<"cluster" | "provider" | "call" | "status">;
    readonly providerErrorRatio?: RecordingRule<"cluster" | "provider" | "call">;
    readonly reconcileErrorRatio: RecordingRule<"cluster" | "controller">;
    readonly reconcileTimeBuckets: RecordingRule<"cluster" | "controller" | "le">;
  };
  readonly alerts: {
    readonly externalSecretNotReady: AlertingRule<"cluster" | "exported_namespace" | "name">;
    readonly externalSecretNotReadyCritical: readonly AlertingRule<
      "cluster" | "exported_namespace" | "name"
    >[];
    readonly syncErrors: AlertingRule<"cluster" | "exported_namespace" | "name">;
    readonly pushSecretNotReady?: AlertingRule<"cluster" | "exported_namespace" | "name">;
    readonly pushSecretNotReadyCritical: readonly AlertingRule<
      "cluster" | "exported_namespace" | "name"
    >[];
    readonly secretStoreNotReady?: AlertingRule<"cluster" | "exported_namespace" | "name" | "kind">;
    readonly providerErrors?: AlertingRule<"cluster" | "provider" | "call">;
    readonly reconcileErrors: AlertingRule<"cluster" | "controller">;
    readonly clusterReconcileErrors: AlertingRule<"cluster" | "controller">;
    readonly metricsAbsent: AlertingRule<never>;
    readonly webhookMetricsAbsent?: AlertingRule<never>;
    readonly certControllerMetricsAbsent?: AlertingRule<never>;
    readonly refreshStale?: AlertingRule<"cluster" | "exported_namespace" | "name">;
  };
}

export function runbookUrl(config: ExternalSecretsConfig, alertName: string): string {
  return runbookLink(config, "external-secrets", alertName);
}

/**
 * A link to the dashboard, filtered to the alert's object when it has one, and to its cluster unless
 * the alert has no labels to tell it (`absent()`).
 */
function dashboardUrl(
  config: ExternalSecretsConfig,
  vars: readonly ("namespace" | "name")[],
  withCluster = true,
): string | undefined {
  const params = vars.map(
    (v) => `var-${v}={{$labels.${v === "namespace" ? "exported_namespace" : "name"}}}`,
  );
  if (config.clusterLabel && withCluster) params.unshift("var-cluster={{$labels.cluster}}");
  return dashboardLink(config, dashboardUid(config), "external-secrets", params);
}

/**
 * A selector as PromQL matchers without braces (a regex's JSON would end in "}}", which closes a
 * template action): `job="x", namespace=~"a|b"`.
 */
function selectorText(selector: Readonly<Record<string, MatcherValue>>): string {
  const matchers = Object.entries(selector).map(([label, v]) =>
    typeof v === "string"
      ? `${label}=${JSON.stringify(v)}`
      : `${label}=~${JSON.stringify(v.regex)}`,
  );
  return matchers.length === 0 ? "any labels" : matchers.join(", ");
}

/**
 * The `condition="Ready"` matcher of a kind whose only condition is Ready: dropping it changes no
 * result (mutation testing), yet it stays so that a condition added upstream is not read as Ready.
 */
function onlyReadyCondition(kind: string, source: string) {
  return {
    check: "mutant: matcher -condition",
    reason: `ESO sets ${kind}_status_condition only with condition="Ready" (${source}, v0.9.0 to v2.9.0: every condition it creates is of type Ready, and only ExternalSecrets get a Deleted series), so the matcher leaves out no series`,
  };
}

/**
 * Equivalent mutants of the sync-error record (countedWithin). ESO creates an object's error series
 * at its first error (`With(...).Inc()`, externalsecret_controller.go v2.9.0), so a born series is
 * at least 1, and an increase of whole errors, extrapolated over the window, is above 1. With an
 * exact `job` in the selector, the selector and the guard's `on (job)` each keep other jobs out.
 */
function syncErrorSilences(config: ExternalSecretsConfig) {
  const born = "unless externalsecret_sync_calls_error";
  const silences = [
    {
      check: `mutant: threshold 0→-1 at ${born}`,
      reason: "a born error series is at least 1, above both 0 and -1",
    },
    {
      check: `mutant: comparison >→>= at ${born}`,
      reason: "a born error series is at least 1, never exactly 0",
    },
    {
      check: "mutant: threshold 0→1 at increase(",
      reason:
        "the increase of whole errors over 15m is extrapolated past its samples (the window is open on the left), so one error reads above 1, as above 0",
    },
  ];
  if (config.selector["job"] === undefined) return silences;
  // The old series on the right of `unless`: it matches ours on every label, job among them.
  const old = `${externalSecretSyncErrors.where(matchersOf(config.selector)).offset("15m")}`;
  return [
    ...silences,
    {
      check: `mutant: matcher -job at ${old}`,
      reason:
        "`unless` matches on every label, job among them: another job's old series never matches ours",
    },
  ];
}

export function externalSecretsRules(config: ExternalSecretsConfig): ExternalSecretsRules {
  const sel = matchersOf(config.selector);
  const by = <const G extends string>(...labels: G[]) => groupBy(config, ...labels);
  const has = (since: string) => versionAtLeast(config.version, since);
  const objectBy = by("exported_namespace", "name");
  const ready = { condition: "Ready", status: "False" } as const;
  const extra = config.extraAlertLabels;

  // The last value within a few scrapes bridges the gap of a leader failover, when the old
  // leader's series went stale before the new leader reported: the pending time carries over.
  const bridge = formatDuration(4 * parseDurationMs(config.scrapeInterval)) as DurationLiteral;
  const notReadyOf = (metric: typeof externalSecretCondition) =>
    min(lastOverTime(metric.where(sel).where(ready).range(bridge))).by(...objectBy);

  // ESO deletes no PushSecret series when the object goes (the controller returns on NotFound
  // without touching psmetrics, pkg/controllers/pushsecret/pushsecret_controller.go): with
  // kube-state-metrics on, a PushSecret counts only while its object exists. Where
  // kube-state-metrics reports no PushSecret in a cluster (down, no config or RBAC, or the last one
  // went), ESO's own series stand alone: a gap in the second source must not silence the first.
  const pushSecrets = ksmCatalog.pushSecretInfo.where(matchersOf(config.kubeStateMetrics.selector));
  const existingPushSecrets = (
    e: InstantVector<"cluster" | "exported_namespace" | "name">,
  ): InstantVector<"cluster" | "exported_namespace" | "name"> =>
    config.kubeStateMetrics.enabled
      ? e
          .and(pushSecrets)
          .on(...objectBy)
          .or(e.unless(pushSecrets).on(...by<never>()))
      : e;

  const records = {
    externalSecretNotReady: record(
      recordNames.externalSecretNotReady,
      notReadyOf(externalSecretCondition),
    ),
    pushSecretNotReady: has("v0.14.4")
      ? record(
          recordNames.pushSecretNotReady,
          existingPushSecrets(notReadyOf(pushSecretCondition)),
          { silence: [onlyReadyCondition("pushsecret", "psmetrics.go UpdatePushSecretCondition")] },
        )
      : undefined,
    secretStoreNotReady: has("v0.9.0")
      ? record(
          recordNames.secretStoreNotReady,
          labelReplace(notReadyOf(secretStoreCondition), "kind", "SecretStore", "name", ".*").or(
            labelReplace(
              notReadyOf(clusterSecretStoreCondition),
              "kind",
              "ClusterSecretStore",
              "name",
              ".*",
            ),
          ),
          {
            silence: [
              onlyReadyCondition(
                "secretstore and clustersecretstore",
                "secretstore/metrics/metrics.go UpdateStatusCondition",
              ),
              {
                check: `mutant: grouping by -${config.objectNamespaceLabel} at clustersecretstore_status_condition`,
                reason:
                  'ESO sets namespace="" on ClusterSecretStore series (clustersecretstore metrics, v0.9.0 to v2.9.0), so they carry no object namespace to group by',
              },
            ],
          },
        )
      : undefined,
    // Only objects that failed: dashboards and alerts read a handful of series, not one per object.
    // ESO creates an object's error series at its first error (`With(...).Inc()` on the error paths
    // only, externalsecret_controller.go, v2.9.0): born at 1, which increase() cannot see. Counted
    // as new only when the same job's target was scraped 15m ago (not on a first scrape).
    syncErrors: record(
      recordNames.syncErrors,
      countedWithin(
        externalSecretSyncErrors.where(sel),
        "15m",
        objectBy,
        up.where(sel),
        // Another job's target is no proof; a selector with an exact job already says so.
        [...by(), ...(typeof config.selector["job"] === "string" ? [] : (["job"] as const))],
      ),
      { silence: syncErrorSilences(config) },
    ),
    providerCalls: has("v0.8.0")
      ? record(
          recordNames.providerCalls,
          sum(rate(providerApiCalls.where(sel).range("5m"))).by(
            ...by("provider", "call", "status"),
          ),
        )
      : undefined,
    reconcileErrorRatio: record(
      recordNames.reconcileErrorRatio,
      sum(rate(reconcileTotal.where(sel).where({ result: "error" }).range("5m")))
        .by(...by("controller"))
        .div(sum(rate(reconcileTotal.where(sel).range("5m"))).by(...by("controller"))),
    ),
    // Latency quantiles from recorded buckets: a panel reads a few dozen series, not every pod's.
    reconcileTimeBuckets: record(
      recordNames.reconcileTimeBuckets,
      sum(rate(reconcileTime.bucket().where(sel).range("5m"))).by(...by("controller", "le")),
    ),
  };
  // Not-ready objects per namespace, for the dashboard's per-namespace panels.
  const countByNamespace = (
    name: string,
    perObject: RecordingRule<"cluster" | "exported_namespace" | "name">,
  ) => record(name, sum(perObject.series().eq(1)).by(...by("exported_namespace")));
  const externalSecretNotReadyCount = countByNamespace(
    recordNames.externalSecretNotReadyCount,
    records.externalSecretNotReady,
  );
  const pushSecretNotReadyCount = records.pushSecretNotReady
    ? countByNamespace(recordNames.pushSecretNotReadyCount, records.pushSecretNotReady)
    : undefined;
  const providerErrorRatio = records.providerCalls
    ? record(
        recordNames.providerErrorRatio,
        sum(records.providerCalls.series().where({ status: "error" }))
          .by(...by("provider", "call"))
          .div(sum(records.providerCalls.series()).by(...by("provider", "call"))),
        {
          silence: [
            {
              check: 'mutant: aggregation at status="error"',
              reason:
                'the recorded rate has one status="error" series per provider and call, so sum, min, max and avg of it are the same',
            },
          ],
        },
      )
    : undefined;

  // Critical objects page on their own terms; the default alert leaves them out.
  // Each carries a `critical_object` label naming its entry (`namespace/name`, `~` before a regex):
  // alerts of one name need distinct label sets, or promtool and Prometheus take them for one.
  const shownMatcher = (m: MatcherValue) => (typeof m === "string" ? m : `~${m.regex}`);
  const critical = config.criticalObjects.map((c) => ({
    ...c,
    matchers: matchersOf({ exported_namespace: c.namespace, name: c.name }),
    label: `${shownMatcher(c.namespace)}/${shownMatcher(c.name)}`,
  }));
  const notReadyAlerts = (
    name: "ExternalSecretNotReady" | "PushSecretNotReady",
    rec: RecordingRule<"cluster" | "exported_namespace" | "name">,
    settings: {
      for: ExternalSecretsConfig["externalSecretNotReady"]["for"];
      severity: ExternalSecretsConfig["externalSecretNotReady"]["severity"];
    },
    kind: string,
  ) => {
    const spec = {
      summary: `${kind === "ExternalSecret" ? "An" : "A"} ${kind} is not ready.`,
      description: (t: { labels: { exported_namespace: string; name: string } }) =>
        `${kind} ${t.labels.exported_namespace}/${t.labels.name} has not been ready according to every controller replica reporting on it.`,
      runbookUrl: runbookUrl(config, name),
      dashboardUrl: dashboardUrl(config, ["namespace", "name"]),
      labels: extra,
    };
    let expr: InstantVector<"cluster" | "exported_namespace" | "name"> = rec.series().eq(1);
    for (const c of critical) expr = expr.unless(rec.series().where(c.matchers)).on(...objectBy);
    const main = alert(name, { ...spec, expr, for: settings.for, severity: settings.severity });
    const criticalAlerts = critical.map((c) =>
      alert(name, {
        ...spec,
        expr: rec.series().where(c.matchers).eq(1),
        for: c.for,
        severity: c.severity,
        labels: { ...spec.labels, critical_object: c.label },
      }),
    );
    return { main, criticalAlerts };
  };

  const es = notReadyAlerts(
    "ExternalSecretNotReady",
    records.externalSecretNotReady,
    config.externalSecretNotReady,
    "ExternalSecret",
  );
  const ps = records.pushSecretNotReady
    ? notReadyAlerts(
        "PushSecretNotReady",
        records.pushSecretNotReady,
        config.pushSecretNotReady,
        "PushSecret",
      )
    : undefined;

  // From kube-state-metrics: the API server's view, the same whatever the number of replicas.
  const refreshStaleAlert = () => {
    const ksm = config.kubeStateMetrics;
    const ksmSel = matchersOf(ksm.selector);
    const lastRefresh = max(ksmCatalog.externalSecretRefresh.where(ksmSel)).by(...objectBy);
    // refreshInterval 0 syncs once and never refreshes: such ExternalSecrets are never stale.
    const syncOnce = max(
      ksmCatalog.externalSecretInfo.where(ksmSel).where({ refresh_interval: re("0|0s") }),
    ).by(...objectBy);
    return alert("ExternalSecretRefreshStale", {
      expr: time()
        .sub(lastRefresh)
        .gt(parseDurationMs(ksm.staleAfter) / 1000)
        .unless(syncOnce)
        .on(...objectBy),
      for: "10m",
      severity: ksm.severity,
      summary: "An ExternalSecret has not been refreshed for too long.",
      description: (t) =>
        `ExternalSecret ${t.labels.exported_namespace}/${t.labels.name} was last refreshed more than ${ksm.staleAfter} ago (${t.value} seconds).`,
      runbookUrl: runbookUrl(config, "ExternalSecretRefreshStale"),
      dashboardUrl: dashboardUrl(config, ["namespace", "name"]),
      labels: extra,
    });
  };

  /** "Metrics absent" of one of ESO's components: per cluster with a cluster label, up 0 as missing. */
  const componentAbsent = (
    name: string,
    settings: ExternalSecretsConfig["metricsAbsent"],
    selector: ExternalSecretsConfig["selector"],
    summary: string,
    consequence: string,
  ) =>
    alert(name, {
      expr: presenceLost(config, {
        seen: up.where(matchersOf(selector)),
        healthy: up.where(matchersOf(selector)).eq(1),
        lookback: settings.lookback,
      }),
      for: settings.for,
      severity: settings.severity,
      summary,
      description: `No healthy target matching ${selectorText(selector)} has been scraped; ${consequence}`,
      runbookUrl: runbookUrl(config, name),
      dashboardUrl: dashboardUrl(config, [], false),
      labels: extra,
      silence: [
        { check: "description-not-templated", reason: "absent() returns no labels to name" },
      ],
    });

  // The status gauges of these two kinds cannot report False (cesmetrics, cpsmetrics), so their
  // controllers' errors stand in. A failing object is retried with controller-runtime's backoff,
  // at most 1000s apart: a 20-minute window stays above 0 between retries, and one error (a
  // conflict, retried at once) leaves it within 20 minutes, before the default `for`.
  const clusterControllers = has("v0.15.0")
    ? re("clusterexternalsecret|clusterpushsecret")
    : "clusterexternalsecret";

  const alerts = {
    externalSecretNotReady: es.main,
    externalSecretNotReadyCritical: es.criticalAlerts,
    syncErrors: alert("ExternalSecretSyncErrors", {
      expr: records.syncErrors.series().gt(config.syncErrors.errors),
      for: config.syncErrors.for,
      severity: config.syncErrors.severity,
      // With errors 0 the alert's `> 0` repeats the record's: its mutants keep every sample.
      silence:
        config.syncErrors.errors === 0
          ? [
              ...(["threshold 0→-1", "comparison >→>="] as const).map((m) => ({
                check: `mutant: ${m}`,
                reason:
                  "the record keeps only increases above 0, so with errors 0 every sample it holds passes > -1 and >= 0 as it passes > 0",
              })),
              ...(parseDurationMs(config.syncErrors.for) >= 15 * 60_000
                ? [
                    {
                      check: "mutant: threshold 0→1",
                      reason:
                        "the record reads exactly 1 only for a new error series, for its first 15m, less than `for`; an increase of whole errors reads above 1",
                    },
                  ]
                : []),
            ]
          : [],
      summary: "An ExternalSecret fails to sync.",
      description: (t) =>
        `ExternalSecret ${t.labels.exported_namespace}/${t.labels.name} failed to sync ${t.value} times in the last 15 minutes.`,
      runbookUrl: runbookUrl(config, "ExternalSecretSyncErrors"),
      dashboardUrl: dashboardUrl(config, ["namespace", "name"]),
      labels: extra,
    }),
    pushSecretNotReady: ps?.main,
    pushSecretNotReadyCritical: ps?.criticalAlerts ?? [],
    secretStoreNotReady: records.secretStoreNotReady
      ? alert("SecretStoreNotReady", {
          expr: records.secretStoreNotReady.series().eq(1),
          for: config.secretStoreNotReady.for,
          severity: config.secretStoreNotReady.severity,
          summary: "A SecretStore or ClusterSecretStore is not ready.",
          // One text for both kinds: a ClusterSecretStore's namespace label is empty.
          description: (t) =>
            `${t.labels.kind} ${t.labels.name} (namespace "${t.labels.exported_namespace}", empty for a ClusterSecretStore) is not ready; the ExternalSecrets that use it cannot sync.`,
          runbookUrl: runbookUrl(config, "SecretStoreNotReady"),
          dashboardUrl: dashboardUrl(config, []),
          labels: extra,
        })
      : undefined,
    providerErrors: providerErrorRatio
      ? alert("ExternalSecretsProviderErrors", {
          expr: providerErrorRatio.series().gt(config.providerErrors.ratio),
          for: config.providerErrors.for,
          severity: config.providerErrors.severity,
          summary: "Calls to a secret provider fail.",
          description: (t) =>
            `${t.valueAsPercentage} of ${t.labels.provider} ${t.labels.call} calls failed over the last 5 minutes.`,
          runbookUrl: runbookUrl(config, "ExternalSecretsProviderErrors"),
          dashboardUrl: dashboardUrl(config, []),
          labels: extra,
        })
      : undefined,
    reconcileErrors: alert("ExternalSecretsReconcileErrors", {
      expr: records.reconcileErrorRatio.series().gt(config.reconcileErrors.ratio),
      for: config.reconcileErrors.for,
      severity: config.reconcileErrors.severity,
      summary: "An External Secrets controller fails to reconcile.",
      description: (t) =>
        `${t.valueAsPercentage} of the ${t.labels.controller} controller's reconciles failed over the last 5 minutes.`,
      runbookUrl: runbookUrl(config, "ExternalSecretsReconcileErrors"),
      dashboardUrl: dashboardUrl(config, []),
      labels: extra,
    }),
    refreshStale: config.kubeStateMetrics.enabled ? refreshStaleAlert() : undefined,
    clusterReconcileErrors: alert("ExternalSecretsClusterReconcileErrors", {
      expr: sum(
        increase(
          reconcileErrorsTotal.where(sel).where({ controller: clusterControllers }).range("20m"),
        ),
      )
        .by(...by("controller"))
        .gt(0),
      for: config.clusterReconcileErrors.for,
      severity: config.clusterReconcileErrors.severity,
      silence: (["aggregation sum→max", "aggregation sum→avg"] as const).map((m) => ({
        check: `mutant: ${m}`,
        reason:
          "an increase is never negative, so the sum is above 0 exactly when the max or the average is; the alert's labels and annotations do not show its value, and Alertmanager never receives it",
      })),
      summary: "ClusterExternalSecrets or ClusterPushSecrets fail to reconcile.",
      description: (t) =>
        `The ${t.labels.controller} controller has kept returning reconcile errors for ${config.clusterReconcileErrors.for}; its objects' status metrics cannot show it.`,
      runbookUrl: runbookUrl(config, "ExternalSecretsClusterReconcileErrors"),
      dashboardUrl: dashboardUrl(config, []),
      labels: extra,
    }),
    metricsAbsent: componentAbsent(
      "ExternalSecretsMetricsAbsent",
      config.metricsAbsent,
      config.selector,
      "External Secrets Operator's metrics are missing.",
      "ExternalSecret alerts cannot fire.",
    ),
    webhookMetricsAbsent: config.webhookMetricsAbsent.enabled
      ? componentAbsent(
          "ExternalSecretsWebhookMetricsAbsent",
          config.webhookMetricsAbsent,
          config.webhookMetricsAbsent.selector,
          "The External Secrets webhook is down.",
          "while it is down, the API server refuses every change to an ExternalSecret or store.",
        )
      : undefined,
    certControllerMetricsAbsent: config.certControllerMetricsAbsent.enabled
      ? componentAbsent(
          "ExternalSecretsCertControllerMetricsAbsent",
          config.certControllerMetricsAbsent,
          config.certControllerMetricsAbsent.selector,
          "The External Secrets cert-controller is down.",
          "nothing renews the webhook's certificate, and the webhook stops when it expires.",
        )
      : undefined,
  };

  const objectRecording = [
    records.externalSecretNotReady,
    records.pushSecretNotReady,
    externalSecretNotReadyCount,
    pushSecretNotReadyCount,
    records.secretStoreNotReady,
    records.syncErrors,
  ].filter((r) => r !== undefined);
  const recording = [
    records.providerCalls,
    providerErrorRatio,
    records.reconcileErrorRatio,
    records.reconcileTimeBuckets,
  ].filter((r) => r !== undefined);
  const alerting = [
    alerts.externalSecretNotReady,
    alerts.syncErrors,
    alerts.pushSecretNotReady,
    alerts.secretStoreNotReady,
    alerts.providerErrors,
    alerts.reconcileErrors,
    alerts.clusterReconcileErrors,
    alerts.metricsAbsent,
    alerts.webhookMetricsAbsent,
    alerts.certControllerMetricsAbsent,
    alerts.refreshStale,
  ].filter((a) => a !== undefined);
  const criticalAlerts = [
    ...alerts.externalSecretNotReadyCritical,
    ...alerts.pushSecretNotReadyCritical,
  ];

  const groups = [
    group("external-secrets.objects.rules", objectRecording, {
      interval: config.objectRulesInterval,
    }),
    group("external-secrets.rules", recording),
    group("external-secrets.alerts", alerting),
    ...(criticalAlerts.length > 0
      ? [group("external-secrets.critical-objects", criticalAlerts)]
      : []),
  ];
  return {
    groups,
    records: {
      ...records,
      ...(providerErrorRatio ? { providerErrorRatio } : {}),
      externalSecretNotReadyCount,
      ...(pushSecretNotReadyCount ? { pushSecretNotReadyCount } : {}),
    } as ExternalSecretsRules["records"],
    alerts: alerts as ExternalSecretsRules["alerts"],
  };
}
