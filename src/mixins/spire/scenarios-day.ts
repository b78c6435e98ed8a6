/**
 * A healthy day of SPIRE, sampled every minute and evaluated every 10: servers in HA preparing and
 * activating their X.509 CAs at the configured caTTL, a rolling restart of the servers (the agents
 * on each fail a few syncs and move to the other), a rolling restart of the agents, a datastore
 * hiccup. It raises no alert at all. Parts that the config's thresholds are too strict to tolerate
 * (a stricter ratio than a few failed syncs) are left out, and said so in the scenario's name.
 */
import { evaluationStep, at, minutes } from "../common/scenario-time.js";
import { parseDurationMs } from "../../promql/duration.js";
import { missing, ramp, stale, steady, type Segment } from "../../testing/notation.js";
import {
  expectNoAlert,
  scenario,
  series,
  type InputSeries,
  type Scenario,
} from "../../testing/scenario.js";
import {
  agentStarted,
  agentSvidRotate,
  agentSyncEntries,
  caRotateExpiration,
  serverAttestAgent,
  serverBatchNewX509Svid,
  serverCaPrepare,
  serverDatastoreEntryList,
  serverKeyManagerSign,
  serverStarted,
  serverSyncAuthorizedEntries,
} from "./catalog.js";
import { serverErrorWindow, type CallCounter } from "./rules.js";
import { caActivations, preparationLead } from "./rotation.js";
import type { SpireScenarioContext } from "./scenario-context.js";

const day = 24 * 60;
/** One sample a minute, the last at 24h. */
const length = day + 1;

/** A sample: a value, or none (`null`: a scrape without it), or a staleness marker. */
type Sample = number | null | "stale";

/** Samples as notation: runs of a constant step become ramps, gaps `_`. */
function encode(values: readonly Sample[]): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  while (i < values.length) {
    const v = values[i];
    if (v === "stale") {
      out.push(stale());
      i += 1;
      continue;
    }
    if (v === null) {
      let j = i;
      while (j < values.length && values[j] === null) j += 1;
      out.push(missing(j - i));
      i = j;
      continue;
    }
    const start = v as number;
    const next = values[i + 1];
    const step = typeof next === "number" ? next - start : 0;
    let j = i + 1;
    while (j < values.length && values[j] === start + step * (j - i)) j += 1;
    out.push(step === 0 ? steady(start, j - i) : ramp(start, step, j - i));
    i = j;
  }
  return out;
}

interface Life {
  /** The first minute the process is scraped (before: no sample). */
  readonly from?: number;
  /** Minutes at which it restarts: gone for that scrape, back from 0. */
  readonly restarts?: readonly number[];
  /** The minute it goes for good (a staleness marker; after: no sample). */
  readonly gone?: number;
}

/** The samples of a process's series over the day, `value(t, previous)` while it is up. */
function lifeline(
  life: Life,
  value: (t: number, previous: number | undefined) => number,
): Sample[] {
  const out: Sample[] = [];
  let previous: number | undefined;
  for (let t = 0; t < length; t++) {
    if (t < (life.from ?? 0) || t > (life.gone ?? Infinity)) out.push(null);
    else if (t === life.gone || life.restarts?.includes(t)) {
      out.push("stale");
      previous = undefined;
    } else {
      previous = value(t, previous);
      out.push(previous);
    }
  }
  return out;
}

/** A counter that grows by `inc(t)` in minute t, from `base` at the start of the day and 0 after a restart. */
const counter = (life: Life, inc: (t: number) => number, base = 1000) =>
  lifeline(life, (t, previous) =>
    previous === undefined ? (t === 0 ? base : 0) : previous + inc(t),
  );

/** A gauge of value `value(t)`. */
const gauge = (life: Life, value: (t: number) => number) => lifeline(life, (t) => value(t));

export function spireHealthyDayScenarios(ctx: SpireScenarioContext): Scenario[] {
  const { config, rules } = ctx;
  const a = rules.alerts;
  const ttl = parseDurationMs(config.caTTL) / 1000;
  const servers = Array.from(
    { length: config.serverReplicasMissing.expected ?? 2 },
    (_, i) => `spire-server-${i}`,
  );
  /*
   * The servers' rollout from 10:03, one every 5 minutes; the agents' from 15:03; a datastore
   * hiccup at 18:00. Each pod is gone for one scrape, off the 10-minute evaluations: at a 1m
   * evaluation that gap is seen for a minute, which no `for` above 0s turns into an alert (the
   * rolling restart scenario checks it at 1m); here the evaluations see what follows it.
   */
  const serverRestart = (i: number) => 603 + 5 * i;
  const agentRollout = 903;
  const hiccup = 1080;

  // Which of the day's disturbances the thresholds tolerate. An agent whose server goes fails a
  // sync a minute for 4 minutes: at most 7% of its syncs in 5m, quiet when the ratio is twice that
  // or the alerts outlast the window.
  const syncFors = [config.agentSyncFailure.for, config.agentFleetSyncFailure.for].map(minutes);
  const failedSyncs = config.agentSyncFailure.ratio > 0.15 || Math.min(...syncFors) >= 7;
  // Two failed datastore reads in the 10m window: under 2% of a server's reads.
  const windowMinutes = parseDurationMs(serverErrorWindow) / 60_000;
  const datastoreErrors =
    config.serverDatastoreErrors.ratio > 0.05 ||
    minutes(config.serverDatastoreErrors.for) > windowMinutes;

  const hasGauge = a.caExpiringSoon !== undefined;
  // The minutes at which a server activates its next CA: the least time left is just before.
  const activations: number[] = [];
  const serverSeries = servers.flatMap((host, i): InputSeries[] => {
    const life = { restarts: [serverRestart(i)] };
    const target = ctx.serverTarget(host);
    const calls = (
      metric: CallCounter,
      status: string,
      inc: (t: number) => number,
      base?: number,
    ) => series(metric, { ...target, status }, ...encode(counter(life, inc, base)));
    // Each server's CAs: started a while before the day, at different points of the cycle.
    const cycles = Math.ceil((day * 60) / (ttl - preparationLead(ttl)));
    const acts = caActivations(ttl, cycles + 4, -Math.round(ttl * (0.3 + 0.4 * i)));
    const activeAt = acts.map((x) => Math.ceil(x.activeAt / 60));
    activations.push(...activeAt.filter((t) => t > 0 && t < day));
    const preparedAt = acts.map((x) => Math.ceil(x.preparedAt / 60));
    // A restarting server activates the CA it has at once (manager.go, NewManager): the gauge
    // is back with the same value.
    const notAfter = (t: number) =>
      acts.filter((_, k) => (activeAt[k] as number) <= t).at(-1)?.notAfter ?? 0;
    return [
      series(
        serverStarted,
        { ...target, version: ctx.serverVersion, trust_domain_id: ctx.trustDomain },
        ...encode(gauge(life, () => 1)),
      ),
      ...(hasGauge
        ? [
            series(
              caRotateExpiration,
              { ...target, trust_domain_id: ctx.trustDomain },
              ...encode(gauge(life, notAfter)),
            ),
          ]
        : []),
      series(
        serverCaPrepare,
        { ...target, status: "OK" },
        ...encode(counter(life, (t) => preparedAt.filter((p) => p === t).length, 3)),
      ),
      calls(serverDatastoreEntryList, "OK", () => 12),
      ...(datastoreErrors
        ? [calls(serverDatastoreEntryList, "Unknown", (t) => (t === hiccup ? 2 : 0), 0)]
        : []),
      calls(serverSyncAuthorizedEntries, "OK", () => 12),
      // Streams the agents drop while another server goes away and they rebalance.
      calls(
        serverSyncAuthorizedEntries,
        "Canceled",
        (t) => (servers.some((_, j) => j !== i && serverRestart(j) === t) ? 3 : 0),
        0,
      ),
      calls(serverBatchNewX509Svid, "OK", () => 2),
      calls(serverKeyManagerSign, "OK", () => 6),
      calls(serverAttestAgent, "OK", () => 0, 5),
    ];
  });

  // An agent per server: it fails a few syncs when its server goes, then syncs with another.
  const agentSeries = servers.flatMap((_, i): InputSeries[] => {
    const host = `spire-agent-${i}`;
    const lost = serverRestart(i);
    const restart = agentRollout + 5 * i;
    const agent = (h: string, life: Life, base: number) => {
      const target = ctx.agentTarget(h);
      const failing = (t: number) => failedSyncs && t >= lost && t < lost + 4;
      const synced = (t: number) => (failing(t) ? 11 : 12);
      return [
        series(
          agentStarted,
          { ...target, version: ctx.serverVersion, trust_domain_id: ctx.trustDomain },
          ...encode(gauge(life, () => 1)),
        ),
        series(
          agentSyncEntries,
          { ...target, status: "OK" },
          ...encode(counter(life, synced, base)),
        ),
        ...(failedSyncs
          ? [
              series(
                agentSyncEntries,
                { ...target, status: "Unavailable" },
                ...encode(counter(life, (t) => (failing(t) ? 1 : 0), 0)),
              ),
            ]
          : []),
        // The agent's own SVID, rotated every half hour.
        series(
          agentSvidRotate,
          { ...target, status: "OK" },
          ...encode(counter(life, (t) => (t % 30 === 0 ? 1 : 0), base && 40)),
        ),
      ];
    };
    // The first agent keeps its name across its restart (with hostNetwork, `host` is the node's
    // name); the others come back as new pods, a scrape after the old one went.
    return i === 0
      ? agent(host, { restarts: [restart] }, 1000)
      : [
          ...agent(host, { gone: restart }, 1000),
          ...agent(`${host}-new`, { from: restart + 1 }, 0),
        ];
  });

  const quiet = Object.values(a).filter(
    (q): q is NonNullable<typeof q> =>
      q !== undefined &&
      // Before v1.13.3 every server is reported unmonitored, healthy or not.
      (hasGauge || q !== a.caExpiryUnmonitored),
  );
  // Every hour, and every 10 minutes in the hour after each disturbance.
  const after = (t: number) => Array.from({ length: 7 }, (_, k) => Math.ceil(t / 10) * 10 + 10 * k);
  const times = [
    ...new Set([
      ...Array.from({ length: 24 }, (_, h) => 60 * (h + 1)),
      ...after(serverRestart(0)),
      ...after(agentRollout),
      ...after(hiccup),
      ...activations.flatMap((t) => [Math.floor(t / 10) * 10, Math.ceil(t / 10) * 10 + 10]),
    ]),
  ].sort((x, y) => x - y);
  const left = [!failedSyncs && "failed syncs", !datastoreErrors && "datastore errors"].filter(
    (x): x is string => typeof x === "string",
  );
  return [
    scenario(
      `SPIRE: a healthy day (ca_ttl ${config.caTTL}, ${servers.length} servers, rolling restarts${left.length ? `; without ${left.join(" or ")}, stricter than the thresholds` : ""}) raises no alert`,
      {
        ...evaluationStep(...times),
        series: [...serverSeries, ...agentSeries],
        expect: times.flatMap((t) => quiet.map((q) => expectNoAlert(q, at(t)))),
      },
    ),
  ];
}
