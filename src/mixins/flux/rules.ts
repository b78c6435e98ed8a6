/**
 * Recording rules and alerts of the Flux mixin. Each data source has its own queries, all recorded
 * into the same three series (not ready, ready, suspended; labels kind, namespace, name), so alerts
 * and the dashboard do not depend on the source. Suspended objects never count as not ready.
 */
import { dashboardLink, runbookLink } from "../common/links.js";
import { absent, labelReplace, rate } from "../../promql/functions.js";
import { max, min, sum } from "../../promql/aggregations.js";
import type { InstantVector } from "../../promql/expr.js";
import { re } from "../../promql/selector.js";
import {
  alert,
  group,
  record,
  type AlertingRule,
  type RecordingRule,
  type RuleGroup,
} from "../../rules/model.js";
import { groupBy, matchersOf } from "../common/labels.js";
import {
  fluxResourceInfo,
  gotkReconcileCondition,
  gotkReconcileDuration,
  gotkResourceInfo,
  gotkSuspendStatus,
} from "./catalog.js";
import { reconcileBuckets, type DataSource, type FluxConfig } from "./config.js";
import { dashboardUid } from "./ids.js";

export const sourceKinds = [
  "GitRepository",
  "OCIRepository",
  "HelmRepository",
  "Bucket",
  "HelmChart",
] as const;

export const recordNames = {
  notReady: "kind_namespace_name:flux_resource_status:not_ready",
  ready: "kind_namespace_name:flux_resource_status:ready",
  suspended: "kind_namespace_name:flux_resource_status:suspended",
  reconcileSlowShare: "kind:gotk_reconcile_duration_seconds:slow_ratio_rate15m",
} as const;

type ObjectLabel = "cluster" | "kind" | "exported_namespace" | "name";
type State = "notReady" | "ready" | "suspended";

export interface FluxRules {
  readonly groups: RuleGroup[];
  readonly records: {
    readonly notReady: RecordingRule<ObjectLabel>;
    readonly ready: RecordingRule<ObjectLabel>;
    readonly suspended: RecordingRule<ObjectLabel>;
    /** The share of a kind's reconciles slower than `reconcileSlow.slowerThan`, over 15 minutes. */
    readonly reconcileSlowShare: RecordingRule<"cluster" | "kind">;
  };
  readonly alerts: {
    readonly helmReleaseNotReady: AlertingRule<string>;
    readonly kustomizationNotReady: AlertingRule<ObjectLabel>;
    readonly sourceNotReady: AlertingRule<ObjectLabel>;
    readonly resourceSuspended: AlertingRule<ObjectLabel>;
    readonly reconcileSlow: AlertingRule<"cluster" | "kind">;
    readonly metricsAbsent: AlertingRule<string>;
    readonly controllerMetricsAbsent: AlertingRule<string>;
  };
}

export function runbookUrl(config: FluxConfig, alertName: string): string {
  return runbookLink(config, "flux", alertName);
}

/** A link to the dashboard, filtered to the alert's kind and namespace when it has them. */
function dashboardUrl(
  config: FluxConfig,
  vars: readonly ("kind" | "namespace")[],
): string | undefined {
  const params = vars.map(
    (v) => `var-${v}={{$labels.${v === "namespace" ? "exported_namespace" : "kind"}}}`,
  );
  if (config.clusterLabel) params.unshift("var-cluster={{$labels.cluster}}");
  return dashboardLink(config, dashboardUid(config), "flux", params);
}

/** The three object states, read from one data source, with the labels kind, namespace, name. */
function stateQueries(
  config: FluxConfig,
  source: DataSource,
): Record<State, InstantVector<ObjectLabel>> {
  const by = groupBy(config, "kind", "exported_namespace", "name");
  switch (source) {
    case "ksm": {
      const info = gotkResourceInfo.where(matchersOf(config.ksmSelector));
      // kube-state-metrics names the kind customresource_kind; `suspended` is "true" or absent.
      const state = (s: typeof info) =>
        max(labelReplace(s, "kind", "$1", "customresource_kind", "(.*)")).by(...by);
      return replicaSafe(
        by,
        state(info.where({ ready: "False" })),
        state(info.where({ ready: "True" })),
        state(info.where({ suspended: "true" })),
      );
    }
    case "flux-operator": {
      // flux-operator writes suspended as "True" or "False".
      const info = fluxResourceInfo.where(matchersOf(config.fluxOperatorSelector));
      return replicaSafe(
        by,
        max(info.where({ ready: "False" })).by(...by),
        max(info.where({ ready: "True" })).by(...by),
        max(info.where({ suspended: "True" })).by(...by),
      );
    }
    case "legacy": {
      const sel = matchersOf(config.controllerSelector);
      // 1 for the current status, 0 for the others, per replica: min is "every replica says so".
      const condition = (status: string) =>
        min(gotkReconcileCondition.where(sel).where({ type: "Ready", status }))
          .by(...by)
          .eq(1);
      return replicaSafe(
        by,
        condition("False"),
        condition("True"),
        max(gotkSuspendStatus.where(sel).eq(1)).by(...by),
      );
    }
  }
}

/**
 * Object states that stay right when several replicas (of kube-state-metrics, flux-operator or a
 * controller) report one object and disagree: not ready only when none reports it ready, and never
 * while any reports it suspended.
 */
function replicaSafe(
  by: readonly ObjectLabel[],
  reportedNotReady: InstantVector<ObjectLabel>,
  reportedReady: InstantVector<ObjectLabel>,
  suspended: InstantVector<ObjectLabel>,
): Record<State, InstantVector<ObjectLabel>> {
  return {
    notReady: reportedNotReady
      .unless(reportedReady)
      .on(...by)
      .unless(suspended)
      .on(...by),
    ready: reportedReady.unless(suspended).on(...by),
    suspended,
  };
}

/** Series that show the data source is there at all. */
function presence(config: FluxConfig, source: DataSource): InstantVector<string> {
  switch (source) {
    case "ksm":
      return gotkResourceInfo.where(matchersOf(config.ksmSelector));
    case "flux-operator":
      return fluxResourceInfo.where(matchersOf(config.fluxOperatorSelector));
    case "legacy":
      return gotkReconcileCondition.where(matchersOf(config.controllerSelector));
  }
}

/** A share as a percentage, e.g. 0.05 as "5%". */
function percent(share: number): string {
  return `${Number((share * 100).toPrecision(4))}%`;
}

export function fluxRules(config: FluxConfig): FluxRules {
  const byObject = groupBy(config, "exported_namespace", "name");
  const extra = config.extraAlertLabels;
  const perSource = config.sources.map((s) => stateQueries(config, s));
  // Several sources during a migration: an object's state comes from whichever source has it.
  const union = (state: State) =>
    perSource
      .slice(1)
      .reduce<InstantVector<ObjectLabel>>((acc, q) => acc.or(q[state]), perSource[0]![state]);

  const controllers = matchersOf(config.controllerSelector);
  const byKind = groupBy(config, "kind");
  const slowBucket = reconcileBuckets.find((b) => b.seconds === config.reconcileSlow.slowerThan)!;
  const reconciles = sum(rate(gotkReconcileDuration.count().where(controllers).range("15m"))).by(
    ...byKind,
  );

  const records = {
    notReady: record(recordNames.notReady, union("notReady")),
    ready: record(recordNames.ready, union("ready")),
    suspended: record(recordNames.suspended, union("suspended")),
    // What the buckets can tell: the share above a boundary, not a quantile interpolated inside one.
    reconcileSlowShare: record(
      recordNames.reconcileSlowShare,
      reconciles
        .sub(
          sum(
            rate(
              gotkReconcileDuration
                .bucket()
                .where(controllers)
                .where({ le: re(slowBucket.leRegex) })
                .range("15m"),
            ),
          ).by(...byKind),
        )
        .div(reconciles),
    ),
  };

  const objectAlert = (
    name: "FluxKustomizationNotReady" | "FluxSourceNotReady",
    kinds: readonly string[],
    settings: FluxConfig["kustomizationNotReady"],
    what: string,
  ) =>
    alert(name, {
      expr: records.notReady
        .series()
        .where({ kind: kinds.length === 1 ? kinds[0]! : re(kinds.join("|")) })
        .eq(1),
      for: settings.for,
      severity: settings.severity,
      summary: `A Flux ${what} is not ready.`,
      description: (t) =>
        `${t.labels.kind} ${t.labels.exported_namespace}/${t.labels.name} is not ready (and not suspended).`,
      runbookUrl: runbookUrl(config, name),
      dashboardUrl: dashboardUrl(config, ["kind", "namespace"]),
      labels: extra,
    });

  // The record holds only not-ready objects (value 1): a join keeps that, and `== 1` comes last.
  const helmRelease = records.notReady.series().where({ kind: "HelmRelease" });
  const helmSettings = {
    for: config.helmReleaseNotReady.for,
    severity: config.helmReleaseNotReady.severity,
    summary: "A Flux HelmRelease is not ready.",
    runbookUrl: runbookUrl(config, "FluxHelmReleaseNotReady"),
    dashboardUrl: dashboardUrl(config, ["kind", "namespace"]),
    labels: extra,
  };
  // The chart and its version where the only source knows them. The join cannot drop a release:
  // its state comes from the very series it joins. With several sources it could, so it is left out.
  const only = config.sources.length === 1 ? config.sources[0] : undefined;
  const helmReleaseNotReady =
    only === "ksm"
      ? alert("FluxHelmReleaseNotReady", {
          ...helmSettings,
          expr: helmRelease
            .mul(
              max(
                gotkResourceInfo
                  .where(matchersOf(config.ksmSelector))
                  .where({ customresource_kind: "HelmRelease" }),
              ).by(...byObject, "chart_name", "revision"),
            )
            .on(...byObject)
            .groupLeft("chart_name", "revision")
            .eq(1),
          description: (t) =>
            `HelmRelease ${t.labels.exported_namespace}/${t.labels.name} (chart ${t.labels.chart_name} ${t.labels.revision}) is not ready (and not suspended).`,
        })
      : only === "flux-operator"
        ? alert("FluxHelmReleaseNotReady", {
            ...helmSettings,
            expr: helmRelease
              .mul(
                max(
                  fluxResourceInfo
                    .where(matchersOf(config.fluxOperatorSelector))
                    .where({ kind: "HelmRelease" }),
                ).by(...byObject, "revision"),
              )
              .on(...byObject)
              .groupLeft("revision")
              .eq(1),
            description: (t) =>
              `HelmRelease ${t.labels.exported_namespace}/${t.labels.name} (revision ${t.labels.revision}) is not ready (and not suspended).`,
          })
        : alert("FluxHelmReleaseNotReady", {
            ...helmSettings,
            expr: helmRelease.eq(1),
            description: (t) =>
              `HelmRelease ${t.labels.exported_namespace}/${t.labels.name} is not ready (and not suspended).`,
          });

  const sources = config.sources.map((s) => presence(config, s));
  const nothingFrom = sources
    .slice(1)
    .reduce<InstantVector<string>>((acc, s) => acc.and(absent(s)).on(), absent(sources[0]!));

  const alerts = {
    helmReleaseNotReady: helmReleaseNotReady as AlertingRule<string>,
    kustomizationNotReady: objectAlert(
      "FluxKustomizationNotReady",
      ["Kustomization"],
      config.kustomizationNotReady,
      "Kustomization",
    ),
    sourceNotReady: objectAlert("FluxSourceNotReady", sourceKinds, config.sourceNotReady, "source"),
    resourceSuspended: alert("FluxResourceSuspended", {
      expr: records.suspended.series().eq(1),
      for: config.resourceSuspended.for,
      severity: config.resourceSuspended.severity,
      summary: "A Flux object has been suspended for a long time.",
      description: (t) =>
        `${t.labels.kind} ${t.labels.exported_namespace}/${t.labels.name} has been suspended for more than ${config.resourceSuspended.for}; changes to it are not applied.`,
      runbookUrl: runbookUrl(config, "FluxResourceSuspended"),
      dashboardUrl: dashboardUrl(config, ["kind", "namespace"]),
      labels: extra,
    }),
    reconcileSlow: alert("FluxReconcileSlow", {
      expr: records.reconcileSlowShare.series().gt(config.reconcileSlow.share),
      for: config.reconcileSlow.for,
      severity: config.reconcileSlow.severity,
      summary: "Flux reconciles of a kind are slow.",
      description: (t) =>
        `${t.valueAsPercentage} of ${t.labels.kind} reconciles over the last 15 minutes took longer than ${slowBucket.seconds}s (the alert fires above ${percent(config.reconcileSlow.share)}).`,
      runbookUrl: runbookUrl(config, "FluxReconcileSlow"),
      dashboardUrl: dashboardUrl(config, ["kind"]),
      labels: extra,
    }),
    metricsAbsent: alert("FluxMetricsAbsent", {
      expr: nothingFrom,
      for: config.metricsAbsent.for,
      severity: config.metricsAbsent.severity,
      summary: "Flux object state has no series: Flux alerts are blind.",
      description: `No series from the configured Flux data source (${config.sources.join(", ")}): after a Flux upgrade the legacy gotk_reconcile_condition is gone, or kube-state-metrics lost its custom resource config.`,
      runbookUrl: runbookUrl(config, "FluxMetricsAbsent"),
      labels: extra,
      silence: [
        { check: "description-not-templated", reason: "absent() returns no object to name" },
        ...(sources.length > 1
          ? [
              {
                check: "cluster-label-dropped",
                reason:
                  "absent() results have no cluster label to match on: the sources are joined as a whole",
              },
            ]
          : []),
      ],
    }),
    controllerMetricsAbsent: alert("FluxControllerMetricsAbsent", {
      expr: absent(gotkReconcileDuration.count().where(matchersOf(config.controllerSelector))),
      for: config.metricsAbsent.for,
      severity: config.metricsAbsent.severity,
      summary: "The Flux controllers' metrics have no series.",
      description:
        "No gotk_reconcile_duration_seconds series from the Flux controllers: the PodMonitor is missing or does not match.",
      runbookUrl: runbookUrl(config, "FluxControllerMetricsAbsent"),
      labels: extra,
      silence: [
        { check: "description-not-templated", reason: "absent() returns no object to name" },
      ],
    }),
  };

  const groups = [
    group("flux.rules", Object.values(records)),
    group("flux.alerts", Object.values(alerts)),
  ];
  return { groups, records, alerts };
}
