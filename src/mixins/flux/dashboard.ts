/**
 * The "Flux" dashboard: ready, not ready and suspended objects per kind (from the recorded state,
 * whatever the data source), HelmRelease and Kustomization tables with chart, revision and source
 * where the source has them, reconcile durations by kind, and the controllers' control plane.
 */
import { dashboard, type DashboardBuilder } from "../../dashboards/dashboard.js";
import { thresholds } from "../../dashboards/fields.js";
import {
  barGaugePanel,
  tablePanel,
  textPanel,
  timeSeriesPanel,
} from "../../dashboards/panels/index.js";
import { row } from "../../dashboards/row.js";
import { queryVariable } from "../../dashboards/variables.js";
import { count, max, sum } from "../../promql/aggregations.js";
import { histogramQuantile, rate } from "../../promql/functions.js";
import { re } from "../../promql/selector.js";
import { reconcileTotal, workqueueDepth } from "../common/controller-runtime.js";
import { groupBy, labelRenames, matchersOf, relabeler } from "../common/labels.js";
import { fluxResourceInfo, gotkReconcileDuration, gotkResourceInfo } from "./catalog.js";
import type { FluxConfig } from "./config.js";
import { dashboardUid } from "./ids.js";
import type { FluxRules } from "./rules.js";

export function fluxDashboard(config: FluxConfig, rules: FluxRules): DashboardBuilder {
  const r = relabeler(labelRenames(config));
  const clusterScope = config.clusterLabel ? { cluster: re("$cluster") } : {};
  const rec = rules.records;
  const controllers = { ...matchersOf(config.controllerSelector), ...clusterScope };
  // Every object the controllers reconcile, ready or not, whatever the data source; "All" is any
  // value, so objects of a namespace or kind missing from the list still show.
  const reconciled = gotkReconcileDuration.count().where(controllers);
  const namespace = queryVariable("namespace", {
    title: "Namespace",
    label: r.label("exported_namespace"),
    selector: r.selector(reconciled),
    allValue: ".*",
  });
  const kind = queryVariable("kind", {
    title: "Kind",
    label: "kind",
    selector: r.selector(reconciled.where({ exported_namespace: namespace.matcher() })),
    allValue: ".*",
  });
  const scope = {
    ...clusterScope,
    exported_namespace: namespace.matcher(),
    kind: kind.matcher(),
  } as const;

  const perKind = (title: string, series: typeof rec.ready, color: "green" | "red" | "blue") =>
    barGaugePanel(title, {
      unit: "none",
      description: `${title}, per kind, in the selected namespaces.`,
      width: 8,
    })
      .query(r.expr(count(series.series().where(scope)).by("kind")), { legend: "{{kind}}" })
      .thresholds(thresholds(color));

  const statusRow = row("Status", [
    perKind("Ready", rec.ready, "green"),
    perKind("Not ready", rec.notReady, "red"),
    perKind("Suspended", rec.suspended, "blue"),
    tablePanel("Not ready objects", {
      unit: "none",
      description: "Objects whose Ready condition is False and that are not suspended.",
      width: 12,
    }).query(r.expr(rec.notReady.series().where(scope)), { format: "table", type: "instant" }),
    tablePanel("Suspended objects", {
      unit: "none",
      description: "Objects Flux does not reconcile until they are resumed.",
      width: 12,
    }).query(r.expr(rec.suspended.series().where(scope)), { format: "table", type: "instant" }),
  ]);

  // The tables of releases and Kustomizations need the labels of an info source.
  const inNamespace = { ...clusterScope, exported_namespace: namespace.matcher() } as const;
  const objectBy = groupBy(config, "exported_namespace", "name");
  const infoTables = config.sources.includes("ksm")
    ? [
        tablePanel("HelmReleases", {
          unit: "none",
          description: "Each HelmRelease with its chart, chart version and app version.",
          width: 12,
        }).query(
          r.expr(
            max(
              gotkResourceInfo
                .where(matchersOf(config.ksmSelector))
                .where({ ...inNamespace, customresource_kind: "HelmRelease" }),
            ).by(...objectBy, "ready", "chart_name", "revision", "chart_app_version"),
          ),
          { format: "table", type: "instant" },
        ),
        tablePanel("Kustomizations", {
          unit: "none",
          description: "Each Kustomization with its last applied revision and its source.",
          width: 12,
        }).query(
          r.expr(
            max(
              gotkResourceInfo
                .where(matchersOf(config.ksmSelector))
                .where({ ...inNamespace, customresource_kind: "Kustomization" }),
            ).by(...objectBy, "ready", "revision", "source_name"),
          ),
          { format: "table", type: "instant" },
        ),
      ]
    : config.sources.includes("flux-operator")
      ? [
          tablePanel("HelmReleases", {
            unit: "none",
            description: "Each HelmRelease with its revision.",
            width: 12,
          }).query(
            r.expr(
              max(
                fluxResourceInfo
                  .where(matchersOf(config.fluxOperatorSelector))
                  .where({ ...inNamespace, kind: "HelmRelease" }),
              ).by(...objectBy, "ready", "revision"),
            ),
            { format: "table", type: "instant" },
          ),
          tablePanel("Kustomizations", {
            unit: "none",
            description: "Each Kustomization with its revision and its source.",
            width: 12,
          }).query(
            r.expr(
              max(
                fluxResourceInfo
                  .where(matchersOf(config.fluxOperatorSelector))
                  .where({ ...inNamespace, kind: "Kustomization" }),
              ).by(...objectBy, "ready", "revision", "source_name"),
            ),
            { format: "table", type: "instant" },
          ),
        ]
      : [];
  const releasesRow = infoTables.length > 0 ? [row("Releases and Kustomizations", infoTables)] : [];

  const durations = gotkReconcileDuration
    .bucket()
    .where({ ...controllers, kind: kind.matcher() })
    .range("$__rate_interval");
  const p = (q: number) =>
    histogramQuantile(q, sum(rate(durations)).by(...groupBy(config, "le", "kind")));
  const reconcileRow = row("Reconciliation", [
    timeSeriesPanel("Reconcile duration", {
      unit: "s",
      description: "p50 and p95 of the time one reconcile takes, per kind.",
      width: 12,
    })
      .query(r.expr(p(0.5)), { legend: "p50 {{kind}}" })
      .query(r.expr(p(0.95)), { legend: "p95 {{kind}}" }),
    timeSeriesPanel("Reconciles", {
      unit: "ops",
      description: "Reconciles per second, per kind.",
      width: 12,
    }).query(
      r.expr(
        sum(
          rate(
            gotkReconcileDuration
              .count()
              .where({ ...controllers, kind: kind.matcher() })
              .range("$__rate_interval"),
          ),
        ).by("kind"),
      ),
      { legend: "{{kind}}" },
    ),
    // What FluxReconcileSlow reads, with its threshold: the share above a bucket boundary.
    timeSeriesPanel("Slow reconciles", {
      unit: "percentunit",
      description: `Share of each kind's reconciles over 15 minutes that took longer than ${config.reconcileSlow.slowerThan}s (reconcileSlow.slowerThan, a bucket boundary of the histogram); FluxReconcileSlow fires when it stays above ${Number((config.reconcileSlow.share * 100).toPrecision(4))}% (reconcileSlow.share, the red threshold) for ${config.reconcileSlow.for}.`,
      width: 24,
    })
      .query(
        r.expr(rec.reconcileSlowShare.series().where({ ...clusterScope, kind: kind.matcher() })),
        { legend: "{{kind}}" },
      )
      .thresholds(thresholds("green", [config.reconcileSlow.share, "red"])),
  ]);

  const controlPlaneRow = row("Control plane", [
    timeSeriesPanel("Reconcile errors", {
      unit: "ops",
      description: "Reconciles that end in an error, per controller.",
      width: 12,
    }).query(
      r.expr(
        sum(
          rate(reconcileTotal.where({ ...controllers, result: "error" }).range("$__rate_interval")),
        ).by("controller"),
      ),
      { legend: "{{controller}}" },
    ),
    timeSeriesPanel("Workqueue depth", {
      unit: "none",
      description:
        "Objects waiting in each controller's queue; a growing queue means it falls behind.",
      width: 12,
    }).query(r.expr(max(workqueueDepth.where(controllers)).by("name")), { legend: "{{name}}" }),
  ]);

  return dashboard("Flux", {
    uid: dashboardUid(config),
    tags: ["mixkit", "flux"],
    description:
      "Flux objects (ready, not ready, suspended), releases, reconciliation and the controllers.",
    ...(config.clusterLabel ? { cluster: config.clusterLabel } : {}),
  })
    .variables(namespace, kind)
    .panels(
      textPanel("About", {
        content: `Object state from ${config.sources.join(" and ")}. Suspended objects never count as not ready.`,
        width: 24,
        height: 2,
      }),
    )
    .rows(statusRow, ...releasesRow, reconcileRow, controlPlaneRow);
}
