/**
 * The "SPIRE" dashboard: each agent's sync health over time and which gRPC codes occur, sync
 * latency, agent versions, SVID rotations, node attestation at the server, the CA countdown, and
 * the failed server calls the server error alerts read.
 */
import { dashboard, type DashboardBuilder } from "../../dashboards/dashboard.js";
import { thresholds } from "../../dashboards/fields.js";
import {
  barGaugePanel,
  pieChartPanel,
  stateTimelinePanel,
  statPanel,
  textPanel,
  timeSeriesPanel,
} from "../../dashboards/panels/index.js";
import { row } from "../../dashboards/row.js";
import { queryVariable } from "../../dashboards/variables.js";
import { count, max, sum } from "../../promql/aggregations.js";
import { rate } from "../../promql/functions.js";
import { nre, re } from "../../promql/selector.js";
import { labelRenames, matchersOf, relabeler } from "../common/labels.js";
import {
  agentStarted,
  agentSvidRotate,
  agentSyncEntriesTime,
  serverAttestAgent,
  serverBatchNewX509Svid,
  serverCaPrepare,
  serverDatastoreEntryEventList,
  serverDatastoreEntryList,
  serverGetAuthorizedEntries,
  serverKeyManagerSign,
  serverStarted,
  serverSyncAuthorizedEntries,
} from "./catalog.js";
import { caExpiringSoonWithin, type SpireConfig } from "./config.js";
import { dashboardUid } from "./ids.js";
import type { CallCounter, SpireRules } from "./rules.js";

export function spireDashboard(config: SpireConfig, rules: SpireRules): DashboardBuilder {
  const r = relabeler(labelRenames(config));
  const clusterScope = config.clusterLabel ? { cluster: re("$cluster") } : {};
  const agents = { ...matchersOf(config.agentSelector), ...clusterScope };
  const servers = { ...matchersOf(config.serverSelector), ...clusterScope };
  const rec = rules.records;
  const minSuccess = Number((1 - config.agentSyncFailure.ratio).toPrecision(12));

  const trustDomain = queryVariable("trust_domain", {
    title: "Trust domain",
    label: "trust_domain_id",
    selector: r.selector(serverStarted.where(servers)),
  });
  const agent = queryVariable("agent", {
    title: "Agent",
    label: "host",
    selector: r.selector(agentStarted.where({ ...agents, trust_domain_id: trustDomain.matcher() })),
  });
  const ofAgents = { ...clusterScope, host: agent.matcher() } as const;

  const syncRow = row("Agent sync", [
    stateTimelinePanel("Sync success per agent", {
      unit: "percentunit",
      description:
        "Share of each agent's syncs with the server that succeed (5m): green all, orange most, red where SPIREAgentSyncFailure fires.",
      width: 24,
    })
      .query(r.expr(rec.syncSuccessRatio.series().where(ofAgents)), { legend: "{{host}}" })
      // Orange between the alert's threshold and 99.9%, when the threshold is below 99.9%.
      .thresholds(
        minSuccess < 0.999
          ? thresholds("red", [minSuccess, "orange"], [0.999, "green"])
          : thresholds("red", [minSuccess, "green"]),
      ),
    statPanel("Agents failing to sync", {
      unit: "percentunit",
      description: `Share of the agents that fail more than ${Math.round(config.agentSyncFailure.ratio * 1000) / 10}% of their syncs (5m); SPIREAgentFleetSyncFailure pages above ${Math.round(config.agentFleetSyncFailure.share * 1000) / 10}%.`,
      width: 8,
    })
      .query(
        r.expr(
          count(rec.syncSuccessRatio.series().where(clusterScope).lt(minSuccess)).div(
            count(rec.syncSuccessRatio.series().where(clusterScope)),
          ),
        ),
        { legend: "failing" },
      )
      .field({ noValue: "0" })
      .thresholds(thresholds("green", [config.agentFleetSyncFailure.share, "red"])),
    pieChartPanel("Sync results by status", {
      unit: "reqps",
      description: "Syncs per second by gRPC status code: which errors occur, and how often.",
      width: 8,
    }).query(r.expr(sum(rec.syncRate.series().where(ofAgents)).by("status")), {
      legend: "{{status}}",
    }),
    timeSeriesPanel("Sync latency p99", {
      unit: "ms",
      description: "The 0.99 quantile of a successful sync's duration, per agent (summary).",
      width: 8,
    }).query(
      r.expr(
        max(
          agentSyncEntriesTime
            .quantiles()
            .where({ ...agents, host: agent.matcher(), quantile: "0.99", status: "OK" }),
        ).by("host"),
      ),
      { legend: "{{host}}" },
    ),
  ]);

  const agentsRow = row("Agents", [
    barGaugePanel("Agents by version", {
      unit: "none",
      description: "Running agents per SPIRE version in the trust domain.",
      width: 8,
    }).query(
      r.expr(
        count(agentStarted.where({ ...agents, trust_domain_id: trustDomain.matcher() })).by(
          "version",
        ),
      ),
      { legend: "{{version}}" },
    ),
    timeSeriesPanel("Agent SVID rotations", {
      unit: "ops",
      description: "Rotations of the agents' own SVIDs per second, by status.",
      width: 16,
    }).query(
      r.expr(
        sum(
          rate(
            agentSvidRotate.where({ ...agents, host: agent.matcher() }).range("$__rate_interval"),
          ),
        ).by("status"),
      ),
      { legend: "{{status}}" },
    ),
  ]);

  const within = caExpiringSoonWithin(config);
  const caExpiresIn = rec.caExpiresIn;
  const serverRow = row("Server", [
    ...(caExpiresIn
      ? [
          statPanel("X.509 CA expires in", {
            unit: "s",
            description:
              "Time left until the active X.509 CA of the trust domain expires (SPIRE v1.13.3 and later). A healthy server activates the next CA when min(ca_ttl / 6, 7d) is left; red below the alert's threshold.",
            width: 8,
          })
            .query(
              r.expr(
                caExpiresIn
                  .series()
                  .where({ ...clusterScope, trust_domain_id: trustDomain.matcher() }),
              ),
              {
                legend: "{{trust_domain_id}}",
              },
            )
            .thresholds(thresholds("red", [within, "green"])),
        ]
      : []),
    timeSeriesPanel("Node attestations", {
      unit: "ops",
      description: "Agent node attestations at the server per second, by status.",
      width: caExpiresIn ? 8 : 12,
    }).query(
      r.expr(sum(rate(serverAttestAgent.where(servers).range("$__rate_interval"))).by("status")),
      { legend: "{{status}}" },
    ),
    timeSeriesPanel("CA preparations", {
      unit: "ops",
      description:
        "Preparations of the servers' next X.509 CA per second, by status: SPIRE prepares at half the CA's lifetime (capped at 30d), hours before it activates it.",
      width: caExpiresIn ? 8 : 12,
    }).query(
      r.expr(sum(rate(serverCaPrepare.where(servers).range("$__rate_interval"))).by("status")),
      { legend: "{{status}}" },
    ),
  ]);

  // The calls the server error alerts read, failed ones only (`Canceled` is the caller's doing).
  const failedCalls: [string, CallCounter][] = [
    ["datastore entry list", serverDatastoreEntryList],
    ["datastore entry events", serverDatastoreEntryEventList],
    ["entry sync", serverSyncAuthorizedEntries],
    ["entry fetch", serverGetAuthorizedEntries],
    ["KeyManager sign", serverKeyManagerSign],
    ["BatchNewX509SVID", serverBatchNewX509Svid],
  ];
  const serverErrorsRow = row("Server errors", [
    failedCalls.reduce(
      (panel, [what, calls]) =>
        panel.query(
          r.expr(
            sum(
              rate(
                calls.where({ ...servers, status: nre("OK|Canceled") }).range("$__rate_interval"),
              ),
            ).by("host"),
          ),
          { legend: `{{host}} ${what}` },
        ),
      timeSeriesPanel("Failed server calls", {
        unit: "ops",
        description:
          "Failed calls per second per server: datastore reads of registration entries (SPIREServerDatastoreErrors), the agents' entry syncs (SPIREServerEntryFetchErrors), signatures and SVID signing calls (SPIREServerSVIDSigningErrors).",
        width: 24,
      }),
    ),
  ]);

  return dashboard("SPIRE", {
    uid: dashboardUid(config),
    tags: ["mixkit", "spire"],
    description: "SPIRE agents' sync with the server, SVID rotation, node attestation and the CA.",
    ...(config.clusterLabel ? { cluster: config.clusterLabel } : {}),
  })
    .variables(trustDomain, agent)
    .panels(
      textPanel("About", {
        content:
          "Agents sync with the server about every 5 s. A failing sync carries its gRPC status code; SPIRE durations are in milliseconds.",
        width: 24,
        height: 2,
      }),
    )
    .rows(syncRow, agentsRow, serverRow, serverErrorsRow);
}
