/**
 * promtool scenarios of SPIREMetricsAbsent: the servers and the agents apart (`component`), per
 * cluster with a cluster label. A server that vanishes or whose target is down fires, for its
 * cluster only; a server restart or one agent of many leaving raises nothing.
 */
import { at, before, minutes, pendingAfterOneMinute } from "../common/scenario-time.js";
import { absentLabels } from "../common/scenario-labels.js";
import { up } from "../common/controller-runtime.js";
import { missing, stale, steady, type Segment } from "../../testing/notation.js";
import {
  expectAlert,
  expectNoAlert,
  scenario,
  series,
  type Scenario,
} from "../../testing/scenario.js";
import { agentStarted, serverStarted } from "./catalog.js";
import type { SpireScenarioContext } from "./scenario-context.js";

type Component = "server" | "agent";

export function spirePresenceScenarios(ctx: SpireScenarioContext): Scenario[] {
  const { config } = ctx;
  const alert = ctx.rules.alerts.metricsAbsent;
  const f = minutes(config.metricsAbsent.for);
  const n = f + 20;
  const selectorOf = (c: Component) =>
    c === "agent" ? config.agentSelector : config.serverSelector;
  // Never reported: absent() or absent_over_time() name the selector's exact matchers.
  const neverSeen = (c: Component) => ({ ...absentLabels(selectorOf(c)), component: c }) as never;
  // Reported, and gone now: the cluster with a cluster label, as `neverSeen` without.
  const lost = (c: Component, cl = ctx.cluster) =>
    (config.clusterLabel ? { ...cl, component: c } : neverSeen(c)) as never;
  const started = (c: Component, host: string, cl: Record<string, string>, ...v: Segment[]) =>
    series(
      c === "server" ? serverStarted : agentStarted,
      {
        ...(c === "server" ? ctx.serverTarget(host, cl) : ctx.agentTarget(host, cl)),
        version: ctx.serverVersion,
        trust_domain_id: ctx.trustDomain,
      },
      ...v,
    );
  // The server's target: its `up` has the target's labels, not SPIRE's `host`.
  const upTarget = (cl: Record<string, string>) => {
    const { host: _, ...target } = ctx.serverTarget("spire-server-0", cl);
    return target;
  };
  const server = (...v: Segment[]) => started("server", "spire-server-0", ctx.cluster, ...v);
  const agent = (host: string, ...v: Segment[]) => started("agent", host, ctx.cluster, ...v);
  // A healthy cluster besides: both components report throughout.
  const healthyCluster = (cl: Record<string, string>) => [
    started("server", "spire-server-0", cl, steady(1, n)),
    started("agent", "spire-agent-a", cl, steady(1, n)),
  ];
  const out: Scenario[] = [
    scenario("SPIREMetricsAbsent: fires when no agent has reported", {
      series: [server(steady(1, n))],
      expect: [
        ...before(f).map((t) => expectNoAlert(alert, t)),
        expectAlert(alert, at(f + 2), neverSeen("agent")),
      ],
    }),
    scenario("SPIREMetricsAbsent: fires when the server vanishes", {
      series: [agent("spire-agent-a", steady(1, n)), server(steady(1, 5), stale())],
      expect: [
        // Samples at 0m to 4m, a stale marker at 5m: missing from 5m.
        ...before(f + 5).map((t) => expectNoAlert(alert, t)),
        expectAlert(alert, at(f + 10), lost("server")),
      ],
    }),
    scenario("SPIREMetricsAbsent: fires when the server's target is down", {
      // A failed scrape marks the target's series stale; `up` says why.
      series: [
        agent("spire-agent-a", steady(1, n)),
        server(steady(1, 5), stale()),
        series(up, upTarget(ctx.cluster), steady(1, 5), steady(0, n - 5)),
      ],
      expect: [expectAlert(alert, at(f + 10), lost("server"))],
    }),
    scenario("SPIREMetricsAbsent: stays quiet while server and agents report", {
      series: [server(steady(1, n)), agent("spire-agent-a", steady(1, n))],
      expect: [expectNoAlert(alert, at(f + 5))],
    }),
    scenario("SPIREMetricsAbsent: resolves when the agents report again", {
      series: [server(steady(1, n)), agent("spire-agent-a", missing(f + 5), steady(1, 15))],
      expect: [expectAlert(alert, at(f + 2), neverSeen("agent")), expectNoAlert(alert, at(f + 8))],
    }),
    scenario("SPIREMetricsAbsent: one agent of many leaving raises nothing", {
      // A node drained: its agent goes, the others stay.
      series: [
        server(steady(1, n)),
        agent("spire-agent-a", steady(1, 5), stale()),
        agent("spire-agent-b", steady(1, n)),
      ],
      expect: [expectNoAlert(alert, at(f + 10))],
    }),
  ];
  // The StatefulSet's pod is back under its name a scrape later: absent for one evaluation.
  if (pendingAfterOneMinute(config.metricsAbsent.for))
    out.push(
      scenario("SPIREMetricsAbsent: a server restart raises nothing", {
        series: [
          agent("spire-agent-a", steady(1, n)),
          server(steady(1, 10), stale(), steady(1, n - 11)),
        ],
        expect: [10, 11, f + 12].map((t) => expectNoAlert(alert, at(t))),
      }),
    );
  if (config.clusterLabel) {
    const staging = { cluster: "staging" };
    out.push(
      scenario("SPIREMetricsAbsent: one cluster of many losing its server fires for that cluster", {
        // Thanos, Mimir: both clusters' series in one place; staging's server vanishes.
        series: [
          ...healthyCluster(ctx.cluster),
          started("server", "spire-server-0", staging, steady(1, 5), stale()),
          started("agent", "spire-agent-a", staging, steady(1, n)),
        ],
        expect: [expectAlert(alert, at(f + 10), lost("server", staging))],
      }),
      scenario(
        "SPIREMetricsAbsent: a cluster whose server target is down fires while the others are healthy",
        {
          series: [
            ...healthyCluster(ctx.cluster),
            started("server", "spire-server-0", staging, steady(1, 5), stale()),
            series(up, upTarget(staging), steady(1, 5), steady(0, n - 5)),
            started("agent", "spire-agent-a", staging, steady(1, n)),
          ],
          expect: [expectAlert(alert, at(f + 10), lost("server", staging))],
        },
      ),
      scenario("SPIREMetricsAbsent: a cluster losing all its agents fires for that cluster", {
        series: [
          ...healthyCluster(ctx.cluster),
          started("server", "spire-server-0", staging, steady(1, n)),
          started("agent", "spire-agent-a", staging, steady(1, 5), stale()),
          started("agent", "spire-agent-b", staging, steady(1, 5), stale()),
        ],
        expect: [expectAlert(alert, at(f + 10), lost("agent", staging))],
      }),
    );
  }
  return out;
}
