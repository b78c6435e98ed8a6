/**
 * promtool scenarios of the SPIRE mixin: every alert fires, stays quiet and resolves; one failed
 * sync among successes and an agent restart (a counter reset) page nobody; a server outage raises one
 * alert per agent and nothing else; a CA that expired or expires soon fires, one far away does not.
 */
import { at, before, minutes } from "../common/scenario-time.js";
import { parseDurationMs, type DurationLiteral } from "../../promql/duration.js";
import { missing, ramp, stale, steady, type Segment } from "../../testing/notation.js";
import {
  expectAlert,
  expectNoAlert,
  expectSamples,
  scenario,
  series,
  type InputSeries,
  type Scenario,
} from "../../testing/scenario.js";
import { absentLabels, exactLabels as exactSelectorLabels } from "../common/scenario-labels.js";
import {
  agentStarted,
  agentSvidRotate,
  agentSyncEntries,
  caRotateExpiration,
  serverAttestAgent,
  serverStarted,
} from "./catalog.js";
import type { SpireConfig } from "./config.js";
import type { SpireRules } from "./rules.js";

/** About one sync every 5 s: 12 a minute. */
const syncsPerMinute = 12;

/** Whether a `for` is longer than the 5m rate windows (by a minute: evaluations fall on minutes). */
const outlastsRateWindow = (d: DurationLiteral) => parseDurationMs(d) >= 6 * 60_000;

const exactLabels = (selector: SpireConfig["agentSelector"], path: string) =>
  exactSelectorLabels("spire", selector, path);

export function spireScenarios(config: SpireConfig, rules: SpireRules): Scenario[] {
  const cluster = config.clusterLabel ? { cluster: "prod" } : {};
  const agentTarget = (host: string) => ({
    namespace: "spire-system",
    ...exactLabels(config.agentSelector, "agentSelector"),
    ...cluster,
    pod: host,
    host,
  });
  const serverTarget = {
    namespace: "spire-system",
    ...exactLabels(config.serverSelector, "serverSelector"),
    ...cluster,
    pod: "spire-server-0",
    host: "spire-server-0",
  };
  const trustDomain = "example.org";
  const a = rules.alerts;
  const agent = (host: string) => ({ ...cluster, host }) as { cluster: string; host: string };

  /** An agent: its info series and its sync counters by status, over `length` minutes. */
  const agentSeries = (
    host: string,
    length: number,
    sync: { ok: Segment[]; failed?: Segment[] },
  ): InputSeries[] => [
    series(
      agentStarted,
      { ...agentTarget(host), version: "1.9.6", trust_domain_id: trustDomain },
      steady(1, length),
    ),
    series(agentSyncEntries, { ...agentTarget(host), status: "OK" }, ...sync.ok),
    ...(sync.failed
      ? [series(agentSyncEntries, { ...agentTarget(host), status: "Unavailable" }, ...sync.failed)]
      : []),
  ];
  const healthy = (n: number) => ramp(0, syncsPerMinute, n);
  const out: Scenario[] = [];

  {
    const alert = a.agentSyncFailure;
    const f = minutes(config.agentSyncFailure.for);
    const n = f + 30;
    out.push(
      scenario("SPIREAgentSyncFailure: fires when an agent keeps failing to sync", {
        series: agentSeries("spire-agent-a", n, {
          ok: [steady(100, n)],
          failed: [ramp(0, syncsPerMinute, n)],
        }),
        expect: [
          ...before(f).map((t) => expectNoAlert(alert, t)),
          expectAlert(alert, at(f + 5), agent("spire-agent-a"), { value: 0.2 }),
        ],
      }),
      scenario("SPIREAgentSyncFailure: stays quiet while the agent syncs", {
        series: agentSeries("spire-agent-a", n, { ok: [healthy(n)] }),
        expect: [expectNoAlert(alert, at(f + 5))],
      }),
      // One failure stays in the 5m rate window for 5 minutes: a `for` longer than that hides it.
      ...(outlastsRateWindow(config.agentSyncFailure.for)
        ? [
            scenario("SPIREAgentSyncFailure: one failed sync among successes pages nobody", {
              series: agentSeries("spire-agent-a", n, {
                ok: [healthy(n)],
                failed: [steady(0, 10), steady(1, n - 10)],
              }),
              expect: [expectNoAlert(alert, at(12)), expectNoAlert(alert, at(10 + f + 2))],
            }),
          ]
        : []),
      scenario("SPIREAgentSyncFailure: an agent restart (counter reset) pages nobody", {
        series: agentSeries("spire-agent-a", n, {
          ok: [ramp(500, syncsPerMinute, 10), ramp(0, syncsPerMinute, n - 10)],
          failed: [steady(3, 10), steady(0, n - 10)],
        }),
        expect: [expectNoAlert(alert, at(12)), expectNoAlert(alert, at(f + 10))],
      }),
      scenario("SPIREAgentSyncFailure: resolves when syncs succeed again", {
        // Failing for `for` + 10 minutes: at `for` + 8 the 5m window is full of failures.
        series: agentSeries("spire-agent-a", n, {
          ok: [steady(100, f + 10), ramp(100, syncsPerMinute, n - f - 10)],
          failed: [ramp(0, syncsPerMinute, f + 10), steady((f + 9) * syncsPerMinute, n - f - 10)],
        }),
        expect: [
          expectAlert(alert, at(f + 8), agent("spire-agent-a"), { value: 0.2 }),
          expectNoAlert(alert, at(f + 17)),
        ],
      }),
    );

    out.push(
      scenario("Sync success ratio: 0, not missing, for an agent that never synced", {
        series: [
          series(
            agentSyncEntries,
            { ...agentTarget("spire-agent-new"), status: "PermissionDenied" },
            ramp(0, syncsPerMinute, 10),
          ),
        ],
        expect: [
          expectSamples(rules.records.syncSuccessRatio.series(), at(8), [
            { labels: agent("spire-agent-new"), value: 0 },
          ]),
        ],
      }),
    );

    // A server outage: every agent fails at once. One alert per agent, nothing else.
    const hosts = ["spire-agent-a", "spire-agent-b", "spire-agent-c"];
    out.push(
      // The server still reports (it is unreachable, not gone): its own absence is a separate signal.
      scenario(
        "SPIREAgentSyncFailure: a server outage raises one alert per agent and nothing else",
        {
          series: [
            series(
              serverStarted,
              { ...serverTarget, version: "1.9.6", trust_domain_id: trustDomain },
              steady(1, n),
            ),
            ...hosts.flatMap((h) =>
              agentSeries(h, n, { ok: [steady(100, n)], failed: [ramp(0, syncsPerMinute, n)] }),
            ),
          ],
          expect: [
            ...hosts.map((h) => expectAlert(alert, at(f + 15), agent(h), { value: 0.2 })),
            expectNoAlert(a.agentNoSuccessfulSync, at(f + 15)),
            expectNoAlert(a.metricsAbsent, at(f + 15)),
          ],
        },
      ),
    );
  }

  {
    const alert = a.agentNoSuccessfulSync;
    const w = minutes(config.agentNoSuccessfulSync.window);
    const windowMinutes = parseDurationMs(config.agentNoSuccessfulSync.window) / 60_000;
    const f = minutes(config.agentNoSuccessfulSync.for);
    const n = w + f + 20;
    out.push(
      scenario("SPIREAgentNoSuccessfulSync: fires for an agent that neither syncs nor fails", {
        series: agentSeries("spire-agent-a", n, {
          ok: [healthy(10), steady(9 * syncsPerMinute, n - 10)],
        }),
        expect: [
          // The last sync is at sample 9: the window (closed at both ends) holds an increase
          // until 8 + window; the alert is pending from the evaluation after, for `for`.
          expectNoAlert(alert, at(Math.floor(8 + windowMinutes) + f)),
          expectAlert(alert, at(10 + w + f + 2), agent("spire-agent-a")),
        ],
      }),
      scenario("SPIREAgentNoSuccessfulSync: stays quiet while the agent syncs", {
        series: agentSeries("spire-agent-a", n, { ok: [healthy(n)] }),
        expect: [expectNoAlert(alert, at(n - 5))],
      }),
      scenario("SPIREAgentNoSuccessfulSync: resolves when the agent syncs again", {
        series: agentSeries("spire-agent-a", n + 10, {
          ok: [
            healthy(10),
            steady(9 * syncsPerMinute, w + f + 5),
            ramp(9 * syncsPerMinute + syncsPerMinute, syncsPerMinute, n + 10 - (w + f + 15)),
          ],
        }),
        expect: [
          expectAlert(alert, at(10 + w + f + 2), agent("spire-agent-a")),
          expectNoAlert(alert, at(10 + w + f + 8)),
        ],
      }),
    );
  }

  {
    const alert = a.agentSvidRotationFailure;
    const f = minutes(config.agentSvidRotationFailure.for);
    const n = f + 40;
    const rotations = (ok: Segment[], failed: Segment[]) => [
      series(agentSvidRotate, { ...agentTarget("spire-agent-a"), status: "OK" }, ...ok),
      series(
        agentSvidRotate,
        { ...agentTarget("spire-agent-a"), status: "Unavailable" },
        ...failed,
      ),
    ];
    out.push(
      scenario("SPIREAgentSVIDRotationFailure: fires while rotation keeps failing", {
        series: rotations([steady(4, n)], [ramp(0, 1, n)]),
        expect: [
          ...before(f).map((t) => expectNoAlert(alert, t)),
          expectAlert(alert, at(f + 20), agent("spire-agent-a")),
        ],
      }),
      scenario("SPIREAgentSVIDRotationFailure: stays quiet when a retry succeeds", {
        series: rotations([steady(4, 10), steady(5, n - 10)], [steady(0, 5), steady(1, n - 5)]),
        expect: [expectNoAlert(alert, at(f + 10))],
      }),
      scenario("SPIREAgentSVIDRotationFailure: resolves after a successful rotation", {
        series: rotations(
          [steady(4, f + 25), steady(5, n - f - 25)],
          [ramp(0, 1, f + 25), steady(f + 24, n - f - 25)],
        ),
        expect: [
          expectAlert(alert, at(f + 20), agent("spire-agent-a")),
          expectNoAlert(alert, at(f + 27)),
        ],
      }),
    );
  }

  {
    const alert = a.caExpiringSoon;
    const f = minutes(config.caExpiringSoon.for);
    const within = parseDurationMs(config.caExpiringSoon.within) / 1000;
    const n = f + 30;
    const td = { ...cluster, trust_domain_id: trustDomain } as {
      cluster: string;
      trust_domain_id: string;
    };
    // promtool's clock starts at 0: an expiry time is seconds after the start of the test.
    const expiry = (...v: Segment[]) =>
      series(caRotateExpiration, { ...serverTarget, trust_domain_id: trustDomain }, ...v);
    const at1 = (f + 5) * 60;
    out.push(
      scenario("SPIREServerCAExpiringSoon: fires for a CA that expires within the threshold", {
        series: [expiry(steady(within, n))],
        expect: [
          ...before(f).map((t) => expectNoAlert(alert, t)),
          expectAlert(alert, at(f + 5), td, { value: within - at1 }),
        ],
      }),
      scenario("SPIREServerCAExpiringSoon: fires for a CA that has already expired", {
        series: [expiry(steady(0, n))],
        expect: [expectAlert(alert, at(f + 5), td, { value: -at1 })],
      }),
      scenario("SPIREServerCAExpiringSoon: stays quiet for a CA far from expiry", {
        series: [expiry(steady(within * 10, n))],
        expect: [expectNoAlert(alert, at(f + 5))],
      }),
      scenario("SPIREServerCAExpiringSoon: resolves when the CA is rotated", {
        series: [expiry(steady(within, f + 10), steady(within * 10, 20))],
        expect: [
          expectAlert(alert, at(f + 5), td, { value: within - at1 }),
          expectNoAlert(alert, at(f + 12)),
        ],
      }),
    );
  }

  {
    const alert = a.serverAttestationFailures;
    const f = minutes(config.serverAttestationFailures.for);
    const n = f + 30;
    const attest = (...failed: Segment[]) => [
      series(serverAttestAgent, { ...serverTarget, status: "OK" }, ramp(0, 1, n)),
      series(serverAttestAgent, { ...serverTarget, status: "PermissionDenied" }, ...failed),
    ];
    const status = { ...cluster, status: "PermissionDenied" } as {
      cluster: string;
      status: string;
    };
    out.push(
      scenario("SPIREServerAttestationFailures: fires while attestations keep being refused", {
        series: attest(ramp(0, 6, n)),
        expect: [
          ...before(f).map((t) => expectNoAlert(alert, t)),
          expectAlert(alert, at(f + 5), status, { value: 0.1 }),
        ],
      }),
      ...(outlastsRateWindow(config.serverAttestationFailures.for)
        ? [
            scenario("SPIREServerAttestationFailures: one refused attestation pages nobody", {
              series: attest(steady(0, 10), steady(1, n - 10)),
              expect: [expectNoAlert(alert, at(12)), expectNoAlert(alert, at(10 + f + 2))],
            }),
          ]
        : []),
      scenario("SPIREServerAttestationFailures: resolves when attestations succeed again", {
        // Refused for `for` + 10 minutes: at `for` + 8 the 5m window is full of refusals.
        series: attest(ramp(0, 6, f + 10), steady((f + 9) * 6, n - f - 10)),
        expect: [
          expectAlert(alert, at(f + 8), status, { value: 0.1 }),
          expectNoAlert(alert, at(f + 17)),
        ],
      }),
    );
  }

  {
    const alert = a.metricsAbsent;
    const f = minutes(config.metricsAbsent.for);
    const n = f + 20;
    const server = series(
      serverStarted,
      { ...serverTarget, version: "1.9.6", trust_domain_id: trustDomain },
      steady(1, n),
    );
    const agentInfo = (...v: Segment[]) =>
      series(
        agentStarted,
        { ...agentTarget("spire-agent-a"), version: "1.9.6", trust_domain_id: trustDomain },
        ...v,
      );
    // absent() keeps the selector's equality matchers as labels.
    const component = (c: "agent" | "server") =>
      ({
        ...absentLabels(c === "agent" ? config.agentSelector : config.serverSelector),
        component: c,
      }) as never;
    out.push(
      scenario("SPIREMetricsAbsent: fires when no agent reports", {
        series: [server],
        expect: [
          ...before(f).map((t) => expectNoAlert(alert, t)),
          expectAlert(alert, at(f + 2), component("agent")),
        ],
      }),
      scenario("SPIREMetricsAbsent: fires when the server stops reporting", {
        series: [
          agentInfo(steady(1, n)),
          series(
            serverStarted,
            { ...serverTarget, version: "1.9.6", trust_domain_id: trustDomain },
            steady(1, 5),
            stale(),
          ),
        ],
        expect: [expectAlert(alert, at(f + 10), component("server"))],
      }),
      scenario("SPIREMetricsAbsent: stays quiet while server and agents report", {
        series: [server, agentInfo(steady(1, n))],
        expect: [expectNoAlert(alert, at(f + 5))],
      }),
      scenario("SPIREMetricsAbsent: resolves when the agents report again", {
        series: [server, agentInfo(missing(f + 5), steady(1, 15))],
        expect: [
          expectAlert(alert, at(f + 2), component("agent")),
          expectNoAlert(alert, at(f + 8)),
        ],
      }),
    );
  }
  return out;
}
