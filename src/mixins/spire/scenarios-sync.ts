/**
 * promtool scenarios of the agents' sync alerts at their edges: an agent exactly at the success
 * threshold; fleets whose agents fail somewhat more, or somewhat less, than the ratio; an agent
 * that stopped syncing beside others that sync or fail, after a few failures, with old failures, or
 * with a single success; and an agent on the host network (`host` is the node's name, as in
 * SPIRE's Kubernetes examples) whose pod is replaced, the old pod's series and the new one's
 * both in the window.
 */
import { at, minutes } from "../common/scenario-time.js";
import { parseDurationMs } from "../../promql/duration.js";
import { missing, ramp, stale, steady, type Segment } from "../../testing/notation.js";
import {
  expectAlert,
  expectNoAlert,
  expectSamples,
  scenario,
  series,
  type Scenario,
} from "../../testing/scenario.js";
import { agentSyncEntries } from "./catalog.js";
import { minSyncSuccess } from "./rules.js";
import {
  agentSeries,
  exactShare,
  exactStep,
  syncsPerMinute,
  type SpireScenarioContext,
} from "./scenario-context.js";

type Host = { cluster: string; host: string };

/** "50%" for 0.5, as the scenario names print a share. */
const percent = (share: number) => `${Number((share * 100).toPrecision(4))}%`;

export function spireSyncScenarios(ctx: SpireScenarioContext): Scenario[] {
  return [...thresholdScenarios(ctx), ...stuckScenarios(ctx), ...rolloutScenarios(ctx)];
}

/** An agent whose syncs succeed at `success` (a share), 12 a minute, over `n` minutes. */
const atShare = (ctx: SpireScenarioContext, host: string, n: number, success: number) =>
  agentSeries(ctx, host, n, {
    ok: [ramp(0, syncsPerMinute * success, n)],
    failed: [ramp(0, syncsPerMinute * (1 - success), n)],
  });

/** An agent exactly at the share `part / whole` of successes (rates exact: see exactShare). */
const atExactShare = (
  ctx: SpireScenarioContext,
  host: string,
  n: number,
  s: { part: number; whole: number },
) =>
  agentSeries(ctx, host, n, {
    ok: [ramp(0, exactStep * s.part, n)],
    failed: [ramp(0, exactStep * (s.whole - s.part), n)],
  });

function thresholdScenarios(ctx: SpireScenarioContext): Scenario[] {
  const { config, rules } = ctx;
  const minSuccess = minSyncSuccess(config);
  const exact = exactShare(minSuccess);
  const out: Scenario[] = [];
  {
    const alert = rules.alerts.agentSyncFailure;
    const f = minutes(config.agentSyncFailure.for);
    const n = f + 20;
    if (exact)
      out.push(
        scenario(
          `SPIREAgentSyncFailure: an agent succeeding in exactly ${percent(minSuccess)} of its syncs pages nobody`,
          {
            series: atExactShare(ctx, "spire-agent-a", n, exact),
            expect: [expectNoAlert(alert, at(f + 6)), expectNoAlert(alert, at(n - 1))],
          },
        ),
      );
  }
  {
    const alert = rules.alerts.agentFleetSyncFailure;
    const f = minutes(config.agentFleetSyncFailure.for);
    const n = Math.max(f, minutes(config.agentSyncFailure.for)) + 20;
    const fleet = 10;
    const above = Math.min(fleet, Math.floor(config.agentFleetSyncFailure.share * fleet) + 1);
    const hosts = Array.from({ length: fleet }, (_, i) => `spire-agent-${i}`);
    // The first `above` agents at `success`, the others syncing.
    const fleetAt = (agents: (host: string) => ReturnType<typeof atShare>) =>
      hosts.flatMap((h, i) => (i < above ? agents(h) : atShare(ctx, h, n, 1)));
    const scope = ctx.cluster as { cluster: string };
    // Between half the threshold and the threshold: failing, though not every sync.
    const someSuccess = 0.75 * minSuccess;
    // Between the threshold and twice it (or every sync): not failing.
    const mostSuccess = (minSuccess + Math.min(1, 2 * minSuccess)) / 2;
    out.push(
      scenario(
        `SPIREAgentFleetSyncFailure: counts agents succeeding in ${percent(someSuccess)} of their syncs`,
        {
          series: fleetAt((h) => atShare(ctx, h, n, someSuccess)),
          expect: [expectAlert(alert, at(f + 5), scope, { value: above / fleet })],
        },
      ),
      scenario(
        `SPIREAgentFleetSyncFailure: agents succeeding in ${percent(mostSuccess)} of their syncs page nobody`,
        {
          series: fleetAt((h) => atShare(ctx, h, n, mostSuccess)),
          expect: [expectNoAlert(alert, at(f + 5)), expectNoAlert(alert, at(n - 1))],
        },
      ),
    );
    if (exact)
      out.push(
        scenario(
          `SPIREAgentFleetSyncFailure: agents succeeding in exactly ${percent(minSuccess)} of their syncs page nobody`,
          {
            series: fleetAt((h) => atExactShare(ctx, h, n, exact)),
            expect: [expectNoAlert(alert, at(f + 6)), expectNoAlert(alert, at(n - 1))],
          },
        ),
      );
  }
  return out;
}

function stuckScenarios(ctx: SpireScenarioContext): Scenario[] {
  const { config, rules } = ctx;
  const alert = rules.alerts.agentNoSuccessfulSync;
  const w = minutes(config.agentNoSuccessfulSync.window);
  const windowMinutes = parseDurationMs(config.agentNoSuccessfulSync.window) / 60_000;
  const f = minutes(config.agentNoSuccessfulSync.for);
  const n = w + f + 20;
  const host = (h: string) => ({ ...ctx.cluster, host: h }) as Host;
  // Syncs until minute 9 (the last at sample 9), then nothing.
  const stops = (length: number): Segment[] => [
    ramp(0, syncsPerMinute, 10),
    steady(9 * syncsPerMinute, length - 10),
  ];
  // As in "fires for an agent that neither syncs nor fails": firing by then.
  const firing = 10 + w + f + 2;
  const out: Scenario[] = [
    scenario(
      "SPIREAgentNoSuccessfulSync: fires for the stuck agent only, beside one that syncs and one that fails",
      {
        series: [
          ...agentSeries(ctx, "spire-agent-a", n, { ok: stops(n) }),
          ...agentSeries(ctx, "spire-agent-b", n, { ok: [ramp(0, syncsPerMinute, n)] }),
          ...agentSeries(ctx, "spire-agent-c", n, {
            ok: [steady(100, n)],
            failed: [ramp(0, syncsPerMinute, n)],
          }),
        ],
        expect: [expectAlert(alert, at(firing), host("spire-agent-a"))],
      },
    ),
    // A failure from long ago leaves the agent's failed counter flat: it is not failing now.
    scenario("SPIREAgentNoSuccessfulSync: fires for a stuck agent with old failures", {
      series: agentSeries(ctx, "spire-agent-a", n, { ok: stops(n), failed: [steady(3, n)] }),
      expect: [expectAlert(alert, at(firing), host("spire-agent-a"))],
    }),
    scenario(
      "SPIREAgentNoSuccessfulSync: a failing agent with an old failure of another status is left to SPIREAgentSyncFailure",
      {
        series: [
          ...agentSeries(ctx, "spire-agent-a", n, {
            ok: [steady(100, n)],
            failed: [ramp(0, syncsPerMinute, n)],
          }),
          series(
            agentSyncEntries,
            { ...ctx.agentTarget("spire-agent-a"), status: "PermissionDenied" },
            steady(2, n),
          ),
        ],
        expect: [expectNoAlert(alert, at(firing)), expectNoAlert(alert, at(n - 1))],
      },
    ),
  ];
  {
    // Stuck long enough to fire, then a single successful sync: the agent is not stuck while the
    // window holds it.
    const t = firing + 3;
    const length = t + 5;
    out.push(
      scenario("SPIREAgentNoSuccessfulSync: a single successful sync in the window holds it off", {
        series: agentSeries(ctx, "spire-agent-a", length, {
          ok: [...stops(t), steady(9 * syncsPerMinute + 1, length - t)],
        }),
        expect: [
          expectAlert(alert, at(t - 1), host("spire-agent-a")),
          expectNoAlert(alert, at(t + 1)),
          expectNoAlert(alert, at(t + 3)),
        ],
      }),
    );
  }
  // Successes until minute 9, then `d` minutes of failures, then nothing: the failures stop
  // earlier than the successes leave the window, and they are no successes.
  const d = Math.min(5, Math.floor(windowMinutes) - 5);
  if (d >= 3) {
    // The first evaluation whose window holds no success; the failures have left the 5m rates.
    const pending = Math.floor(8 + windowMinutes) + 1;
    out.push(
      scenario("SPIREAgentNoSuccessfulSync: fires for an agent stuck after a few failed syncs", {
        series: agentSeries(ctx, "spire-agent-a", n, {
          ok: stops(n),
          failed: [
            steady(0, 10),
            ramp(syncsPerMinute, syncsPerMinute, d),
            steady(d * syncsPerMinute, n - 10 - d),
          ],
        }),
        expect: [expectAlert(alert, at(pending + f + 1), host("spire-agent-a"))],
      }),
    );
  }
  return out;
}

function rolloutScenarios(ctx: SpireScenarioContext): Scenario[] {
  const { config, rules } = ctx;
  const node = "node-a";
  const oldPod = { pod: "spire-agent-x7k2p" };
  const newPod = { pod: "spire-agent-q9m4d" };
  // The new pod on the same node, started after minute `r` and syncing from its first scrape.
  const newPodSyncing = (r: number, length: number) =>
    agentSeries(
      ctx,
      node,
      length,
      {
        ok: [missing(r + 1), ramp(syncsPerMinute, syncsPerMinute, length - r - 1)],
        started: [missing(r + 1), steady(1, length - r - 1)],
      },
      newPod,
    );
  const out: Scenario[] = [];
  {
    // The old pod's last sample at minute 10, the new one's first at 11 (12 syncs in already):
    // at 13, each has 24 syncs over 2 minutes in the 5m window. Prometheus extrapolates the old
    // one's by half a scrape, to 150 s; the new one's back to where it would have been 0, 60 s.
    const r = 10;
    const length = r + 6;
    out.push(
      scenario("Sync rate: a host-network agent's old and new pods add up during a rollout", {
        series: [
          ...agentSeries(
            ctx,
            node,
            length,
            {
              ok: [ramp(0, syncsPerMinute, r + 1), stale()],
              started: [steady(1, r + 1), stale()],
            },
            oldPod,
          ),
          ...newPodSyncing(r, length),
        ],
        expect: [
          expectSamples(rules.records.syncRate.series(), at(r + 3), [
            {
              labels: { ...ctx.cluster, host: node, status: "OK" } as Host & { status: string },
              value: (24 * (150 / 120)) / 300 + (24 * (180 / 120)) / 300,
            },
          ]),
        ],
      }),
    );
  }
  {
    // A stuck agent's pod replaced: the new pod syncs, and the old one's flat counter, still in
    // the window, does not hide that.
    const alert = rules.alerts.agentNoSuccessfulSync;
    const w = minutes(config.agentNoSuccessfulSync.window);
    const f = minutes(config.agentNoSuccessfulSync.for);
    const r = 10 + w + f + 5;
    const length = r + 8;
    out.push(
      scenario(
        "SPIREAgentNoSuccessfulSync: resolves when a stuck host-network agent's pod is replaced",
        {
          series: [
            ...agentSeries(
              ctx,
              node,
              length,
              {
                ok: [ramp(0, syncsPerMinute, 10), steady(9 * syncsPerMinute, r - 9), stale()],
                started: [steady(1, r + 1), stale()],
              },
              oldPod,
            ),
            ...newPodSyncing(r, length),
          ],
          expect: [
            expectAlert(alert, at(r - 1), { ...ctx.cluster, host: node } as Host),
            expectNoAlert(alert, at(r + 3)),
          ],
        },
      ),
    );
  }
  return out;
}
