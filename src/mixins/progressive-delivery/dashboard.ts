/**
 * The "Progressive delivery" dashboard: Flagger canaries (state, traffic split, analysis metrics,
 * run durations, promotions and rollbacks) and Keptn (analysis and objective results, deployment
 * frequency, duration and failures, DORA-style). Upstream's Flagger dashboards use no flagger_*
 * metric at all; this one is built on them.
 */
import { dashboard, type DashboardBuilder } from "../../dashboards/dashboard.js";
import { mapValues } from "../../dashboards/fields.js";
import {
  stateTimelinePanel,
  tablePanel,
  textPanel,
  timeSeriesPanel,
} from "../../dashboards/panels/index.js";
import type { AnyPanel } from "../../dashboards/panels/index.js";
import { row } from "../../dashboards/row.js";
import { queryVariable } from "../../dashboards/variables.js";
import { max, sum } from "../../promql/aggregations.js";
import { histogramQuantile, increase, rate } from "../../promql/functions.js";
import { re } from "../../promql/selector.js";
import { groupBy, labelRenames, matchersOf, relabeler, versionAtLeast } from "../common/labels.js";
import {
  analysisResult,
  appCount,
  canaryDuration,
  canaryFailures,
  canaryMetricAnalysis,
  canaryStatus,
  canarySuccesses,
  canaryWeight,
  deploymentCount,
  deploymentDuration,
  objectiveResult,
} from "./catalog.js";
import type { ProgressiveDeliveryConfig } from "./config.js";
import { dashboardUid } from "./ids.js";

/** A panel only when the deployed version exposes its metric. */
function optional<P>(when: boolean, panel: () => P): P[] {
  return when ? [panel()] : [];
}

export function progressiveDeliveryDashboard(config: ProgressiveDeliveryConfig): DashboardBuilder {
  const r = relabeler(labelRenames(config));
  const clusterScope = config.clusterLabel ? { cluster: re("$cluster") } : {};
  const flaggerSel = { ...matchersOf(config.flagger.selector), ...clusterScope };
  const metricsOp = { ...matchersOf(config.keptn.metricsOperatorSelector), ...clusterScope };
  const lifecycle = { ...matchersOf(config.keptn.lifecycleOperatorSelector), ...clusterScope };

  const namespace = queryVariable("namespace", {
    title: "Namespace",
    label: r.label("exported_namespace"),
    selector: r.selector(
      config.flagger.enabled ? canaryStatus.where(flaggerSel) : analysisResult.where(metricsOp),
    ),
    // "All" means any namespace, also those of Keptn objects without a canary.
    allValue: ".*",
  });
  const canary = queryVariable("canary", {
    title: "Canary (target workload)",
    label: "name",
    selector: r.selector(
      canaryStatus.where({ ...flaggerSel, exported_namespace: namespace.matcher() }),
    ),
  });
  const inNamespace = { exported_namespace: namespace.matcher() } as const;
  const canaries = { ...flaggerSel, ...inNamespace, name: canary.matcher() } as const;
  const byCanary = groupBy(config, "exported_namespace", "name");
  const canaryLegend = r.legend("{{exported_namespace}}/{{name}}");

  const flaggerRows = config.flagger.enabled
    ? [
        row("Flagger canaries", [
          stateTimelinePanel("Canary state", {
            unit: "none",
            description:
              "Flagger's state per canary, named by its target workload: Progressing while an analysis runs, Failed after a rollback.",
            width: 24,
          })
            .query(r.expr(max(canaryStatus.where(canaries)).by(...byCanary)), {
              legend: canaryLegend,
            })
            .mappings(
              mapValues({
                0: { text: "Progressing", color: "blue" },
                1: { text: "Succeeded or waiting", color: "green" },
                2: { text: "Failed", color: "red" },
              }),
            ),
          timeSeriesPanel("Primary and canary weight", {
            unit: "percent",
            description:
              "Share of traffic on the primary (<target>-primary) and on the canary (<target>).",
            width: 12,
          }).query(
            r.expr(
              max(
                canaryWeight.where({
                  ...flaggerSel,
                  ...inNamespace,
                  workload: re(`${canary.ref}(-primary)?`),
                }),
              ).by("exported_namespace", "workload"),
            ),
            { legend: r.legend("{{exported_namespace}}/{{workload}}") },
          ),
          ...optional(versionAtLeast(config.flagger.version, "v1.20.0"), () =>
            timeSeriesPanel("Analysis metric values", {
              unit: "none",
              description:
                "The last value of each analysis metric (MetricTemplate or builtin) per canary.",
              width: 12,
            }).query(r.expr(max(canaryMetricAnalysis.where(canaries)).by(...byCanary, "metric")), {
              legend: r.legend("{{name}} {{metric}}"),
            }),
          ),
          timeSeriesPanel("Analysis run duration", {
            unit: "s",
            description: "p50 and p99 of the time one analysis run takes, per canary.",
            width: 12,
          })
            .query(
              r.expr(
                histogramQuantile(
                  0.5,
                  sum(rate(canaryDuration.bucket().where(canaries).range("$__rate_interval"))).by(
                    ...byCanary,
                    "le",
                  ),
                ),
              ),
              { legend: r.legend("p50 {{exported_namespace}}/{{name}}") },
            )
            .query(
              r.expr(
                histogramQuantile(
                  0.99,
                  sum(rate(canaryDuration.bucket().where(canaries).range("$__rate_interval"))).by(
                    ...byCanary,
                    "le",
                  ),
                ),
              ),
              { legend: r.legend("p99 {{exported_namespace}}/{{name}}") },
            ),
          ...optional(versionAtLeast(config.flagger.version, "v1.42.0"), () =>
            timeSeriesPanel("Promotions and rollbacks", {
              unit: "none",
              description:
                "Analyses ending in promotion or rollback per deployment strategy, per hour (Flagger 1.42 and later).",
              width: 12,
            })
              .query(
                r.expr(
                  sum(increase(canarySuccesses.where(canaries).range("1h"))).by(
                    "deployment_strategy",
                  ),
                ),
                { legend: "promoted {{deployment_strategy}}" },
              )
              .query(
                r.expr(
                  sum(increase(canaryFailures.where(canaries).range("1h"))).by(
                    "deployment_strategy",
                  ),
                ),
                { legend: "rolled back {{deployment_strategy}}" },
              )
              .silence(
                "target-rate-interval",
                "a fixed hour: promotions and rollbacks per hour, whatever the zoom",
              ),
          ),
        ]),
      ]
    : [];

  const keptnPanels: AnyPanel[] = config.keptn.enabled
    ? [
        tablePanel("Analysis results", {
          unit: "percent",
          description:
            "Achieved percentage of each Keptn Analysis run; from and to are its time frame.",
          width: 12,
        }).query(r.expr(analysisResult.where({ ...metricsOp, ...inNamespace })), {
          format: "table",
          type: "instant",
        }),
        tablePanel("Objective results", {
          unit: "none",
          description: "The value of each objective of the analyses, and whether it is a key one.",
          width: 12,
        }).query(r.expr(objectiveResult.where({ ...metricsOp, ...inNamespace })), {
          format: "table",
          type: "instant",
        }),
        timeSeriesPanel("Deployment frequency", {
          unit: "none",
          description: "Workload deployments per day by final status (DORA: deployment frequency).",
          width: 8,
        })
          .query(
            r.expr(
              sum(
                increase(
                  deploymentCount
                    .where({
                      ...lifecycle,
                      keptn_deployment_workload_namespace: namespace.matcher(),
                    })
                    .range("1d"),
                ),
              ).by("keptn_deployment_workload_status"),
            ),
            { legend: "{{keptn_deployment_workload_status}}" },
          )
          .silence("target-rate-interval", "a fixed day: deployments per day, whatever the zoom"),
        timeSeriesPanel("Deployment duration p95", {
          unit: "s",
          description: "How long workload deployments take, per workload (DORA: lead time).",
          width: 8,
        }).query(
          r.expr(
            histogramQuantile(
              0.95,
              sum(
                rate(
                  deploymentDuration
                    .bucket()
                    .where({
                      ...lifecycle,
                      keptn_deployment_workload_namespace: namespace.matcher(),
                    })
                    .range("$__rate_interval"),
                ),
              ).by("keptn_deployment_workload_name", "le"),
            ),
          ),
          { legend: "{{keptn_deployment_workload_name}}" },
        ),
        timeSeriesPanel("Failed app deployments", {
          unit: "none",
          description: "App deployments that failed, per day (DORA: change failure).",
          width: 8,
        })
          .query(
            r.expr(
              sum(
                increase(
                  appCount
                    .where({
                      ...lifecycle,
                      keptn_deployment_app_namespace: namespace.matcher(),
                      keptn_deployment_app_status: "Failed",
                    })
                    .range("1d"),
                ),
              ).by("keptn_deployment_app_name"),
            ),
            { legend: "{{keptn_deployment_app_name}}" },
          )
          .silence("target-rate-interval", "a fixed day: failures per day, whatever the zoom"),
      ]
    : [];
  const keptnRows = keptnPanels.length > 0 ? [row("Keptn (archived upstream)", keptnPanels)] : [];

  return dashboard("Progressive delivery", {
    uid: dashboardUid(config),
    tags: ["mixkit", "flagger", "keptn"],
    description: "Flagger canary analysis and Keptn analyses and deployments.",
    ...(config.clusterLabel ? { cluster: config.clusterLabel } : {}),
  })
    .variables(namespace, ...(config.flagger.enabled ? [canary] : []))
    .panels(
      textPanel("About", {
        content:
          "Flagger names a canary by its target workload. Keptn is archived by the CNCF; its panels stay for clusters that still run it.",
        width: 24,
        height: 2,
      }),
    )
    .rows(...flaggerRows, ...keptnRows);
}
