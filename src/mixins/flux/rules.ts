/**
 * Recording rules and alerts of the Flux mixin. Each data source has its own queries, all recorded
 * into the same three series (not ready, ready, suspended; labels kind, namespace, name), so alerts
 * and the dashboard do not depend on the source. Suspended objects never count as not ready.
 */
import { dashboardLink, runbookLink } from "../common/links.js";
import { labelReplace, rate } from "../../promql/functions.js";
import { count, groupAggregate, max, min, sum } from "../../promql/aggregations.js";
import type { InstantVector } from "../../promql/expr.js";
import { print } from "../../promql/printer.js";
import { re } from "../../promql/selector.js";
import {
  alert,
  group,
  record,
  type AlertingRule,
  type RecordingRule,
  type RuleGroup,
  type Silence,
} from "../../rules/model.js";
import { groupBy, matchersOf } from "../common/labels.js";
import { presenceLost } from "../common/presence.js";
import { reconcileTotal } from "../common/controller-runtime.js";
import {
  fluxInstanceInfo,
  fluxResourceInfo,
  gotkReconcileCondition,
  gotkReconcileDuration,
  gotkResourceInfo,
  gotkSuspendStatus,
} from "./catalog.js";
import { reconcileBuckets, type DataSource, type FluxConfig } from "./config.js";
import { dashboardUid } from "./ids.js";
import { fluxKinds } from "./kube-state-metrics.js";

export const sourceKinds = [
  "GitRepository",
  "OCIRepository",
  "HelmRepository",
  "Bucket",
  "HelmChart",
] as const;

export const imageAutomationKinds = [
  "ImageRepository",
  "ImagePolicy",
  "ImageUpdateAutomation",
] as const;

/** The kinds with a Ready condition: the others (Alert, Provider) are never unknown. */
const readyKinds = fluxKinds.filter((k) => k.ready).map((k) => k.kind);

export const recordNames = {
  notReady: "kind_namespace_name:flux_resource_status:not_ready",
  ready: "kind_namespace_name:flux_resource_status:ready",
  suspended: "kind_namespace_name:flux_resource_status:suspended",
  unknown: "kind_namespace_name:flux_resource_status:unknown",
  present: "kind:flux_resource_status:present",
  reconcileSlowShare: "kind:gotk_reconcile_duration_seconds:slow_ratio_rate15m",
} as const;

type ObjectLabel = "cluster" | "kind" | "exported_namespace" | "name";
type State = "notReady" | "ready" | "suspended" | "unknown";

export interface FluxRules {
  readonly groups: RuleGroup[];
  readonly records: {
    readonly notReady: RecordingRule<ObjectLabel>;
    readonly ready: RecordingRule<ObjectLabel>;
    readonly suspended: RecordingRule<ObjectLabel>;
    /** Objects whose Ready condition is Unknown or missing, not suspended. */
    readonly unknown: RecordingRule<ObjectLabel>;
    /** 1 for every kind the data sources report at least one object of. */
    readonly present: RecordingRule<"cluster" | "kind">;
    /** The share of a kind's reconciles slower than `reconcileSlow.slowerThan`, over 15 minutes. */
    readonly reconcileSlowShare: RecordingRule<"cluster" | "kind">;
  };
  readonly alerts: {
    readonly helmReleaseNotReady: AlertingRule<string>;
    readonly kustomizationNotReady: AlertingRule<ObjectLabel>;
    readonly sourceNotReady: AlertingRule<ObjectLabel>;
    readonly resourceSuspended: AlertingRule<ObjectLabel>;
    readonly resourceReadyUnknown: AlertingRule<ObjectLabel>;
    readonly imageAutomationNotReady: AlertingRule<ObjectLabel>;
    readonly receiverNotReady: AlertingRule<ObjectLabel>;
    readonly instanceNotReady?: AlertingRule<string>;
    readonly reconcileSlow: AlertingRule<"cluster" | "kind">;
    readonly metricsAbsent: AlertingRule<string>;
    readonly controllerMetricsAbsent: AlertingRule<string>;
    readonly kindMetricsAbsent: AlertingRule<"cluster" | "kind">;
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

/**
 * The object states as one data source reports them, with the labels kind, namespace, name: each
 * replica's view, before replicaSafe reconciles them.
 */
function reportedStates(
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
      return {
        notReady: state(info.where({ ready: "False" })),
        ready: state(info.where({ ready: "True" })),
        suspended: state(info.where({ suspended: "true" })),
        // No `ready` label: the object has no Ready condition yet.
        unknown: state(
          info.where({ ready: re("Unknown|"), customresource_kind: re(readyKinds.join("|")) }),
        ),
      };
    }
    case "flux-operator": {
      // flux-operator writes suspended as "True" or "False".
      const info = fluxResourceInfo.where(matchersOf(config.fluxOperatorSelector));
      // `ready` is Unknown also when there is no Ready condition (reporter/metrics.go).
      return {
        notReady: max(info.where({ ready: "False" })).by(...by),
        ready: max(info.where({ ready: "True" })).by(...by),
        suspended: max(info.where({ suspended: "True" })).by(...by),
        unknown: max(info.where({ ready: "Unknown" })).by(...by),
      };
    }
    case "legacy": {
      const sel = matchersOf(config.controllerSelector);
      // 1 for the current status, 0 for the others, per replica: min is "every replica says so".
      const condition = (status: string) =>
        min(gotkReconcileCondition.where(sel).where({ type: "Ready", status }))
          .by(...by)
          .eq(1);
      return {
        notReady: condition("False"),
        ready: condition("True"),
        suspended: max(gotkSuspendStatus.where(sel).eq(1)).by(...by),
        unknown: condition("Unknown"),
      };
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
  reported: Record<State, InstantVector<ObjectLabel>>,
): Record<State, InstantVector<ObjectLabel>> {
  const { suspended } = reported;
  return {
    notReady: reported.notReady
      .unless(reported.ready)
      .on(...by)
      .unless(suspended)
      .on(...by),
    ready: reported.ready.unless(suspended).on(...by),
    suspended,
    // Unknown only while no replica knows better.
    unknown: reported.unknown
      .unless(reported.ready)
      .on(...by)
      .unless(reported.notReady)
      .on(...by)
      .unless(suspended)
      .on(...by),
  };
}

/** The states each record takes out with `unless` (see replicaSafe). */
const takenOut: Record<State, readonly State[]> = {
  notReady: ["ready", "suspended"],
  ready: ["suspended"],
  suspended: [],
  unknown: ["ready", "notReady", "suspended"],
};

/** The kinds a data source reports at least one object of. */
function kindsReported(config: FluxConfig, source: DataSource): InstantVector<"cluster" | "kind"> {
  const by = groupBy(config, "kind");
  switch (source) {
    case "ksm":
      return groupAggregate(
        labelReplace(
          gotkResourceInfo.where(matchersOf(config.ksmSelector)),
          "kind",
          "$1",
          "customresource_kind",
          "(.*)",
        ),
      ).by(...by);
    case "flux-operator":
      return groupAggregate(fluxResourceInfo.where(matchersOf(config.fluxOperatorSelector))).by(
        ...by,
      );
    case "legacy":
      return groupAggregate(gotkReconcileCondition.where(matchersOf(config.controllerSelector))).by(
        ...by,
      );
  }
}

/**
 * The `max` over a state's series takes the largest of values that are all 1 (info series, or a
 * gauge already filtered by `== 1`): min and avg of them are 1 as well.
 */
const onlyOnes = {
  silence: (["max→min", "max→avg"] as const).map((op) => ({
    check: `mutant: aggregation ${op}`,
    reason:
      "every series aggregated by max here has the value 1 (gotk_resource_info and flux_resource_info are info series; gotk_suspend_status is filtered by == 1), so min and avg of them are 1 too",
  })),
};

/** A share as a percentage, e.g. 0.05 as "5%". */
function percent(share: number): string {
  return `${Number((share * 100).toPrecision(4))}%`;
}

export function fluxRules(config: FluxConfig): FluxRules {
  const byObject = groupBy(config, "exported_namespace", "name");
  const extra = config.extraAlertLabels;
  const reported = config.sources.map((s) => reportedStates(config, s));
  const byState = groupBy(config, "kind", "exported_namespace", "name");
  const perSource = reported.map((r) => replicaSafe(byState, r));
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

  // A state `unless`ed out of a record counts by its presence alone: max and sum of it are alike.
  const presenceOnly = (state: State) =>
    takenOut[state]
      .flatMap((rhs) => reported.map((q) => q[rhs].node))
      .filter((n) => n.type === "aggregate" && n.op === "max")
      .map((n) => ({
        check: `mutant: aggregation max→sum at ${print(n)}`,
        reason: `the right-hand side of "unless": only which objects it holds counts, not their values`,
      }));
  const silenced = (state: State, ...more: Silence[]) => ({
    silence: [...onlyOnes.silence, ...presenceOnly(state), ...more],
  });
  const records = {
    notReady: record(recordNames.notReady, union("notReady"), silenced("notReady")),
    ready: record(recordNames.ready, union("ready"), silenced("ready")),
    suspended: record(recordNames.suspended, union("suspended"), silenced("suspended")),
    unknown: record(
      recordNames.unknown,
      union("unknown"),
      silenced(
        "unknown",
        ...(config.sources.includes("ksm")
          ? [
              {
                check: 'mutant: matcher -ready at ready=~"Unknown|"',
                reason:
                  "a condition's status is True, False or Unknown, or the label is missing: the objects this matcher leaves out say True or False, and the record takes those out again (unless ready, unless not ready)",
              },
            ]
          : []),
      ),
    ),
    present: record(
      recordNames.present,
      config.sources
        .slice(1)
        .reduce<InstantVector<"cluster" | "kind">>(
          (acc, s) => acc.or(kindsReported(config, s)),
          kindsReported(config, config.sources[0]!),
        ),
    ),
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
    name:
      | "FluxKustomizationNotReady"
      | "FluxSourceNotReady"
      | "FluxImageAutomationNotReady"
      | "FluxReceiverNotReady",
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
    ...onlyOnes,
  };
  // Two replicas (during an upgrade), or two clusters without a cluster label, may disagree on the
  // chart or revision. A join on both would fail (many-to-many), and picking one (topk) would flip
  // the alert's labels from one evaluation to the next and restart its `for`: a release they
  // disagree on is named with the value "(several)".
  const withChart = <const G extends "chart_name" | "revision">(
    /** `max` of the release's info series by object and `labels`. */
    charts: InstantVector<(typeof byObject)[number] | G>,
    /** The same with `group`: how many values the series name for one release, not the values. */
    named: InstantVector<(typeof byObject)[number] | G>,
    labels: readonly G[],
  ) => {
    const disagreed = count(named)
      .by(...byObject)
      .gt(1);
    const joined = helmRelease
      .mul(charts.unless(disagreed).on(...byObject))
      .on(...byObject)
      .groupLeft(...labels);
    // Every not-ready release has its info series (its state is read from them): one they do not
    // disagree on is joined above.
    const several = labels.reduce<InstantVector<ObjectLabel | G>>(
      (v, l) => labelReplace(v, l, "(several)", "", ""),
      helmRelease.and(disagreed).on(...byObject),
    );
    return joined.or(several).eq(1);
  };
  // The chart and its version where the only source knows them. The join cannot drop a release:
  // its state comes from the very series it joins. With several sources it could, so it is left out.
  const only = config.sources.length === 1 ? config.sources[0] : undefined;
  const helmReleaseNotReady =
    only === "ksm"
      ? alert("FluxHelmReleaseNotReady", {
          ...helmSettings,
          expr: (() => {
            const info = gotkResourceInfo
              .where(matchersOf(config.ksmSelector))
              .where({ customresource_kind: "HelmRelease" });
            const labels = ["chart_name", "revision"] as const;
            return withChart(
              max(info).by(...byObject, ...labels),
              groupAggregate(info).by(...byObject, ...labels),
              labels,
            );
          })(),
          description: (t) =>
            // A release that never got as far as an install has no chart in its history yet.
            `HelmRelease ${t.labels.exported_namespace}/${t.labels.name}${t.ifLabel("chart_name", ` (chart ${t.labels.chart_name} ${t.labels.revision})`)} is not ready (and not suspended).`,
        })
      : only === "flux-operator"
        ? alert("FluxHelmReleaseNotReady", {
            ...helmSettings,
            expr: (() => {
              const info = fluxResourceInfo
                .where(matchersOf(config.fluxOperatorSelector))
                .where({ kind: "HelmRelease" });
              return withChart(
                max(info).by(...byObject, "revision"),
                groupAggregate(info).by(...byObject, "revision"),
                ["revision"],
              );
            })(),
            description: (t) =>
              `HelmRelease ${t.labels.exported_namespace}/${t.labels.name}${t.ifLabel("revision", ` (revision ${t.labels.revision})`)} is not ready (and not suspended).`,
          })
        : alert("FluxHelmReleaseNotReady", {
            ...helmSettings,
            expr: helmRelease.eq(1),
            description: (t) =>
              `HelmRelease ${t.labels.exported_namespace}/${t.labels.name} is not ready (and not suspended).`,
          });

  const present = records.present.series();
  const reconcilers = reconcileTotal.where(controllers);
  const trackedKinds = re(fluxKinds.map((k) => k.kind).join("|"));

  /** flux-operator's FluxInstance: the Flux installation itself; suspended by annotation. */
  const instanceAlert = () => {
    const info = fluxInstanceInfo.where(matchersOf(config.fluxOperatorSelector));
    const reported = (m: Parameters<typeof info.where>[0]) => max(info.where(m)).by(...byObject);
    return alert("FluxInstanceNotReady", {
      expr: reported({ ready: "False" })
        .unless(reported({ ready: "True" }))
        .on(...byObject)
        .unless(reported({ suspended: "True" }))
        .on(...byObject)
        .eq(1),
      for: config.instanceNotReady.for,
      severity: config.instanceNotReady.severity,
      summary: "The Flux installation (FluxInstance) is not ready.",
      description: (t) =>
        `FluxInstance ${t.labels.exported_namespace}/${t.labels.name} is not ready: flux-operator could not install or upgrade the Flux controllers.`,
      runbookUrl: runbookUrl(config, "FluxInstanceNotReady"),
      labels: extra,
    });
  };

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
    resourceReadyUnknown: alert("FluxResourceReadyUnknown", {
      expr: records.unknown.series().eq(1),
      for: config.resourceReadyUnknown.for,
      severity: config.resourceReadyUnknown.severity,
      summary: "A Flux object's readiness has been unknown for a long time.",
      description: (t) =>
        `${t.labels.kind} ${t.labels.exported_namespace}/${t.labels.name} has had Ready=Unknown (or no Ready condition) for more than ${config.resourceReadyUnknown.for}: its reconcile has not finished.`,
      runbookUrl: runbookUrl(config, "FluxResourceReadyUnknown"),
      dashboardUrl: dashboardUrl(config, ["kind", "namespace"]),
      labels: extra,
    }),
    imageAutomationNotReady: objectAlert(
      "FluxImageAutomationNotReady",
      imageAutomationKinds,
      config.imageAutomationNotReady,
      "image automation object",
    ),
    receiverNotReady: objectAlert(
      "FluxReceiverNotReady",
      ["Receiver"],
      config.receiverNotReady,
      "Receiver",
    ),
    ...(config.sources.includes("flux-operator") ? { instanceNotReady: instanceAlert() } : {}),
    metricsAbsent: alert("FluxMetricsAbsent", {
      // Per cluster with a cluster label: a cluster whose sources reported within the lookback.
      expr: presenceLost(config, {
        seen: present,
        healthy: present,
        lookback: config.metricsAbsent.lookback,
      }),
      for: config.metricsAbsent.for,
      severity: config.metricsAbsent.severity,
      summary: "Flux object state has no series: Flux alerts are blind.",
      description: `No Flux object from the configured data source (${config.sources.join(", ")}): after a Flux upgrade the legacy gotk_reconcile_condition is gone, or kube-state-metrics lost its custom resource config.`,
      runbookUrl: runbookUrl(config, "FluxMetricsAbsent"),
      labels: extra,
      silence: [
        { check: "description-not-templated", reason: "absent() returns no object to name" },
      ],
    }),
    controllerMetricsAbsent: alert("FluxControllerMetricsAbsent", {
      // Per reconciler: controller-runtime names each after its kind and sets its counters to 0 at
      // start, so a controller that is down, unscraped or at up 0 loses its series.
      expr: presenceLost(config, {
        seen: reconcilers,
        healthy: reconcilers,
        per: ["controller"],
        lookback: config.metricsAbsent.lookback,
      }),
      for: config.metricsAbsent.for,
      severity: config.metricsAbsent.severity,
      summary: "A Flux controller's metrics have no series.",
      description:
        "No controller_runtime_reconcile_total series from the Flux reconciler in the alert's controller label (helmrelease is helm-controller; no label: none was ever scraped): its controller is down, at up 0, or not scraped.",
      runbookUrl: runbookUrl(config, "FluxControllerMetricsAbsent"),
      labels: extra,
      silence: [
        {
          check: "description-not-templated",
          reason: "the controller label is missing when nothing was ever scraped",
        },
      ],
    }),
    kindMetricsAbsent: alert("FluxKindMetricsAbsent", {
      // The controllers reconcile objects of the kind; the data sources report none of them.
      expr: groupAggregate(
        gotkReconcileDuration.count().where(controllers).where({ kind: trackedKinds }),
      )
        .by(...byKind)
        .unless(present)
        .on(...byKind),
      for: config.kindMetricsAbsent.for,
      severity: config.kindMetricsAbsent.severity,
      summary: "Flux reconciles objects of a kind its data source does not report.",
      description: (t) =>
        `Flux reconciles ${t.labels.kind} objects, but ${config.sources.join(", ")} reports none: their readiness alerts are blind (missing RBAC, or an API version the config does not serve).`,
      runbookUrl: runbookUrl(config, "FluxKindMetricsAbsent"),
      dashboardUrl: dashboardUrl(config, ["kind"]),
      labels: extra,
    }),
  };

  const groups = [
    group("flux.rules", Object.values(records)),
    group("flux.alerts", Object.values(alerts)),
  ];
  return { groups, records, alerts };
}
