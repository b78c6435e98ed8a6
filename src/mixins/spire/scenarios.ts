/**
 * promtool scenarios of the SPIRE mixin: every alert fires, stays quiet and resolves; a few failed
 * syncs among successes and an agent restart (a counter reset) page nobody; a server outage raises a
 * warning per agent and one page for the fleet; a rolling restart of two servers raises nothing; a
 * CA that expired, expires soon or was never replaced fires, and days of normal CA rotations (two
 * servers, the configured caTTL) do not; CA preparation failures and servers without the CA gauge
 * are reported. The server error ratios and count (scenarios-server.ts), presence per cluster
 * (scenarios-presence.ts) and a healthy day (scenarios-day.ts) have modules of their own. Every
 * timing and value comes from the config.
 */
import { at, before, minutes } from "../common/scenario-time.js";
import { parseDurationMs, type DurationLiteral } from "../../promql/duration.js";
import type { AlertingRule } from "../../rules/model.js";
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
import { exactLabels as exactSelectorLabels } from "../common/scenario-labels.js";
import {
  agentStarted,
  agentSvidRotate,
  agentSyncEntries,
  caRotateExpiration,
  serverAttestAgent,
  serverCaPrepare,
  serverStarted,
} from "./catalog.js";
import { caExpiringSoonWithin, caExpiryGaugeSince, type SpireConfig } from "./config.js";
import { versionAtLeast } from "../common/labels.js";
import { minSyncSuccess, type SpireRules } from "./rules.js";
import { caActivations, type CaActivation } from "./rotation.js";
import {
  agentSeries as agentSeriesOf,
  spireScenarioContext,
  syncsPerMinute,
} from "./scenario-context.js";
import { spireSyncScenarios } from "./scenarios-sync.js";
import { spireHealthyDayScenarios } from "./scenarios-day.js";
import { spirePresenceScenarios } from "./scenarios-presence.js";
import { spireServerScenarios } from "./scenarios-server.js";

/**
 * A healthy server's CA expiry gauge sampled every `step` seconds for `samples` samples: at each
 * sample, the NotAfter of the CA activated last (SPIRE activates at its next rotation check, so at
 * the first sample at or after the activation time). Also gives the sample index of each activation.
 */
function caGauge(
  activations: readonly CaActivation[],
  step: number,
  samples: number,
): { values: Segment[]; activatedAt: number[] } {
  const activatedAt = activations.map((a) => Math.ceil(a.activeAt / step));
  const values: Segment[] = [];
  activations.forEach((a, i) => {
    const from = activatedAt[i] as number;
    const to = Math.min(activatedAt[i + 1] ?? samples, samples);
    if (to > from) values.push(steady(a.notAfter, to - from));
  });
  return { values, activatedAt };
}

/** No alert a minute before `m` (nothing to check when `m` is 0: a `for` of 0s fires at once). */
const notBefore = (alert: AlertingRule<string>, m: number) =>
  m >= 1 ? [expectNoAlert(alert, at(m - 1))] : [];

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
  const serverTargetOf = (host: string, clusterLabels: Record<string, string> = cluster) => ({
    namespace: "spire-system",
    ...exactLabels(config.serverSelector, "serverSelector"),
    ...clusterLabels,
    pod: host,
    host,
  });
  const serverTarget = serverTargetOf("spire-server-0");
  // The servers run the release the config names (the agents' version is not read).
  const serverVersion = config.version.replace(/^v/, "");
  const trustDomain = "example.org";
  const a = rules.alerts;
  const agent = (host: string) => ({ ...cluster, host }) as { cluster: string; host: string };

  const ctx = spireScenarioContext(config, rules);
  /** An agent: its info series and its sync counters by status, over `length` minutes. */
  const agentSeries = (host: string, length: number, sync: { ok: Segment[]; failed?: Segment[] }) =>
    agentSeriesOf(ctx, host, length, sync);
  const healthy = (n: number) => ramp(0, syncsPerMinute, n);
  const out: Scenario[] = [];

  {
    const alert = a.agentSyncFailure;
    const ratio = config.agentSyncFailure.ratio;
    const f = minutes(config.agentSyncFailure.for);
    const n = f + 30;
    // Failing: halfway between the ratio and every sync; quiet: a failure every 4 minutes (98%
    // success), or half the ratio when the ratio is stricter than that.
    const failShare = (1 + ratio) / 2;
    const fewShare = Math.min(1 / 48, ratio / 2);
    const share = (failed: number) => ({
      ok: [ramp(0, syncsPerMinute * (1 - failed), n)],
      failed: [ramp(0, syncsPerMinute * failed, n)],
    });
    out.push(
      scenario("SPIREAgentSyncFailure: fires when an agent fails every sync", {
        series: agentSeries("spire-agent-a", n, {
          ok: [steady(100, n)],
          failed: [ramp(0, syncsPerMinute, n)],
        }),
        expect: [
          ...notBefore(alert, f),
          expectAlert(alert, at(f + 5), agent("spire-agent-a"), { value: 0 }),
        ],
      }),
      scenario(
        "SPIREAgentSyncFailure: fires when an agent fails more than the ratio of its syncs",
        {
          series: agentSeries("spire-agent-a", n, share(failShare)),
          expect: [
            ...notBefore(alert, f),
            expectAlert(alert, at(f + 5), agent("spire-agent-a"), { value: 1 - failShare }),
          ],
        },
      ),
      scenario("SPIREAgentSyncFailure: stays quiet while the agent syncs", {
        series: agentSeries("spire-agent-a", n, { ok: [healthy(n)] }),
        expect: [expectNoAlert(alert, at(f + 5))],
      }),
      // #20: one failed sync in four minutes kept rate(...) > 0 and paged, at 98% success.
      scenario(
        `SPIREAgentSyncFailure: an agent at ${Number(((1 - fewShare) * 100).toPrecision(4))}% success pages nobody`,
        {
          series: agentSeries("spire-agent-a", n, share(fewShare)),
          expect: [expectNoAlert(alert, at(f + 5)), expectNoAlert(alert, at(n - 1))],
        },
      ),
      scenario("SPIREAgentSyncFailure: an agent restart (counter reset) pages nobody", {
        series: agentSeries("spire-agent-a", n, {
          ok: [ramp(500, syncsPerMinute, 10), ramp(0, syncsPerMinute, n - 10)],
          failed: [steady(3, 10), steady(0, n - 10)],
        }),
        expect: [expectNoAlert(alert, at(12)), expectNoAlert(alert, at(f + 10))],
      }),
      scenario("SPIREAgentSyncFailure: resolves when syncs succeed again", {
        // Failing for `for` + 10 minutes: at `for` + 8 the 5m window is full of failures. The first
        // success comes at `for` + 11: a minute of successes beside three of failures is still
        // failing; five minutes of successes fill the window.
        series: agentSeries("spire-agent-a", n, {
          ok: [steady(100, f + 10), ramp(100, syncsPerMinute, n - f - 10)],
          failed: [ramp(0, syncsPerMinute, f + 10), steady((f + 9) * syncsPerMinute, n - f - 10)],
        }),
        expect: [
          expectAlert(alert, at(f + 8), agent("spire-agent-a"), { value: 0 }),
          ...(minSyncSuccess(config) > 0.3
            ? [expectAlert(alert, at(f + 11), agent("spire-agent-a"), { value: 0.25 })]
            : []),
          expectNoAlert(alert, at(f + 15)),
          expectNoAlert(alert, at(f + 17)),
        ],
      }),
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
  }

  {
    const alert = a.agentFleetSyncFailure;
    const fleetShare = config.agentFleetSyncFailure.share;
    const f = minutes(config.agentFleetSyncFailure.for);
    const fa = minutes(config.agentSyncFailure.for);
    const n = Math.max(f, fa) + 30;
    const fleet = 10;
    // Just above the share, and at most the share (quiet: the alert needs more than it).
    const above = Math.min(fleet, Math.floor(fleetShare * fleet) + 1);
    const atMost = Math.floor(fleetShare * fleet);
    const hosts = Array.from({ length: fleet }, (_, i) => `spire-agent-${i}`);
    const fleetSeries = (failing: number, length: number, recoverAt?: number) =>
      hosts.flatMap((h, i) =>
        i < failing
          ? agentSeries(h, length, {
              ok:
                recoverAt === undefined
                  ? [steady(100, length)]
                  : [steady(100, recoverAt), ramp(100, syncsPerMinute, length - recoverAt)],
              failed:
                recoverAt === undefined
                  ? [ramp(0, syncsPerMinute, length)]
                  : [
                      ramp(0, syncsPerMinute, recoverAt),
                      steady((recoverAt - 1) * syncsPerMinute, length - recoverAt),
                    ],
            })
          : agentSeries(h, length, { ok: [healthy(length)] }),
      );
    const scope = cluster as { cluster: string };
    out.push(
      scenario("SPIREAgentFleetSyncFailure: fires when more than the share of agents fail", {
        series: fleetSeries(above, n),
        expect: [
          ...notBefore(alert, f),
          expectAlert(alert, at(f + 5), scope, { value: above / fleet }),
        ],
      }),
      scenario("SPIREAgentFleetSyncFailure: stays quiet at the share or below", {
        series: fleetSeries(atMost, n),
        expect: [expectNoAlert(alert, at(f + 5)), expectNoAlert(alert, at(n - 1))],
      }),
      scenario("SPIREAgentFleetSyncFailure: resolves when the agents sync again", {
        series: fleetSeries(above, n + 15, f + 5),
        expect: [
          expectAlert(alert, at(f + 3), scope, { value: above / fleet }),
          expectNoAlert(alert, at(f + 12)),
        ],
      }),
    );

    // A server outage: every agent fails at once. A warning per agent, one page, nothing else.
    const three = ["spire-agent-a", "spire-agent-b", "spire-agent-c"];
    const t = Math.max(f, fa) + 15;
    out.push(
      // The server still reports (it is unreachable, not gone): its own absence is a separate signal.
      scenario(
        "SPIREAgentSyncFailure: a server outage raises a warning per agent, one fleet page and nothing else",
        {
          series: [
            series(
              serverStarted,
              { ...serverTarget, version: serverVersion, trust_domain_id: trustDomain },
              steady(1, n),
            ),
            ...three.flatMap((h) =>
              agentSeries(h, n, { ok: [steady(100, n)], failed: [ramp(0, syncsPerMinute, n)] }),
            ),
          ],
          expect: [
            ...three.map((h) => expectAlert(a.agentSyncFailure, at(t), agent(h), { value: 0 })),
            expectAlert(alert, at(t), scope, { value: 1 }),
            expectNoAlert(a.agentNoSuccessfulSync, at(t)),
            expectNoAlert(a.metricsAbsent, at(t)),
          ],
        },
      ),
    );

    // Two clusters in one Prometheus: the share is judged per cluster, and only one is failing.
    if (config.clusterLabel) {
      const inCluster = (c: string) => ({ cluster: c }) as { cluster: string };
      const clusterAgents = (c: string, count: number, failing: boolean) =>
        Array.from({ length: count }, (_, i) => `spire-agent-${c}-${i}`).flatMap((h) => [
          series(
            agentStarted,
            { ...agentTarget(h), cluster: c, version: serverVersion, trust_domain_id: trustDomain },
            steady(1, n),
          ),
          series(
            agentSyncEntries,
            { ...agentTarget(h), cluster: c, status: "OK" },
            failing ? steady(100, n) : healthy(n),
          ),
          ...(failing
            ? [
                series(
                  agentSyncEntries,
                  { ...agentTarget(h), cluster: c, status: "Unavailable" },
                  ramp(0, syncsPerMinute, n),
                ),
              ]
            : []),
        ]);
      out.push(
        scenario(
          "SPIREAgentFleetSyncFailure: pages for the failing cluster only, however many agents the others have",
          {
            series: [...clusterAgents("a", 2, true), ...clusterAgents("b", 20, false)],
            expect: [expectAlert(alert, at(f + 5), inCluster("a"), { value: 1 })],
          },
        ),
      );
    }
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
      // A success at minute 10, failures from then on: quiet for 15 minutes, then it fires.
      scenario("SPIREAgentSVIDRotationFailure: a success holds it off for 15 minutes only", {
        series: rotations([steady(4, 10), steady(5, n - 10)], [steady(0, 10), ramp(1, 1, n - 10)]),
        expect: [
          expectNoAlert(alert, at(10 + 5 + f + 1)),
          expectAlert(alert, at(10 + 15 + f + 2), agent("spire-agent-a")),
        ],
      }),
      // One failure retried at once, then nothing for longer than the window (rotations are rare).
      scenario("SPIREAgentSVIDRotationFailure: a failure retried at once raises nothing later", {
        series: rotations([steady(4, 6), steady(5, n - 6)], [steady(0, 5), steady(1, n - 5)]),
        expect: [expectNoAlert(alert, at(6 + 15 + f + 2)), expectNoAlert(alert, at(n - 1))],
      }),
      // Failures 8 minutes apart, never a success: each 15-minute window holds one.
      scenario("SPIREAgentSVIDRotationFailure: fires on failures minutes apart", {
        series: rotations(
          [steady(4, n)],
          Array.from({ length: Math.ceil(n / 8) }, (_, k) => steady(k, Math.min(8, n - 8 * k))),
        ),
        expect: [expectAlert(alert, at(f + 16), agent("spire-agent-a"))],
      }),
      // An old failure of another status stays flat beside the new ones.
      scenario("SPIREAgentSVIDRotationFailure: fires beside an old failure of another status", {
        series: [
          ...rotations([steady(4, n)], [ramp(0, 1, n)]),
          series(
            agentSvidRotate,
            { ...agentTarget("spire-agent-a"), status: "DeadlineExceeded" },
            steady(1, n),
          ),
        ],
        expect: [expectAlert(alert, at(f + 20), agent("spire-agent-a"))],
      }),
      // The agent restarted (a new DaemonSet pod on the same node, so the same host) rotates at
      // once: resolved, though the old pod's flat series stays in the window a while.
      scenario("SPIREAgentSVIDRotationFailure: a restart that rotates at once resolves it", {
        series: [
          series(
            agentSvidRotate,
            { ...agentTarget("spire-agent-a"), status: "OK" },
            steady(4, f + 20),
            stale(),
          ),
          series(
            agentSvidRotate,
            { ...agentTarget("spire-agent-a"), status: "Unavailable" },
            ramp(0, 1, f + 20),
            stale(),
          ),
          series(
            agentSvidRotate,
            { ...agentTarget("spire-agent-a"), pod: "spire-agent-x2k9q", status: "OK" },
            missing(f + 21),
            steady(0, 2),
            steady(1, 20),
          ),
        ],
        expect: [
          expectAlert(alert, at(f + 19), agent("spire-agent-a")),
          expectNoAlert(alert, at(f + 25)),
        ],
      }),
      scenario(
        "SPIREAgentSVIDRotationFailure: another agent's success does not hide a failing one",
        {
          series: [
            ...rotations([steady(4, n)], [ramp(0, 1, n)]),
            series(
              agentSvidRotate,
              { ...agentTarget("spire-agent-b"), status: "OK" },
              ramp(0, 1, n),
            ),
          ],
          expect: [expectAlert(alert, at(f + 20), agent("spire-agent-a"))],
        },
      ),
    );
  }

  const td = { ...cluster, trust_domain_id: trustDomain } as {
    cluster: string;
    trust_domain_id: string;
  };
  // promtool's clock starts at 0: an expiry time is seconds after the start of the test.
  const expiryOf = (host: string, ...v: Segment[]) =>
    series(caRotateExpiration, { ...serverTargetOf(host), trust_domain_id: trustDomain }, ...v);
  const serverInfo = (host: string, ...v: Segment[]) =>
    series(
      serverStarted,
      { ...serverTargetOf(host), version: serverVersion, trust_domain_id: trustDomain },
      ...v,
    );
  const within = caExpiringSoonWithin(config);
  // A CA far from expiry: ten days beyond the threshold, more than any short scenario lasts.
  const far = within + 10 * 86_400;

  if (a.caExpiringSoon && rules.records.caExpiresIn) {
    const alert = a.caExpiringSoon;
    const caExpiresIn = rules.records.caExpiresIn;
    const f = minutes(config.caExpiringSoon.for);
    const n = f + 30;
    const expiry = (...v: Segment[]) => expiryOf("spire-server-0", ...v);
    const at1 = (f + 5) * 60;

    // Days of rotation, sampled and evaluated at a step that keeps them near a thousand samples:
    // the gauge of a healthy server changes only at activations, which fall on samples.
    const ttl = parseDurationMs(config.caTTL) / 1000;
    const acts = caActivations(ttl, 3);
    const acts1 = caActivations(ttl, 3, ttl / 7);
    const spanMinutes = Math.max(...[...acts, ...acts1].map((x) => x.activeAt)) / 60;
    const stepM = Math.max(1, Math.ceil(spanMinutes / 1000));
    const step = stepM * 60;
    const samples = Math.ceil((spanMinutes + 30 * stepM) / stepM);
    const long = { interval: at(stepM), evaluationInterval: at(stepM) };
    const g0 = caGauge(acts, step, samples);
    const g1 = caGauge(acts1, step, samples);
    // Before each activation of server-0: the least time left of the cycle, just above the lead.
    const lowPoints = g0.activatedAt.slice(1).flatMap((i, k) => {
      const other = g1.activatedAt.filter((j) => j <= i - 1).length - 1;
      const left = Math.min(
        (acts[k] as CaActivation).notAfter,
        (acts1[other] as CaActivation | undefined)?.notAfter ?? Infinity,
      );
      return [
        expectSamples(caExpiresIn.series(), at((i - 1) * stepM), [
          { labels: td, value: left - (i - 1) * step },
        ]),
        expectNoAlert(alert, at((i - 1) * stepM)),
        expectNoAlert(alert, at(i * stepM)),
      ];
    });
    // A server that prepared its next CA but never activated it: alert once within is left.
    const missedAt = Math.floor((ttl - within) / step) + 1;
    const firesAt = missedAt + Math.ceil((f * 60) / step);
    // Where the activation was due: the time left there is the lead, above the threshold.
    const stuck = g0.activatedAt[1] as number;
    out.push(
      scenario("SPIREServerCAExpiringSoon: fires for a CA that expires within the threshold", {
        series: [expiry(steady(within, n))],
        expect: [
          ...notBefore(alert, f),
          expectAlert(alert, at(f + 5), td, { value: within - at1 }),
        ],
      }),
      scenario("SPIREServerCAExpiringSoon: fires for a CA that has already expired", {
        series: [expiry(steady(0, n))],
        expect: [expectAlert(alert, at(f + 5), td, { value: -at1 })],
      }),
      scenario("SPIREServerCAExpiringSoon: with two servers, fires for the one whose CA expires", {
        series: [expiry(steady(far, n)), expiryOf("spire-server-1", steady(within, n))],
        expect: [expectAlert(alert, at(f + 5), td, { value: within - at1 })],
      }),
      // Exactly the threshold left at minute 5: `for` counts from the next evaluation, when less is.
      ...(within + 5 * 60 - 5 * 60 === within
        ? [
            scenario(
              "SPIREServerCAExpiringSoon: `for` counts from when less than the threshold is left",
              {
                series: [expiry(steady(within + 5 * 60, n))],
                expect: [
                  expectNoAlert(alert, at(5 + f)),
                  expectAlert(alert, at(5 + f + 1), td, { value: within - (f + 1) * 60 }),
                ],
              },
            ),
          ]
        : []),
      scenario("SPIREServerCAExpiringSoon: stays quiet for a CA far from expiry", {
        series: [expiry(steady(far, n))],
        expect: [expectNoAlert(alert, at(f + 5))],
      }),
      // #20: with ca_ttl 24h the time left runs from 16h down to 4h; a 6h threshold fired daily.
      scenario(
        `SPIREServerCAExpiringSoon: days of CA rotations on two servers (ca_ttl ${config.caTTL}) raise nothing`,
        {
          ...long,
          series: [
            expiry(...g0.values),
            expiryOf("spire-server-1", missing(g1.activatedAt[0] as number), ...g1.values),
          ],
          expect: lowPoints,
        },
      ),
      scenario("SPIREServerCAExpiringSoon: fires when the next CA is never activated", {
        ...long,
        series: [expiry(...caGauge(acts.slice(0, 1), step, firesAt + 2).values)],
        expect: [
          ...(stuck < missedAt ? [expectNoAlert(alert, at(stuck * stepM))] : []),
          ...(missedAt - 1 > stuck ? [expectNoAlert(alert, at((missedAt - 1) * stepM))] : []),
          expectAlert(alert, at(firesAt * stepM), td, { value: ttl - firesAt * step }),
        ],
      }),
      scenario("SPIREServerCAExpiringSoon: resolves when the CA is rotated", {
        series: [expiry(steady(within, f + 10), steady(far, 20))],
        expect: [
          expectAlert(alert, at(f + 5), td, { value: within - at1 }),
          expectNoAlert(alert, at(f + 12)),
        ],
      }),
    );
    if (config.clusterLabel) {
      const inCluster = (c: string) => ({ cluster: c, trust_domain_id: trustDomain });
      const clusterExpiry = (c: string, v: number) =>
        series(
          caRotateExpiration,
          { ...serverTargetOf("spire-server-0", { cluster: c }), trust_domain_id: trustDomain },
          steady(v, n),
        );
      out.push(
        scenario(
          "SPIREServerCAExpiringSoon: fires for the cluster whose CA expires, the same trust domain elsewhere healthy",
          {
            series: [clusterExpiry("a", within), clusterExpiry("b", far)],
            expect: [expectAlert(alert, at(f + 5), inCluster("a"), { value: within - at1 })],
          },
        ),
      );
    }
  }

  {
    const alert = a.caPreparationFailure;
    const f = minutes(config.caPreparationFailure.for);
    const n = f + 30;
    const prepares = (ok: Segment[], failed: Segment[]) => [
      series(serverCaPrepare, { ...serverTarget, status: "OK" }, ...ok),
      series(serverCaPrepare, { ...serverTarget, status: "Internal" }, ...failed),
    ];
    const server = agent("spire-server-0");
    out.push(
      scenario("SPIREServerCAPreparationFailure: fires while preparation keeps failing", {
        series: prepares([steady(3, n)], [ramp(0, 6, n)]),
        expect: [...notBefore(alert, f), expectAlert(alert, at(f + 5), server)],
      }),
      scenario("SPIREServerCAPreparationFailure: stays quiet when a retry succeeds", {
        series: prepares([steady(3, 12), steady(4, n - 12)], [steady(0, 10), steady(2, n - 10)]),
        expect: [expectNoAlert(alert, at(f + 15))],
      }),
      scenario("SPIREServerCAPreparationFailure: resolves when a preparation succeeds", {
        series: prepares(
          [steady(3, f + 10), steady(4, n - f - 10)],
          [ramp(0, 6, f + 10), steady((f + 9) * 6, n - f - 10)],
        ),
        expect: [expectAlert(alert, at(f + 5), server), expectNoAlert(alert, at(f + 12))],
      }),
    );
    // The window is an hour: these run past it.
    const m = f + 80;
    out.push(
      // A success at minute 10, failures from then on: quiet for the hour, then it fires.
      scenario("SPIREServerCAPreparationFailure: a success holds it off for an hour only", {
        series: prepares([steady(3, 10), steady(4, m - 10)], [steady(0, 10), ramp(1, 1, m - 10)]),
        expect: [
          expectNoAlert(alert, at(10 + 20 + f + 1)),
          expectAlert(alert, at(10 + 60 + f + 2), server),
        ],
      }),
      scenario("SPIREServerCAPreparationFailure: a failure retried at once raises nothing later", {
        series: prepares([steady(3, 6), steady(4, m - 6)], [steady(0, 5), steady(1, m - 5)]),
        expect: [expectNoAlert(alert, at(6 + 60 + f + 2)), expectNoAlert(alert, at(m - 1))],
      }),
      // Failures 25 minutes apart, never a success: each hour holds two.
      scenario("SPIREServerCAPreparationFailure: fires on failures minutes apart", {
        series: prepares(
          [steady(3, m)],
          Array.from({ length: Math.ceil(m / 25) }, (_, k) => steady(k, Math.min(25, m - 25 * k))),
        ),
        expect: [expectAlert(alert, at(25 + f + 5), server)],
      }),
      // A server restarted at a new address (the same StatefulSet pod, so the same host): its old
      // series stays flat in the hour's window. Two failures on the new one, then a success
      // before `for` is over (10 minutes of failing: only for a `for` of 10m or more): quiet,
      // however the old series reads.
      ...(f < 10
        ? []
        : [
            scenario(
              "SPIREServerCAPreparationFailure: a restart, failures, then a success raise nothing",
              {
                series: [
                  series(
                    serverCaPrepare,
                    { ...serverTarget, status: "OK" },
                    steady(3, 10),
                    stale(),
                  ),
                  series(
                    serverCaPrepare,
                    { ...serverTarget, instance: "10.0.0.2:9988", status: "Internal" },
                    missing(11),
                    steady(0, 4),
                    steady(1, 5),
                    steady(2, m - 20),
                  ),
                  series(
                    serverCaPrepare,
                    { ...serverTarget, instance: "10.0.0.2:9988", status: "OK" },
                    missing(11),
                    steady(0, 14),
                    steady(1, m - 25),
                  ),
                ],
                expect: [expectNoAlert(alert, at(15 + f + 5)), expectNoAlert(alert, at(50))],
              },
            ),
          ]),
      scenario("SPIREServerCAPreparationFailure: fires beside an old failure of another status", {
        series: [
          ...prepares([steady(3, n)], [ramp(0, 6, n)]),
          series(serverCaPrepare, { ...serverTarget, status: "Unavailable" }, steady(1, n)),
        ],
        expect: [expectAlert(alert, at(f + 5), server)],
      }),
      scenario(
        "SPIREServerCAPreparationFailure: another server's success does not hide a failing one",
        {
          series: [
            ...prepares([steady(3, n)], [ramp(0, 6, n)]),
            series(
              serverCaPrepare,
              { ...serverTargetOf("spire-server-1"), status: "OK" },
              ramp(0, 1, n),
            ),
          ],
          expect: [expectAlert(alert, at(f + 5), server)],
        },
      ),
    );
  }

  {
    const alert = a.caExpiryUnmonitored;
    const f = minutes(config.caExpiryUnmonitored.for);
    const n = f + 20;
    const unmonitored = {
      ...cluster,
      host: "spire-server-0",
      trust_domain_id: trustDomain,
      version: serverVersion,
    } as { cluster: string; host: string; trust_domain_id: string; version: string };
    const hasGauge = versionAtLeast(config.version, caExpiryGaugeSince);
    out.push(
      scenario(
        hasGauge
          ? "SPIREServerCAExpiryUnmonitored: fires for a server without the CA expiry gauge"
          : `SPIREServerCAExpiryUnmonitored: fires for every server older than ${caExpiryGaugeSince}`,
        {
          series: [serverInfo("spire-server-0", steady(1, n))],
          expect: [...notBefore(alert, f), expectAlert(alert, at(f + 2), unmonitored)],
        },
      ),
    );
    if (hasGauge) {
      out.push(
        scenario("SPIREServerCAExpiryUnmonitored: stays quiet for a server with the gauge", {
          series: [
            serverInfo("spire-server-0", steady(1, n)),
            expiryOf("spire-server-0", steady(far, n)),
          ],
          expect: [expectNoAlert(alert, at(f + 5))],
        }),
        scenario(
          "SPIREServerCAExpiryUnmonitored: with two servers, fires for the one without the gauge",
          {
            series: [
              serverInfo("spire-server-0", steady(1, n)),
              serverInfo("spire-server-1", steady(1, n)),
              expiryOf("spire-server-1", steady(far, n)),
            ],
            expect: [expectAlert(alert, at(f + 2), unmonitored)],
          },
        ),
        scenario("SPIREServerCAExpiryUnmonitored: resolves when the server reports the gauge", {
          series: [
            serverInfo("spire-server-0", steady(1, n + 10)),
            expiryOf("spire-server-0", missing(f + 5), steady(far, 15)),
          ],
          expect: [expectAlert(alert, at(f + 2), unmonitored), expectNoAlert(alert, at(f + 7))],
        }),
      );
      if (config.clusterLabel) {
        // The same server name in two clusters: the gauge of one does not cover the other.
        const inCluster = (c: string, ...v: Segment[]) => [
          series(
            serverStarted,
            {
              ...serverTargetOf("spire-server-0", { cluster: c }),
              version: serverVersion,
              trust_domain_id: trustDomain,
            },
            steady(1, n),
          ),
          ...(v.length
            ? [
                series(
                  caRotateExpiration,
                  {
                    ...serverTargetOf("spire-server-0", { cluster: c }),
                    trust_domain_id: trustDomain,
                  },
                  ...v,
                ),
              ]
            : []),
        ];
        out.push(
          scenario(
            "SPIREServerCAExpiryUnmonitored: fires for the cluster whose server lacks the gauge, not the other",
            {
              series: [...inCluster("a"), ...inCluster("b", steady(far, n))],
              expect: [expectAlert(alert, at(f + 2), { ...unmonitored, cluster: "a" })],
            },
          ),
        );
      }
    } else {
      out.push(
        scenario("SPIREServerCAExpiryUnmonitored: stays quiet without a SPIRE server", {
          series: agentSeries("spire-agent-a", n, { ok: [healthy(n)] }),
          expect: [expectNoAlert(alert, at(f + 5))],
        }),
      );
    }
  }

  {
    const alert = a.serverAttestationFailures;
    const f = minutes(config.serverAttestationFailures.for);
    const n = f + 30;
    const attest = (...failed: Segment[]) => [
      series(serverAttestAgent, { ...serverTarget, status: "OK" }, ramp(0, 1, n)),
      series(serverAttestAgent, { ...serverTarget, status: "PermissionDenied" }, ...failed),
    ];
    // The first evaluation after `for` + 5 at 2 minutes past a refusal (they come at multiples of 4).
    const spacedAt = f + 5 + ((((2 - (f + 5)) % 4) + 4) % 4);
    const spaced = spacedAt + 5;
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
      // Two servers refusing at their own pace: the refusals add up.
      scenario("SPIREServerAttestationFailures: the refusals of two servers add up", {
        series: [
          ...attest(ramp(0, 6, n)),
          series(
            serverAttestAgent,
            { ...serverTargetOf("spire-server-1"), status: "PermissionDenied" },
            ramp(0, 3, n),
          ),
        ],
        expect: [expectAlert(alert, at(f + 5), status, { value: 0.15 })],
      }),
      // An agent retrying with a backoff, refused every 4 minutes: every 5m window holds one
      // refusal, and the alert fires even at a minute without one.
      scenario("SPIREServerAttestationFailures: fires on refusals minutes apart", {
        series: attest(
          ...Array.from({ length: Math.ceil(spaced / 4) }, (_, k) =>
            steady(k, Math.min(4, spaced - 4 * k)),
          ),
        ),
        expect: [expectAlert(alert, at(spacedAt), status, { value: 1 / 300 })],
      }),
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
    // A rolling restart of two servers: each is gone for a minute, and the agents talking to it
    // fail their syncs for that minute (12 failures, no success) before they reconnect.
    const forOf = [config.agentSyncFailure.for, config.agentFleetSyncFailure.for].map((d) =>
      minutes(d),
    );
    // A minute of failures leaves at least about 80% success in a 5m window: quiet when the ratio
    // allows that, or when the alerts wait longer than the dip lasts.
    if (config.agentSyncFailure.ratio > 0.3 || Math.min(...forOf) >= 7) {
      const n = 45;
      const gone = (down: number) => [
        steady(1, down),
        stale(),
        missing(1),
        steady(1, n - down - 2),
      ];
      const farExpiry = (down: number) => [
        steady(far, down),
        stale(),
        missing(1),
        steady(far, n - down - 2),
      ];
      const restarts: [string, number, string[]][] = [
        ["spire-server-0", 15, ["spire-agent-a", "spire-agent-b"]],
        ["spire-server-1", 25, ["spire-agent-c", "spire-agent-d"]],
      ];
      const agents = restarts.flatMap(([, down, hosts]) =>
        hosts.flatMap((h) =>
          agentSeries(h, n, {
            ok: [
              ramp(0, syncsPerMinute, down),
              steady((down - 1) * syncsPerMinute, 1),
              ramp(down * syncsPerMinute, syncsPerMinute, n - down - 1),
            ],
            failed: [steady(0, down), steady(syncsPerMinute, n - down)],
          }),
        ),
      );
      const quietAlerts = [
        a.agentSyncFailure,
        a.agentFleetSyncFailure,
        a.agentNoSuccessfulSync,
        a.caExpiryUnmonitored,
        a.caPreparationFailure,
        a.metricsAbsent,
        ...(a.caExpiringSoon ? [a.caExpiringSoon] : []),
      ];
      const hasGauge = a.caExpiringSoon !== undefined;
      out.push(
        scenario("SPIRE: a rolling restart of two servers raises nothing", {
          series: [
            ...restarts.flatMap(([host, down]) => [
              serverInfo(host, ...gone(down)),
              ...(hasGauge ? [expiryOf(host, ...farExpiry(down))] : []),
            ]),
            ...agents,
          ],
          expect: [16, 20, 26, 30, 40].flatMap((t) =>
            quietAlerts
              // Before v1.13.3 every server is unmonitored, restart or not.
              .filter((q) => hasGauge || q !== a.caExpiryUnmonitored)
              .map((q) => expectNoAlert(q, at(t))),
          ),
        }),
      );
    }
  }
  out.push(
    ...spireSyncScenarios(ctx),
    ...spireServerScenarios(ctx),
    ...spirePresenceScenarios(ctx),
    ...spireHealthyDayScenarios(ctx),
  );
  return out;
}
