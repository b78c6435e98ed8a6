/**
 * The "External Secrets" dashboard: pull (ExternalSecret) and push (PushSecret) status side by side,
 * stores, sync and provider errors, and the controllers. Object panels read the mixin's recording
 * rules, so the dashboard stays fast with tens of thousands of objects.
 */
import { dashboard, type DashboardBuilder } from "../../dashboards/dashboard.js";
import {
  textPanel,
  statPanel,
  tablePanel,
  timeSeriesPanel,
} from "../../dashboards/panels/index.js";
import { thresholds } from "../../dashboards/fields.js";
import { row } from "../../dashboards/row.js";
import { queryVariable } from "../../dashboards/variables.js";
import { count, max, sum } from "../../promql/aggregations.js";
import { histogramQuantile } from "../../promql/functions.js";
import { re } from "../../promql/selector.js";
import { up, workqueueDepth } from "../common/controller-runtime.js";
import { groupBy, labelRenames, matchersOf, relabeler } from "../common/labels.js";
import { ksmCatalog } from "./kube-state-metrics.js";
import { externalSecretCondition } from "./catalog.js";
import type { ExternalSecretsConfig } from "./config.js";
import { dashboardUid } from "./ids.js";
import type { ExternalSecretsRules } from "./rules.js";

export function externalSecretsDashboard(
  config: ExternalSecretsConfig,
  rules: ExternalSecretsRules,
): DashboardBuilder {
  const r = relabeler(labelRenames(config));
  const sel = matchersOf(config.selector);
  const clusterScope = config.clusterLabel ? { cluster: re("$cluster") } : {};
  const namespace = queryVariable("namespace", {
    title: "Namespace",
    label: r.label("exported_namespace"),
    selector: r.selector(externalSecretCondition.where(sel).where(clusterScope)),
  });
  const name = queryVariable("name", {
    title: "Name",
    label: r.label("name"),
    selector: r.selector(
      externalSecretCondition
        .where(sel)
        .where(clusterScope)
        .where({ exported_namespace: namespace.matcher() }),
    ),
  });
  const inNamespace = { ...clusterScope, exported_namespace: namespace.matcher() } as const;
  const objects = { ...inNamespace, name: name.matcher() } as const;
  const rec = rules.records;
  const objectLegend = r.legend("{{exported_namespace}}/{{name}}");

  const count1 = (
    what: string,
    description: string,
    expr: Parameters<typeof count>[0],
    bad: boolean,
  ) =>
    statPanel(what, { unit: "none", description, width: 4 })
      .query(r.expr(count(expr)), { legend: what })
      .field({ noValue: "0" })
      .thresholds(bad ? thresholds("green", [1, "red"]) : thresholds("green"));

  const overview = [
    count1(
      "ExternalSecrets not ready",
      "ExternalSecrets every reporting controller replica sees as Ready=False.",
      rec.externalSecretNotReady.series().where(inNamespace).eq(1),
      true,
    ),
    count1(
      "ExternalSecrets ready",
      "ExternalSecrets at least one controller replica sees as ready.",
      rec.externalSecretNotReady.series().where(inNamespace).eq(0),
      false,
    ),
    ...(rec.pushSecretNotReady
      ? [
          count1(
            "PushSecrets not ready",
            "PushSecrets every reporting controller replica sees as Ready=False.",
            rec.pushSecretNotReady.series().where(inNamespace).eq(1),
            true,
          ),
          count1(
            "PushSecrets ready",
            "PushSecrets at least one controller replica sees as ready.",
            rec.pushSecretNotReady.series().where(inNamespace).eq(0),
            false,
          ),
        ]
      : []),
    ...(rec.secretStoreNotReady
      ? [
          count1(
            "Stores not ready",
            "SecretStores and ClusterSecretStores that are not ready: ExternalSecrets using them cannot sync.",
            rec.secretStoreNotReady.series().where(clusterScope).eq(1),
            true,
          ),
        ]
      : []),
    count1(
      "ExternalSecrets with sync errors",
      "ExternalSecrets that failed to sync at least once in the last 15 minutes.",
      rec.syncErrors.series().where(inNamespace).gt(0),
      true,
    ),
  ];

  const notReady = rec.externalSecretNotReady.series().where(objects).eq(1);
  const ksm = config.kubeStateMetrics;
  // With kube-state-metrics, the API server's Ready reason and message join each not-ready object.
  const objectBy = groupBy(config, "exported_namespace", "name");
  const notReadyTable = tablePanel("Not ready ExternalSecrets", {
    unit: "none",
    description: ksm.enabled
      ? "ExternalSecrets that are not ready, with the reason and message of their Ready condition."
      : "ExternalSecrets that are not ready; kubectl describe shows the reason.",
    width: 12,
  }).query(
    r.expr(
      ksm.enabled
        ? notReady
            .mul(
              max(ksmCatalog.externalSecretInfo.where(matchersOf(ksm.selector)).where(objects)).by(
                ...objectBy,
                "reason",
                "message",
              ),
            )
            .on(...objectBy)
            .groupLeft("reason", "message")
        : notReady,
    ),
    { format: "table", type: "instant" },
  );
  const pushTable = rec.pushSecretNotReady
    ? [
        tablePanel("Not ready PushSecrets", {
          unit: "none",
          description:
            "PushSecrets that are not ready. A deleted PushSecret stays here until the controller restarts.",
          width: 12,
        }).query(r.expr(rec.pushSecretNotReady.series().where(objects).eq(1)), {
          format: "table",
          type: "instant",
        }),
      ]
    : [];
  const byNamespace = (title: string, counts: typeof rec.externalSecretNotReadyCount) =>
    timeSeriesPanel(title, {
      unit: "none",
      description: `${title} over time.`,
      width: 12,
    }).query(r.expr(counts.series().where(inNamespace)), {
      legend: r.legend("{{exported_namespace}}"),
    });
  const statusRow = row("Pull and push status", [
    notReadyTable,
    ...pushTable,
    byNamespace("ExternalSecrets not ready by namespace", rec.externalSecretNotReadyCount),
    ...(rec.pushSecretNotReadyCount
      ? [byNamespace("PushSecrets not ready by namespace", rec.pushSecretNotReadyCount)]
      : []),
  ]);

  const syncRow = row("Syncs and providers", [
    timeSeriesPanel("Sync errors in 15 minutes", {
      unit: "none",
      description: "Failed syncs per ExternalSecret over the last 15 minutes.",
      width: 12,
    }).query(r.expr(rec.syncErrors.series().where(objects)), { legend: objectLegend }),
    ...(rec.providerErrorRatio
      ? [
          timeSeriesPanel("Provider error ratio", {
            unit: "percentunit",
            description: "Share of calls to each secret provider's API that fail, by call (5m).",
            width: 12,
          }).query(r.expr(rec.providerErrorRatio.series().where(clusterScope)), {
            legend: r.legend("{{provider}} {{call}}"),
          }),
        ]
      : []),
    ...(rec.providerCalls
      ? [
          timeSeriesPanel("Provider calls", {
            unit: "reqps",
            description:
              "Calls to the secret providers' APIs per second, by provider, call and status.",
            width: 12,
          }).query(r.expr(rec.providerCalls.series().where(clusterScope)), {
            legend: r.legend("{{provider}} {{call}} {{status}}"),
          }),
        ]
      : []),
  ]);

  const storesRow = rec.secretStoreNotReady
    ? [
        row("Stores", [
          tablePanel("Not ready stores", {
            unit: "none",
            description:
              "SecretStores and ClusterSecretStores (empty namespace) that are not ready.",
            width: 24,
          }).query(r.expr(rec.secretStoreNotReady.series().where(clusterScope).eq(1)), {
            format: "table",
            type: "instant",
          }),
        ]),
      ]
    : [];

  const controllerScope = { ...sel, ...clusterScope };
  const latency = (q: number) =>
    histogramQuantile(
      q,
      sum(rec.reconcileTimeBuckets.series().where(clusterScope)).by("le", "controller"),
    );
  const controllersRow = row("Controllers", [
    timeSeriesPanel("Reconcile latency", {
      unit: "s",
      description: "p50 and p99 of the time one reconcile takes, per controller (5m).",
      width: 8,
    })
      .query(r.expr(latency(0.5)), { legend: "p50 {{controller}}" })
      .query(r.expr(latency(0.99)), { legend: "p99 {{controller}}" }),
    timeSeriesPanel("Reconcile error ratio", {
      unit: "percentunit",
      description: "Share of reconciles that end in an error, per controller (5m).",
      width: 8,
    }).query(r.expr(rec.reconcileErrorRatio.series().where(clusterScope)), {
      legend: "{{controller}}",
    }),
    timeSeriesPanel("Workqueue depth", {
      unit: "none",
      description:
        "Objects waiting in each controller's workqueue; a growing queue means the controller falls behind.",
      width: 8,
    }).query(r.expr(max(workqueueDepth.where(controllerScope)).by("name")), {
      legend: "{{name}}",
    }),
  ]);

  // The components the presence alerts watch: the webhook's absence blocks every apply of an
  // ExternalSecret or store, the cert-controller's lets the webhook certificate expire.
  const components = [
    { legend: "controller", selector: config.selector, on: true },
    {
      legend: "webhook",
      selector: config.webhookMetricsAbsent.selector,
      on: config.webhookMetricsAbsent.enabled,
    },
    {
      legend: "cert-controller",
      selector: config.certControllerMetricsAbsent.selector,
      on: config.certControllerMetricsAbsent.enabled,
    },
  ].filter((c) => c.on);
  const componentsPanel = components.reduce(
    (panel, c) =>
      panel.query(r.expr(count(up.where(matchersOf(c.selector)).where(clusterScope).eq(1))), {
        legend: c.legend,
      }),
    timeSeriesPanel("Healthy targets", {
      unit: "none",
      description:
        "Targets at up 1 per component. The webhook admits every ExternalSecret and store change; the cert-controller renews the webhook's certificate.",
      width: 24,
    }),
  );
  const componentsRow = row("Components", [componentsPanel]);

  return dashboard("External Secrets", {
    uid: dashboardUid(config),
    tags: ["mixkit", "external-secrets"],
    description:
      "External Secrets Operator: ExternalSecret and PushSecret status, stores, sync and provider errors, controllers.",
    ...(config.clusterLabel ? { cluster: config.clusterLabel } : {}),
  })
    .variables(namespace, name)
    .panels(
      textPanel("About", {
        content:
          "Status counts take the minimum over controller replicas: an object counts as not ready only when every replica reporting on it says so. ClusterExternalSecret and ClusterPushSecret status is not shown: ESO never reports their failures.",
        width: 24,
        height: 2,
      }),
      ...overview,
    )
    .rows(statusRow, syncRow, ...storesRow, controllersRow, componentsRow);
}
