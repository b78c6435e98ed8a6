/** One dashboard: certificates not ready, and the time each has left. */
import {
  dashboard,
  max,
  re,
  statPanel,
  sum,
  thresholds,
  timeSeriesPanel,
  type DashboardBuilder,
  type Relabeler,
} from "mixkit";
import { readyStatus } from "./catalog.js";
import type { CertManagerConfig } from "./config.js";
import type { CertManagerRules } from "./rules.js";

export function certManagerDashboard(
  config: CertManagerConfig,
  { records }: CertManagerRules,
  relabel: Relabeler,
): DashboardBuilder {
  // With a cluster label, the dashboard has a cluster variable and every query follows it.
  const inCluster = config.clusterLabel ? { cluster: re("$cluster") } : {};
  const notReady = statPanel("Not ready", {
    unit: "none",
    description: "Certificates whose Ready condition is False.",
  })
    .query(
      relabel.expr(
        sum(
          max(readyStatus.where({ ...inCluster, condition: "False" }))
            .by("exported_namespace", "name")
            .eq(1),
        ),
      ),
      { legend: "not ready" },
    )
    .thresholds(thresholds("green", [1, "red"]));
  const timeLeft = timeSeriesPanel("Time left", {
    unit: "s",
    description: "Seconds until each issued certificate expires.",
  }).query(relabel.expr(records.secondsLeft.series().where(inCluster)), {
    legend: relabel.legend("{{exported_namespace}}/{{name}}"),
  });
  return dashboard("cert-manager", {
    uid: `${config.dashboardUidPrefix}cert-manager`,
    tags: ["mixkit", "cert-manager"],
    ...(config.clusterLabel ? { cluster: config.clusterLabel } : {}),
  }).panels(notReady, timeLeft);
}
