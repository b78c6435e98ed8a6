/**
 * Recording rules and alerts of the SPIRE mixin. An agent tries to sync with the server about every
 * 5 s; failing syncs (any gRPC status but `OK`) for 10 minutes page once per agent. An agent that
 * neither succeeds nor fails is caught separately, and not while it is already failing, so a server
 * outage raises exactly one alert per agent.
 */
import { dashboardLink, runbookLink } from "../common/links.js";
import { absent, increase, labelReplace, rate, time } from "../../promql/functions.js";
import { groupAggregate, min, sum } from "../../promql/aggregations.js";
import { parseDurationMs } from "../../promql/duration.js";
import { ne } from "../../promql/selector.js";
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
  agentStarted,
  agentSvidRotate,
  agentSyncEntries,
  caRotateExpiration,
  serverAttestAgent,
  serverStarted,
} from "./catalog.js";
import type { SpireConfig } from "./config.js";
import { dashboardUid } from "./ids.js";

export const recordNames = {
  syncRate: "host_status:spire_agent_manager_sync_fetch_entries_updates:rate5m",
  syncSuccessRatio: "host:spire_agent_manager_sync_fetch_entries_updates:success_ratio5m",
  caExpiresIn: "trust_domain_id:spire_server_manager_x509_ca_rotate_expiration:seconds_left",
} as const;

type Host = "cluster" | "host";

export interface SpireRules {
  readonly groups: RuleGroup[];
  readonly records: {
    readonly syncRate: RecordingRule<Host | "status">;
    readonly syncSuccessRatio: RecordingRule<Host>;
    readonly caExpiresIn: RecordingRule<"cluster" | "trust_domain_id">;
  };
  readonly alerts: {
    readonly agentSyncFailure: AlertingRule<Host>;
    readonly agentNoSuccessfulSync: AlertingRule<Host>;
    readonly agentSvidRotationFailure: AlertingRule<Host>;
    readonly caExpiringSoon: AlertingRule<"cluster" | "trust_domain_id">;
    readonly serverAttestationFailures: AlertingRule<"cluster" | "status">;
    readonly metricsAbsent: AlertingRule<string>;
  };
}

export function runbookUrl(config: SpireConfig, alertName: string): string {
  return runbookLink(config, "spire", alertName);
}

/** A link to the dashboard, filtered to the alert's agent or trust domain when it has one. */
function dashboardUrl(
  config: SpireConfig,
  vars: readonly ("agent" | "trust_domain")[],
): string | undefined {
  const params = vars.map(
    (v) => `var-${v}={{$labels.${v === "agent" ? "host" : "trust_domain_id"}}}`,
  );
  if (config.clusterLabel) params.unshift("var-cluster={{$labels.cluster}}");
  return dashboardLink(config, dashboardUid(config), "spire", params);
}

export function spireRules(config: SpireConfig): SpireRules {
  const agents = matchersOf(config.agentSelector);
  const servers = matchersOf(config.serverSelector);
  const byHost = groupBy(config, "host");
  const extra = config.extraAlertLabels;

  const syncRate = record(
    recordNames.syncRate,
    sum(rate(agentSyncEntries.where(agents).range("5m"))).by(...groupBy(config, "host", "status")),
  );
  const failing = sum(syncRate.series().where({ status: ne("OK") })).by(...byHost);
  const caExpiresIn = min(caRotateExpiration.where(servers))
    .by(...groupBy(config, "trust_domain_id"))
    .sub(time());
  const records = {
    syncRate,
    syncSuccessRatio: record(
      recordNames.syncSuccessRatio,
      // An agent that never succeeded has no OK series: its ratio is 0, not missing.
      sum(syncRate.series().where({ status: "OK" }))
        .by(...byHost)
        .or(
          sum(syncRate.series())
            .by(...byHost)
            .mul(0),
        )
        .div(sum(syncRate.series()).by(...byHost)),
    ),
    caExpiresIn: record(recordNames.caExpiresIn, caExpiresIn),
  };

  const window = config.agentNoSuccessfulSync.window;
  const succeeded = sum(
    increase(agentSyncEntries.where(agents).where({ status: "OK" }).range(window)),
  )
    .by(...byHost)
    .gt(0);
  const rotations = (status: "OK" | "failed") =>
    sum(
      rate(
        agentSvidRotate
          .where(agents)
          .where({ status: status === "OK" ? "OK" : ne("OK") })
          .range("15m"),
      ),
    ).by(...byHost);

  const alerts = {
    agentSyncFailure: alert("SPIREAgentSyncFailure", {
      expr: failing.gt(0),
      for: config.agentSyncFailure.for,
      severity: config.agentSyncFailure.severity,
      summary: "A SPIRE agent fails to sync with the server.",
      description: (t) =>
        `SPIRE agent ${t.labels.host} has been failing to sync entries with the server (${t.humanizedValue} failed syncs/s); its workloads keep their SVIDs only until they expire.`,
      runbookUrl: runbookUrl(config, "SPIREAgentSyncFailure"),
      dashboardUrl: dashboardUrl(config, ["agent"]),
      labels: extra,
    }),
    agentNoSuccessfulSync: alert("SPIREAgentNoSuccessfulSync", {
      // Every running agent without a success in the window; failing agents have their own alert.
      expr: groupAggregate(agentStarted.where(agents))
        .by(...byHost)
        .unless(succeeded)
        .on(...byHost)
        .unless(failing.gt(0))
        .on(...byHost),
      for: config.agentNoSuccessfulSync.for,
      severity: config.agentNoSuccessfulSync.severity,
      summary: "A SPIRE agent has stopped syncing with the server.",
      description: (t) =>
        `SPIRE agent ${t.labels.host} has had no successful sync for more than ${window}, without reporting errors either: it may be stuck.`,
      runbookUrl: runbookUrl(config, "SPIREAgentNoSuccessfulSync"),
      dashboardUrl: dashboardUrl(config, ["agent"]),
      labels: extra,
    }),
    agentSvidRotationFailure: alert("SPIREAgentSVIDRotationFailure", {
      expr: rotations("failed")
        .gt(0)
        .unless(rotations("OK").gt(0))
        .on(...byHost),
      for: config.agentSvidRotationFailure.for,
      severity: config.agentSvidRotationFailure.severity,
      summary: "A SPIRE agent fails to rotate its own SVID.",
      description: (t) =>
        `SPIRE agent ${t.labels.host} tries to rotate its SVID and fails, with no success in 15 minutes; when the SVID expires the agent must attest again.`,
      runbookUrl: runbookUrl(config, "SPIREAgentSVIDRotationFailure"),
      dashboardUrl: dashboardUrl(config, ["agent"]),
      labels: extra,
    }),
    caExpiringSoon: alert("SPIREServerCAExpiringSoon", {
      // Not from the record: another group may evaluate after this one, and time() moves on.
      expr: caExpiresIn.lt(parseDurationMs(config.caExpiringSoon.within) / 1000),
      for: config.caExpiringSoon.for,
      severity: config.caExpiringSoon.severity,
      summary: "The SPIRE server's X.509 CA expires soon or has expired.",
      description: (t) =>
        `The X.509 CA of trust domain ${t.labels.trust_domain_id} expires in ${t.valueAsDuration} (negative: already expired), within ${config.caExpiringSoon.within}: CA rotation is not happening.`,
      runbookUrl: runbookUrl(config, "SPIREServerCAExpiringSoon"),
      dashboardUrl: dashboardUrl(config, ["trust_domain"]),
      labels: extra,
    }),
    serverAttestationFailures: alert("SPIREServerAttestationFailures", {
      expr: sum(
        rate(
          serverAttestAgent
            .where(servers)
            .where({ status: ne("OK") })
            .range("5m"),
        ),
      )
        .by(...groupBy(config, "status"))
        .gt(0),
      for: config.serverAttestationFailures.for,
      severity: config.serverAttestationFailures.severity,
      summary: "Agents fail node attestation at the SPIRE server.",
      description: (t) =>
        `The SPIRE server keeps refusing agent attestations with status ${t.labels.status} (${t.humanizedValue}/s).`,
      runbookUrl: runbookUrl(config, "SPIREServerAttestationFailures"),
      dashboardUrl: dashboardUrl(config, []),
      labels: extra,
    }),
    metricsAbsent: alert("SPIREMetricsAbsent", {
      // absent() keeps no labels; `component` tells which side vanished.
      expr: labelReplace(absent(serverStarted.where(servers)), "component", "server", "", "").or(
        labelReplace(absent(agentStarted.where(agents)), "component", "agent", "", ""),
      ),
      for: config.metricsAbsent.for,
      severity: config.metricsAbsent.severity,
      summary: "SPIRE's metrics are missing.",
      description: (t) =>
        `No SPIRE ${t.labels.component} reports metrics: the SPIRE alerts are blind for it.`,
      runbookUrl: runbookUrl(config, "SPIREMetricsAbsent"),
      labels: extra,
      silence: [{ check: "alert-without-condition", reason: "absent() is the condition" }],
    }),
  };

  const groups = [
    group("spire.rules", Object.values(records)),
    group("spire.alerts", Object.values(alerts)),
  ];
  return { groups, records, alerts: alerts as SpireRules["alerts"] };
}
