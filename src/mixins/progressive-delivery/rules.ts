/**
 * Alerts of the progressive delivery mixin. Flagger: a failed canary, one stuck progressing, each
 * rollback, Flagger gone. Keptn: a failed analysis (new results only: the series of every past run
 * stay exported with their own `from`/`to` labels), failed workload and app deployments.
 */
import { dashboardLink, runbookLink } from "../common/links.js";
import { lastOverTime } from "../../promql/functions.js";
import { formatDuration, parseDurationMs, type DurationLiteral } from "../../promql/duration.js";
import { groupAggregate, max, min } from "../../promql/aggregations.js";
import type { InstantVector } from "../../promql/expr.js";
import { nre, re } from "../../promql/selector.js";
import { countedWithin } from "../common/counters.js";
import { up } from "../common/controller-runtime.js";
import { versionAtLeast, groupBy, matchersOf } from "../common/labels.js";
import { presenceLost } from "../common/presence.js";
import { alert, group, type AlertingRule, type RuleGroup } from "../../rules/model.js";
import {
  analysisResult,
  appCount,
  canaryFailures,
  canaryStatus,
  deploymentCount,
  evaluationCount,
  flaggerInfo,
  lifecycleActive,
  taskCount,
} from "./catalog.js";
import type { ProgressiveDeliveryConfig } from "./config.js";
import { dashboardUid } from "./ids.js";
import { ksmCatalog } from "./kube-state-metrics.js";

type Canary = "cluster" | "exported_namespace" | "name";

export interface ProgressiveDeliveryRules {
  readonly groups: RuleGroup[];
  readonly alerts: {
    readonly canaryFailed?: AlertingRule<Canary>;
    readonly canaryStuck?: AlertingRule<Canary>;
    readonly canaryPhaseStuck?: AlertingRule<Canary>;
    readonly canaryRollbacks?: AlertingRule<Canary>;
    readonly flaggerMetricsAbsent?: AlertingRule<never>;
    readonly analysisFailed?: AlertingRule<Canary>;
    readonly deploymentFailed?: AlertingRule<string>;
    readonly appDeploymentFailed?: AlertingRule<string>;
    readonly taskFailed?: AlertingRule<string>;
    readonly evaluationFailed?: AlertingRule<string>;
    readonly lifecycleOperatorMetricsAbsent?: AlertingRule<never>;
    readonly metricsOperatorMetricsAbsent?: AlertingRule<never>;
  };
}

export function runbookUrl(config: ProgressiveDeliveryConfig, alertName: string): string {
  return runbookLink(config, "progressive-delivery", alertName);
}

/** A link to the dashboard, filtered to the alert's namespace and canary when it has them. */
function dashboardUrl(
  config: ProgressiveDeliveryConfig,
  vars: Readonly<Partial<Record<"namespace" | "canary", string>>>,
): string | undefined {
  const params = Object.entries(vars).map(([v, label]) => `var-${v}={{$labels.${label}}}`);
  if (config.clusterLabel) params.unshift("var-cluster={{$labels.cluster}}");
  return dashboardLink(config, dashboardUid(config), "progressive-delivery", params);
}

export function progressiveDeliveryRules(
  config: ProgressiveDeliveryConfig,
): ProgressiveDeliveryRules {
  const extra = config.extraAlertLabels;
  const canaryBy = groupBy(config, "exported_namespace", "name");
  // "Scraped a window ago" is judged per cluster: a cluster scraped for the first time has no past.
  const perCluster = groupBy<never>(config);
  const canaryLink = dashboardUrl(config, { namespace: "exported_namespace", canary: "name" });
  const f = config.flagger;
  const k = config.keptn;
  const flaggerSel = matchersOf(f.selector);
  // With several Flagger replicas each reports its own status: an alert needs all of them to agree
  // (status 2 is the highest value, 0 the lowest).
  const everyReplicaSays = (value: 0 | 2) =>
    (value === 2 ? min : max)(canaryStatus.where(flaggerSel))
      .by(...canaryBy)
      .eq(value);

  // With kube-state-metrics on, the API server's Canary objects: Flagger never deletes a deleted
  // canary's status series (no Delete in pkg/metrics/recorder.go), so a canary counts only while
  // its object exists. Where kube-state-metrics reports no Canary at all in a cluster (it is down,
  // lacks the config or the RBAC, or the last canary went), Flagger's own series stand alone:
  // a gap in the second source must not silence the first.
  const ksm = f.kubeStateMetrics;
  const stuckPhases = [...new Set(f.canaryPhaseStuck.phases)].join("|");
  const bridge = formatDuration(4 * parseDurationMs(config.scrapeInterval)) as DurationLiteral;
  const canaries = ksmCatalog.canaryInfo.where(matchersOf(ksm.selector));
  const existing = (e: InstantVector<Canary>): InstantVector<Canary> =>
    ksm.enabled
      ? e
          .and(canaries)
          .on(...canaryBy)
          .or(e.unless(canaries).on(...perCluster))
      : e;

  const clusterNote = config.clusterLabel ? " in the cluster" : "";
  const presenceSilences = [
    { check: "alert-without-condition", reason: "absent() or absent_over_time() is the condition" },
    {
      check: "description-not-templated",
      reason: "absent() returns no labels to name, and no label is sure in the others",
    },
  ] as const;

  // Equivalent mutants of countedWithin: increase() and a counter's value are never negative, so
  // the largest or the mean is above 0 exactly when the sum is (no description prints the value).
  // On the born side (`unless`), counters are born at their first increment (Flagger's Inc(),
  // Keptn's Add(1)), at least 1; there only, min, `> -1` and `>= 0` say the same as the rule.
  const countSilences = (status?: string) => [
    {
      check: "mutant: aggregation sum→max",
      reason: "over non-negative increases and counter values, max > 0 exactly when sum > 0",
    },
    {
      check: "mutant: aggregation sum→avg",
      reason: "over non-negative increases and counter values, avg > 0 exactly when sum > 0",
    },
    {
      check: "mutant: aggregation sum→min at unless",
      reason: "born counters are at least 1: min > 0 exactly when sum > 0",
    },
    {
      check: "mutant: threshold 0→-1 at unless",
      reason: "born counters are at least 1, above both 0 and -1",
    },
    {
      check: "mutant: comparison >→>= at unless",
      reason: "born counters are at least 1, never exactly 0",
    },
    ...(status === undefined
      ? []
      : [
          {
            check: `mutant: matcher -${status} at offset`,
            reason:
              "`unless` matches on every label, the status among them: a series of another status never matches a Failed one",
          },
        ]),
  ];

  const flagger = f.enabled
    ? {
        canaryFailed: alert("FlaggerCanaryFailed", {
          expr: existing(everyReplicaSays(2)),
          for: f.canaryFailed.for,
          severity: f.canaryFailed.severity,
          summary: "A Flagger canary failed and was rolled back.",
          description: (t) =>
            `The canary of ${t.labels.exported_namespace}/${t.labels.name} failed its analysis; the primary keeps serving the previous version.`,
          runbookUrl: runbookUrl(config, "FlaggerCanaryFailed"),
          dashboardUrl: canaryLink,
          labels: extra,
          silence: [
            {
              check: "mutant: aggregation min→avg",
              reason:
                "the status is 0, 1 or 2: the mean is 2 exactly when every replica says 2, as the min; no description prints the value",
            },
          ],
        }),
        canaryStuck: alert("FlaggerCanaryStuck", {
          expr: existing(everyReplicaSays(0)),
          for: f.canaryStuck.for,
          severity: f.canaryStuck.severity,
          summary: "A Flagger canary has been progressing for too long.",
          description: (t) =>
            `The canary of ${t.labels.exported_namespace}/${t.labels.name} has been progressing for more than ${f.canaryStuck.for}.`,
          runbookUrl: runbookUrl(config, "FlaggerCanaryStuck"),
          dashboardUrl: canaryLink,
          labels: extra,
          silence: (["avg", "sum"] as const).map((agg) => ({
            check: `mutant: aggregation max→${agg}`,
            reason: `the status is never negative: the ${agg} is 0 exactly when every replica says 0, as the max; no description prints the value`,
          })),
        }),
        ...(ksm.enabled
          ? {
              canaryPhaseStuck: alert("FlaggerCanaryPhaseStuck", {
                // Every kube-state-metrics replica reporting the canary says it is in one of the
                // phases (a lagging replica alone must not page).
                // The last phase within a few scrapes bridges a kube-state-metrics restart, when
                // the old pod's series went stale before the new one was scraped: the wait goes on.
                expr: groupAggregate(
                  lastOverTime(canaries.where({ phase: re(stuckPhases) }).range(bridge)),
                )
                  .by(...canaryBy)
                  .unless(canaries.where({ phase: nre(stuckPhases) }))
                  .on(...canaryBy),
                for: f.canaryPhaseStuck.for,
                severity: f.canaryPhaseStuck.severity,
                summary: "A Flagger canary has been stuck in one phase for too long.",
                description: (t) =>
                  `The Canary of ${t.labels.exported_namespace}/${t.labels.name} has been in phase ${f.canaryPhaseStuck.phases.join(", ")} for more than ${f.canaryPhaseStuck.for}.`,
                runbookUrl: runbookUrl(config, "FlaggerCanaryPhaseStuck"),
                dashboardUrl: canaryLink,
                labels: extra,
                silence: [
                  {
                    check: "alert-without-condition",
                    reason: "the condition is the phase matcher: every replica says a stuck phase",
                  },
                ],
              }),
            }
          : {}),
        ...(versionAtLeast(f.version, "v1.42.0")
          ? {
              canaryRollbacks: alert("FlaggerCanaryRollbacks", {
                expr: countedWithin(
                  canaryFailures.where(flaggerSel),
                  f.canaryRollbacks.window,
                  canaryBy,
                  flaggerInfo.where(flaggerSel),
                  perCluster,
                ),
                severity: f.canaryRollbacks.severity,
                summary: "Flagger rolled back a canary.",
                description: (t) =>
                  `Flagger rolled back the canary of ${t.labels.exported_namespace}/${t.labels.name} in the last ${f.canaryRollbacks.window}.`,
                runbookUrl: runbookUrl(config, "FlaggerCanaryRollbacks"),
                dashboardUrl: canaryLink,
                labels: extra,
                silence: countSilences(),
              }),
            }
          : {}),
        flaggerMetricsAbsent: alert("FlaggerMetricsAbsent", {
          // Every replica sets flagger_info when it starts, leader or not (NewController calls
          // SetInfo before the leader election); a failed scrape (up 0) marks it stale.
          expr: presenceLost(config, {
            seen: flaggerInfo.where(flaggerSel),
            healthy: flaggerInfo.where(flaggerSel),
            lookback: f.metricsAbsent.lookback,
          }),
          for: f.metricsAbsent.for,
          severity: f.metricsAbsent.severity,
          summary: "Flagger's metrics are missing.",
          description: `No Flagger reports flagger_info${clusterNote}: canary alerts are blind.`,
          runbookUrl: runbookUrl(config, "FlaggerMetricsAbsent"),
          labels: extra,
          silence: presenceSilences,
        }),
      }
    : {};

  const metricsOperatorSel = matchersOf(k.metricsOperatorSelector);
  const results = analysisResult.where(metricsOperatorSel);
  const lifecycleSel = matchersOf(k.lifecycleOperatorSelector);
  // Keptn's series of old runs and its counters' old totals all appear at once on a target scraped
  // for the first time (a new ServiceMonitor, a fresh Prometheus replica): they are news only if
  // the operator's target was already scraped a window ago. Matched on `job` as well: with the
  // default empty selectors, any other target scraped then would otherwise do.
  const lifecycleScraped = up.where(lifecycleSel);
  const sameTarget = [...perCluster, "job"] as const;
  // A task or evaluation run: its name is unique per run, the workload is empty for app-level ones.
  const runBy = <const N extends string>(name: N) =>
    groupBy<"keptn_deployment_app_name" | "keptn_deployment_workload_name" | N>(
      config,
      "keptn_deployment_app_name",
      "keptn_deployment_workload_name",
      name,
    );
  const keptn = k.enabled
    ? {
        analysisFailed: alert("KeptnAnalysisFailed", {
          // Only results that appeared within the window: every run leaves a series with its own
          // from/to labels behind, and an old failure must not fire forever.
          expr: min(
            results
              .lt(k.analysisFailed.targetPercentage)
              .unless(results.offset(k.analysisFailed.window))
              .and(up.where(metricsOperatorSel).offset(k.analysisFailed.window))
              .on(...sameTarget),
          ).by(...canaryBy),
          severity: k.analysisFailed.severity,
          summary: "A Keptn analysis failed.",
          description: (t) =>
            `Keptn analysis ${t.labels.exported_namespace}/${t.labels.name} achieved ${t.value}%, below the ${k.analysisFailed.targetPercentage}% target.`,
          runbookUrl: runbookUrl(config, "KeptnAnalysisFailed"),
          dashboardUrl: dashboardUrl(config, { namespace: "exported_namespace" }),
          labels: extra,
          silence: [
            {
              check: "alert-without-condition",
              reason: "the comparison is inside: min over the new results below the target",
            },
          ],
        }),
        deploymentFailed: alert("KeptnDeploymentFailed", {
          expr: countedWithin(
            deploymentCount
              .where(lifecycleSel)
              .where({ keptn_deployment_workload_status: "Failed" }),
            k.deploymentFailed.window,
            groupBy(
              config,
              "keptn_deployment_app_name",
              "keptn_deployment_workload_name",
              "keptn_deployment_workload_namespace",
            ),
            lifecycleScraped,
            sameTarget,
          ),
          severity: k.deploymentFailed.severity,
          summary: "A Keptn workload deployment failed.",
          description: (t) =>
            `Keptn reports a failed deployment of workload ${t.labels.keptn_deployment_workload_namespace}/${t.labels.keptn_deployment_workload_name} (app ${t.labels.keptn_deployment_app_name}) in the last ${k.deploymentFailed.window}.`,
          runbookUrl: runbookUrl(config, "KeptnDeploymentFailed"),
          dashboardUrl: dashboardUrl(config, { namespace: "keptn_deployment_workload_namespace" }),
          labels: extra,
          silence: countSilences("keptn_deployment_workload_status"),
        }),
        appDeploymentFailed: alert("KeptnAppDeploymentFailed", {
          expr: countedWithin(
            appCount.where(lifecycleSel).where({ keptn_deployment_app_status: "Failed" }),
            k.appDeploymentFailed.window,
            groupBy(config, "keptn_deployment_app_name", "keptn_deployment_app_namespace"),
            lifecycleScraped,
            sameTarget,
          ),
          severity: k.appDeploymentFailed.severity,
          summary: "A Keptn app deployment failed.",
          description: (t) =>
            `Keptn reports a failed deployment of app ${t.labels.keptn_deployment_app_namespace}/${t.labels.keptn_deployment_app_name} in the last ${k.appDeploymentFailed.window}.`,
          runbookUrl: runbookUrl(config, "KeptnAppDeploymentFailed"),
          dashboardUrl: dashboardUrl(config, { namespace: "keptn_deployment_app_namespace" }),
          labels: extra,
          silence: countSilences("keptn_deployment_app_status"),
        }),
        taskFailed: alert("KeptnTaskFailed", {
          // A task's name ends in a random number: each run is a new series, born at 1.
          expr: countedWithin(
            taskCount.where(lifecycleSel).where({ keptn_deployment_task_status: "Failed" }),
            k.taskFailed.window,
            runBy("keptn_deployment_task_name"),
            lifecycleScraped,
            sameTarget,
          ),
          severity: k.taskFailed.severity,
          summary: "A Keptn task failed.",
          description: (t) =>
            `Keptn task ${t.labels.keptn_deployment_task_name} of app ${t.labels.keptn_deployment_app_name} (workload ${t.labels.keptn_deployment_workload_name}) failed in the last ${k.taskFailed.window}.`,
          runbookUrl: runbookUrl(config, "KeptnTaskFailed"),
          dashboardUrl: dashboardUrl(config, {}),
          labels: extra,
          silence: countSilences("keptn_deployment_task_status"),
        }),
        evaluationFailed: alert("KeptnEvaluationFailed", {
          expr: countedWithin(
            evaluationCount
              .where(lifecycleSel)
              .where({ keptn_deployment_evaluation_status: "Failed" }),
            k.evaluationFailed.window,
            runBy("keptn_deployment_evaluation_name"),
            lifecycleScraped,
            sameTarget,
          ),
          severity: k.evaluationFailed.severity,
          summary: "A Keptn evaluation failed.",
          description: (t) =>
            `Keptn evaluation ${t.labels.keptn_deployment_evaluation_name} of app ${t.labels.keptn_deployment_app_name} (workload ${t.labels.keptn_deployment_workload_name}) failed in the last ${k.evaluationFailed.window}.`,
          runbookUrl: runbookUrl(config, "KeptnEvaluationFailed"),
          dashboardUrl: dashboardUrl(config, {}),
          labels: extra,
          silence: countSilences("keptn_deployment_evaluation_status"),
        }),
        lifecycleOperatorMetricsAbsent: alert("KeptnLifecycleOperatorMetricsAbsent", {
          // Every replica adds 1 at start, before the manager (and its leader election) starts.
          expr: presenceLost(config, {
            seen: lifecycleActive.where(lifecycleSel),
            healthy: lifecycleActive.where(lifecycleSel),
            lookback: k.metricsAbsent.lookback,
          }),
          for: k.metricsAbsent.for,
          severity: k.metricsAbsent.severity,
          summary: "Keptn's lifecycle-operator metrics are missing.",
          description: `No lifecycle-operator reports keptn_lifecycle_active_total${clusterNote}: Keptn deployment, task and evaluation alerts are blind.`,
          runbookUrl: runbookUrl(config, "KeptnLifecycleOperatorMetricsAbsent"),
          labels: extra,
          silence: presenceSilences,
        }),
        // The metrics-operator exports no series of its own at all times: its target's `up`,
        // which means something only with a selector (an empty one matches every target).
        ...(Object.keys(k.metricsOperatorSelector).length > 0
          ? {
              metricsOperatorMetricsAbsent: alert("KeptnMetricsOperatorMetricsAbsent", {
                expr: presenceLost(config, {
                  seen: up.where(metricsOperatorSel),
                  healthy: up.where(metricsOperatorSel).eq(1),
                  lookback: k.metricsAbsent.lookback,
                }),
                for: k.metricsAbsent.for,
                severity: k.metricsAbsent.severity,
                summary: "Keptn's metrics-operator metrics are missing.",
                description: `No healthy metrics-operator target (keptn.metricsOperatorSelector) is scraped${clusterNote}: KeptnAnalysisFailed is blind.`,
                runbookUrl: runbookUrl(config, "KeptnMetricsOperatorMetricsAbsent"),
                labels: extra,
                silence: [presenceSilences[1]],
              }),
            }
          : {}),
      }
    : {};

  const alerts = { ...flagger, ...keptn };
  const groups = [
    ...(f.enabled ? [group("flagger.alerts", Object.values(flagger))] : []),
    ...(k.enabled ? [group("keptn.alerts", Object.values(keptn))] : []),
  ];
  return { groups, alerts: alerts as ProgressiveDeliveryRules["alerts"] };
}
