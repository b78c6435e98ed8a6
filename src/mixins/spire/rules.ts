/**
 * Recording rules and alerts of the SPIRE mixin. An agent tries to sync with the server about every
 * 5 s. An agent that fails most of its syncs raises a warning; a share of the fleet failing pages,
 * once per cluster, so a server outage or rollout pages once rather than once per node. An agent that
 * neither succeeds nor fails is caught separately, and not while it is already failing. The CA alert
 * sits below the point where SPIRE activates the next CA (see rotation.ts); preparation failures warn
 * hours earlier, and a server without the CA gauge (before SPIRE v1.13.3) is reported as unmonitored.
 * The server's datastore reads, entry fetches and signing calls alert on their failing share over
 * 10 minutes, per server; the server count is checked when the expected one is given; presence is
 * judged per cluster and per component.
 */
import { dashboardLink, runbookLink } from "../common/links.js";
import { increase, labelReplace, rate, time } from "../../promql/functions.js";
import { count, groupAggregate, min, sum } from "../../promql/aggregations.js";
import { formatDuration, parseDurationMs, type DurationLiteral } from "../../promql/duration.js";

import { ne, nre, type Matcher, type Matchers } from "../../promql/selector.js";
import {
  alert,
  group,
  record,
  type AlertingRule,
  type RecordingRule,
  type RuleGroup,
} from "../../rules/model.js";
import { clusterLabel, type CatalogMetric, type ScrapedLabels } from "../../catalog/define.js";
import type { InstantVector } from "../../promql/expr.js";
import { groupBy, matchersOf, versionAtLeast } from "../common/labels.js";
import { presenceLost } from "../common/presence.js";
import {
  agentStarted,
  agentSvidRotate,
  agentSyncEntries,
  caRotateExpiration,
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
import { caExpiringSoonWithin, caExpiryGaugeSince, type SpireConfig } from "./config.js";
import { dashboardUid } from "./ids.js";

/** The window of the server error ratios: a single failed call never lasts a `for` above it. */
export const serverErrorWindow = "10m";

/** A call counter by gRPC status and host: SPIRE's call counters share labels, so one type serves. */
export type CallCounter = CatalogMetric<string, "counter", ScrapedLabels<"status" | "host", never>>;

/** 0.5 as "50%", 0.005 as "0.5%". */
const formatPercent = (share: number) => `${Number((share * 100).toPrecision(6))}%`;

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
    /** Left out when `version` predates the CA expiry gauge (v1.13.3). */
    readonly caExpiresIn: RecordingRule<"cluster" | "trust_domain_id"> | undefined;
  };
  readonly alerts: {
    readonly agentSyncFailure: AlertingRule<Host>;
    readonly agentFleetSyncFailure: AlertingRule<"cluster">;
    readonly agentNoSuccessfulSync: AlertingRule<Host>;
    readonly agentSvidRotationFailure: AlertingRule<Host>;
    /** Left out when `version` predates the CA expiry gauge (v1.13.3). */
    readonly caExpiringSoon: AlertingRule<"cluster" | "trust_domain_id"> | undefined;
    readonly caPreparationFailure: AlertingRule<Host>;
    readonly caExpiryUnmonitored: AlertingRule<Host | "trust_domain_id" | "version">;
    readonly serverAttestationFailures: AlertingRule<"cluster" | "status">;
    readonly serverDatastoreErrors: AlertingRule<Host>;
    readonly serverEntryFetchErrors: AlertingRule<Host>;
    readonly serverSvidSigningErrors: AlertingRule<Host>;
    /** Left out unless `serverReplicasMissing.expected` is set. */
    readonly serverReplicasMissing: AlertingRule<"cluster" | "trust_domain_id"> | undefined;
    readonly metricsAbsent: AlertingRule<string>;
  };
}

/** The success ratio below which an agent fails: printed as it reads (1 - 0.07 is 0.9299999999999999). */
export const minSyncSuccess = (config: Pick<SpireConfig, "agentSyncFailure">) =>
  Number((1 - config.agentSyncFailure.ratio).toPrecision(12));

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
  const hasCaGauge = versionAtLeast(config.version, caExpiryGaugeSince);
  const within = caExpiringSoonWithin(config);
  const withinText = formatDuration(within * 1000);

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
      // An agent that never succeeded has no OK series: its other series, times 0, make its
      // ratio 0, not missing.
      sum(syncRate.series().where({ status: "OK" }).or(syncRate.series().mul(0)))
        .by(...byHost)
        .div(sum(syncRate.series()).by(...byHost)),
      {
        silence: [
          {
            check: 'mutant: aggregation sum→max at {status="OK"} or',
            reason:
              "besides an agent's OK rate the sum adds only zeros, and rates are never negative: the largest of them is the OK rate, as their sum is",
          },
        ],
      },
    ),
    caExpiresIn: hasCaGauge ? record(recordNames.caExpiresIn, caExpiresIn) : undefined,
  };
  const minSuccess = minSyncSuccess(config);
  const failingAgents = records.syncSuccessRatio.series().lt(minSuccess);
  // Agents counted per cluster: `count by (cluster)`, or plain `count` with one cluster.
  const perCluster = (v: InstantVector<Host>): InstantVector<"cluster"> =>
    config.clusterLabel ? count(v).by(clusterLabel) : count(v);

  const window = config.agentNoSuccessfulSync.window;
  const succeeded = sum(
    increase(agentSyncEntries.where(agents).where({ status: "OK" }).range(window)),
  )
    .by(...byHost)
    .gt(0);
  /** Sums by host compared `> 0`, of values never negative: their max and average would do. */
  const sumsAboveZero = (what: string) =>
    (["max", "avg"] as const).map((to) => ({
      check: `mutant: aggregation sum→${to}` as const,
      reason: `${what}, never negative, compared \`> 0\`: the ${to === "max" ? "largest" : "average"} by host is above 0 exactly when the sum is, and the description prints no value`,
    }));
  /*
   * A host whose calls failed in the window with none succeeding: the SVID rotations of an agent,
   * the CA preparations of a server.
   */
  const failingWithoutSuccess = (
    counter: CallCounter,
    selector: Matchers<never>,
    range: DurationLiteral,
  ) => {
    const calls = (status: string | Matcher) =>
      sum(rate(counter.where(selector).where({ status }).range(range))).by(...byHost);
    return calls(ne("OK"))
      .gt(0)
      .unless(calls("OK").gt(0))
      .on(...byHost);
  };
  const withoutSuccessSilences = [
    ...sumsAboveZero("both sides are rates"),
    {
      check: 'mutant: matcher -status at status!="OK"' as const,
      reason:
        "with the failed statuses widened to all, a host still passes only without a success in the window (the `unless`), and then all its calls are failures: the same hosts pass",
    },
  ];

  /*
   * The failing share of a server's calls over the window. Several counters are told apart by a
   * `call` label first: rate() drops the metric name, and `or` would keep only one of them.
   */
  const serverErrorRatio = (counters: readonly CallCounter[], failed: Matcher) => {
    const rates = (status?: Matcher) =>
      counters
        .map((c) => {
          const r = rate(
            (status ? c.where({ status }) : c).where(servers).range(serverErrorWindow),
          );
          return counters.length > 1 ? labelReplace(r, "call", c.meta.name, "", "") : r;
        })
        .reduce((all, r) => all.or(r));
    return sum(rates(failed))
      .by(...byHost)
      .div(sum(rates()).by(...byHost));
  };
  const errorRatioAlert = (
    name: string,
    settings: SpireConfig["serverDatastoreErrors"],
    ratio: InstantVector<Host>,
    what: { summary: string; calls: string; impact: string },
  ) =>
    alert(name, {
      expr: ratio.gt(settings.ratio),
      for: settings.for,
      severity: settings.severity,
      summary: what.summary,
      description: (t) =>
        `SPIRE server ${t.labels.host}: ${t.valueAsPercentage} of its ${what.calls} failed over ${serverErrorWindow} (alerting above ${formatPercent(settings.ratio)}); ${what.impact}`,
      runbookUrl: runbookUrl(config, name),
      dashboardUrl: dashboardUrl(config, []),
      labels: extra,
      silence: [
        {
          check: "mutant: unwrap label_replace",
          reason:
            "the `call` label only keeps the two counters' series apart under `or`: with one of the two left unlabelled they still differ by it, and the sums by host are the same",
        },
      ],
    });
  // Canceled: the caller gave up (an agent shutting down), not a fault of the server.
  const rpcFailed = nre("OK|Canceled");
  const replicas = config.serverReplicasMissing.expected;

  const alerts = {
    agentSyncFailure: alert("SPIREAgentSyncFailure", {
      expr: failingAgents,
      for: config.agentSyncFailure.for,
      severity: config.agentSyncFailure.severity,
      summary: "A SPIRE agent fails most of its syncs with the server.",
      description: (t) =>
        `SPIRE agent ${t.labels.host} succeeds in only ${t.valueAsPercentage} of its syncs with the server (5m; alerting below ${formatPercent(minSuccess)}); its workloads keep their SVIDs only until they expire.`,
      runbookUrl: runbookUrl(config, "SPIREAgentSyncFailure"),
      dashboardUrl: dashboardUrl(config, ["agent"]),
      labels: extra,
    }),
    agentFleetSyncFailure: alert("SPIREAgentFleetSyncFailure", {
      // Agents failing over agents reporting, per cluster: one page for a server outage or rollout.
      expr: perCluster(failingAgents)
        .div(perCluster(records.syncSuccessRatio.series()))
        .gt(config.agentFleetSyncFailure.share),
      for: config.agentFleetSyncFailure.for,
      severity: config.agentFleetSyncFailure.severity,
      summary: "Many SPIRE agents fail to sync with the server.",
      description: (t) =>
        `${t.valueAsPercentage} of the SPIRE agents fail more than ${formatPercent(config.agentSyncFailure.ratio)} of their syncs with the server (5m; paging above ${formatPercent(config.agentFleetSyncFailure.share)}): the server or the path to it is failing.`,
      runbookUrl: runbookUrl(config, "SPIREAgentFleetSyncFailure"),
      dashboardUrl: dashboardUrl(config, []),
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
      silence: [
        ...sumsAboveZero("both sums are of increases and rates"),
        // A sync rate above 0 over 5m means a success inside a window at least that long.
        ...(parseDurationMs(window) >= 5 * 60_000
          ? [
              {
                check: 'mutant: matcher -status at rate5m{status!="OK"}' as const,
                reason: `an agent with a successful sync in the last 5m also has one in the ${window} window, so the first \`unless\` has already left it out: counting its OK rate with the failures changes nothing`,
              },
            ]
          : []),
      ],
    }),
    agentSvidRotationFailure: alert("SPIREAgentSVIDRotationFailure", {
      expr: failingWithoutSuccess(agentSvidRotate, agents, "15m"),
      for: config.agentSvidRotationFailure.for,
      severity: config.agentSvidRotationFailure.severity,
      summary: "A SPIRE agent fails to rotate its own SVID.",
      description: (t) =>
        `SPIRE agent ${t.labels.host} tries to rotate its SVID and fails, with no success in 15 minutes; when the SVID expires the agent must attest again.`,
      runbookUrl: runbookUrl(config, "SPIREAgentSVIDRotationFailure"),
      dashboardUrl: dashboardUrl(config, ["agent"]),
      labels: extra,
      silence: withoutSuccessSilences,
    }),
    caExpiringSoon: hasCaGauge
      ? alert("SPIREServerCAExpiringSoon", {
          // Not from the record: another group may evaluate after this one, and time() moves on.
          expr: caExpiresIn.lt(within),
          for: config.caExpiringSoon.for,
          severity: config.caExpiringSoon.severity,
          summary: "The SPIRE server's X.509 CA expires soon or has expired.",
          description: (t) =>
            `The X.509 CA of trust domain ${t.labels.trust_domain_id} expires in ${t.valueAsDuration} (negative: already expired), within ${withinText}, below the time left at which SPIRE activates the next CA: CA rotation is not happening.`,
          runbookUrl: runbookUrl(config, "SPIREServerCAExpiringSoon"),
          dashboardUrl: dashboardUrl(config, ["trust_domain"]),
          labels: extra,
        })
      : undefined,
    caPreparationFailure: alert("SPIREServerCAPreparationFailure", {
      expr: failingWithoutSuccess(serverCaPrepare, servers, "1h"),
      for: config.caPreparationFailure.for,
      severity: config.caPreparationFailure.severity,
      summary: "A SPIRE server fails to prepare its next X.509 CA.",
      description: (t) =>
        `SPIRE server ${t.labels.host} failed to prepare its next X.509 CA in the last hour, with no success: the CA it has will not be replaced when it is due.`,
      runbookUrl: runbookUrl(config, "SPIREServerCAPreparationFailure"),
      dashboardUrl: dashboardUrl(config, []),
      labels: extra,
      silence: withoutSuccessSilences,
    }),
    caExpiryUnmonitored: alert("SPIREServerCAExpiryUnmonitored", {
      // Per server: on a release with the gauge, the servers that do not report it.
      expr: hasCaGauge
        ? groupAggregate(serverStarted.where(servers))
            .by(...groupBy(config, "trust_domain_id", "host", "version"))
            .unless(caRotateExpiration.where(servers))
            .on(...byHost)
        : groupAggregate(serverStarted.where(servers)).by(
            ...groupBy(config, "trust_domain_id", "host", "version"),
          ),
      for: config.caExpiryUnmonitored.for,
      severity: config.caExpiryUnmonitored.severity,
      summary: "The expiry of a SPIRE server's X.509 CA is not monitored.",
      description: (t) =>
        hasCaGauge
          ? `SPIRE server ${t.labels.host} (version ${t.labels.version}, trust domain ${t.labels.trust_domain_id}) reports no ${caRotateExpiration.meta.name}, which SPIRE exports from ${caExpiryGaugeSince}: SPIREServerCAExpiringSoon cannot see its CA.`
          : `SPIRE server ${t.labels.host} (version ${t.labels.version}, trust domain ${t.labels.trust_domain_id}): the mixin is configured for SPIRE ${config.version}, older than ${caExpiryGaugeSince}, the first release with a CA expiry gauge, so CA expiry is not alerted on.`,
      runbookUrl: runbookUrl(config, "SPIREServerCAExpiryUnmonitored"),
      labels: extra,
      ...(hasCaGauge
        ? {}
        : {
            silence: [
              {
                check: "alert-without-condition" as const,
                reason: `a running server is the condition: the configured release predates the CA expiry gauge (${caExpiryGaugeSince})`,
              },
            ],
          }),
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
    serverDatastoreErrors: errorRatioAlert(
      "SPIREServerDatastoreErrors",
      config.serverDatastoreErrors,
      serverErrorRatio([serverDatastoreEntryList, serverDatastoreEntryEventList], ne("OK")),
      {
        summary: "A SPIRE server fails to read its registration entries from the datastore.",
        calls: "reads of registration entries (or their events) from the datastore",
        impact:
          "its entry cache goes stale: new and changed entries do not reach the agents, and new agents cannot attest.",
      },
    ),
    serverEntryFetchErrors: errorRatioAlert(
      "SPIREServerEntryFetchErrors",
      config.serverEntryFetchErrors,
      serverErrorRatio([serverSyncAuthorizedEntries, serverGetAuthorizedEntries], rpcFailed),
      {
        summary: "A SPIRE server fails the agents' registration entry fetches.",
        calls: "answers to the agents' entry syncs",
        impact: "its agents keep the entries they have, and miss every change.",
      },
    ),
    serverSvidSigningErrors: errorRatioAlert(
      "SPIREServerSVIDSigningErrors",
      config.serverSvidSigningErrors,
      serverErrorRatio([serverKeyManagerSign, serverBatchNewX509Svid], rpcFailed),
      {
        summary: "A SPIRE server fails to sign SVIDs.",
        calls: "signatures and BatchNewX509SVID calls",
        impact:
          "workloads get no new or renewed SVIDs from it and lose their identity when the ones they have expire.",
      },
    ),
    serverReplicasMissing:
      replicas === undefined
        ? undefined
        : alert("SPIREServerReplicasMissing", {
            // Each running server exports spire_server_started = 1; a missing one exports nothing.
            expr: count(serverStarted.where(servers))
              .by(...groupBy(config, "trust_domain_id"))
              .lt(replicas),
            for: config.serverReplicasMissing.for,
            severity: config.serverReplicasMissing.severity,
            summary: "Fewer SPIRE servers run than expected.",
            description: (t) =>
              `Only ${t.value} SPIRE server(s) of trust domain ${t.labels.trust_domain_id} report, of the ${replicas} expected: the servers left carry all the agents, and one more failure leaves none.`,
            runbookUrl: runbookUrl(config, "SPIREServerReplicasMissing"),
            dashboardUrl: dashboardUrl(config, ["trust_domain"]),
            labels: extra,
          }),
    metricsAbsent: alert("SPIREMetricsAbsent", {
      /*
       * Per cluster with a cluster label (presence.ts), for the servers and the agents apart:
       * `component` says which. Judged on the started gauges, which only a scraped, running
       * SPIRE exports: a target at up 0 has its series marked stale, so it counts as missing. The
       * selectors narrow SPIRE's own series, so `up` (which every job has) cannot stand for them.
       */
      expr: (["server", "agent"] as const)
        .map((component) => {
          const started =
            component === "server" ? serverStarted.where(servers) : agentStarted.where(agents);
          return labelReplace(
            presenceLost(config, {
              seen: started,
              healthy: started,
              lookback: config.metricsAbsent.lookback,
            }),
            "component",
            component,
            "",
            "",
          );
        })
        .reduce((all, lost) => all.or(lost)),
      for: config.metricsAbsent.for,
      severity: config.metricsAbsent.severity,
      summary: "SPIRE's metrics are missing.",
      description: (t) =>
        `No SPIRE ${t.labels.component} reports metrics: the SPIRE alerts are blind for it.`,
      runbookUrl: runbookUrl(config, "SPIREMetricsAbsent"),
      labels: extra,
      silence: [{ check: "alert-without-condition", reason: "absence is the condition" }],
    }),
  };

  const present = <T>(rules: readonly (T | undefined)[]) =>
    rules.filter((r): r is T => r !== undefined);
  const groups = [
    group("spire.rules", present(Object.values(records))),
    group("spire.alerts", present(Object.values(alerts))),
  ];
  return { groups, records, alerts: alerts as SpireRules["alerts"] };
}
