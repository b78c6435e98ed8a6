/**
 * promtool scenarios of the SPIRE server's error ratios (datastore reads, entry fetches, SVID
 * signing) and of its replica count: each fires above its ratio, for the one server of two that
 * fails and for the one cluster of two; a short burst of errors, calls the agents cancel and a
 * healthy server raise nothing.
 */
import { at, minutes } from "../common/scenario-time.js";
import { parseDurationMs, type DurationLiteral } from "../../promql/duration.js";
import type { AlertingRule } from "../../rules/model.js";
import { ramp, stale, steady, missing, type Segment } from "../../testing/notation.js";
import {
  expectAlert,
  expectNoAlert,
  scenario,
  series,
  type InputSeries,
  type Scenario,
} from "../../testing/scenario.js";
import {
  serverBatchNewX509Svid,
  serverDatastoreEntryEventList,
  serverDatastoreEntryList,
  serverGetAuthorizedEntries,
  serverKeyManagerSign,
  serverStarted,
  serverSyncAuthorizedEntries,
} from "./catalog.js";
import { serverErrorWindow, type CallCounter } from "./rules.js";
import { exactShare, exactStep, type SpireScenarioContext } from "./scenario-context.js";

type Host = { cluster: string; host: string };
type Counter = CallCounter;

interface ErrorRatioCase {
  readonly alert: AlertingRule<"cluster" | "host">;
  readonly settings: { readonly for: DurationLiteral; readonly ratio: number };
  /** The counters the ratio reads; the first is the one a default server uses. */
  readonly counters: readonly Counter[];
  /** The status of a failed call. */
  readonly failure: string;
  /** Whether the ratio leaves out calls the caller cancelled. */
  readonly ignoresCanceled: boolean;
}

/** Calls a minute: an entry cache reload or an agent's sync about every 5 s. */
const perMinute = 12;
const windowMinutes = parseDurationMs(serverErrorWindow) / 60_000;

function errorRatioScenarios(ctx: SpireScenarioContext, c: ErrorRatioCase): Scenario[] {
  const { alert, settings } = c;
  const name = alert.name;
  const f = minutes(settings.for);
  const n = f + 2 * windowMinutes + 20;
  // Failing: halfway between the ratio and every call.
  const share = (1 + settings.ratio) / 2;
  const host = (h: string, cl = ctx.cluster) => ({ ...cl, host: h }) as Host;
  const calls = (
    h: string,
    counter: Counter,
    ok: Segment[],
    failed: Segment[] = [],
    cl = ctx.cluster,
    status = c.failure,
  ): InputSeries[] => [
    series(counter, { ...ctx.serverTarget(h, cl), status: "OK" }, ...ok),
    ...(failed.length ? [series(counter, { ...ctx.serverTarget(h, cl), status }, ...failed)] : []),
  ];
  const main = c.counters[0] as Counter;
  const failing = (h: string, length: number, cl = ctx.cluster) =>
    calls(
      h,
      main,
      [ramp(0, perMinute * (1 - share), length)],
      [ramp(0, perMinute * share, length)],
      cl,
    );
  const healthy = (h: string, length: number, cl = ctx.cluster) =>
    calls(h, main, [ramp(0, perMinute, length)], [], cl);
  /*
   * Failing until minute `for` + 9, succeeding from `for` + 10, 1000 calls a minute (whole
   * numbers: a flat counter after a ramp of fractions could read as a reset). Two minutes later
   * the window still holds 7 minutes of failures (besides 8 of their successes and 2 minutes of
   * full success): firing while that share is above the ratio; once the window has passed the
   * failures, quiet.
   */
  const failedOf1000 = Math.round(1000 * share);
  const stillFailing = (7 * failedOf1000) / (7 * failedOf1000 + 8 * (1000 - failedOf1000) + 2000);
  const resolving = (counter: Counter, title: string) =>
    scenario(title, {
      series: calls(
        "spire-server-0",
        counter,
        [
          ramp(0, 1000 - failedOf1000, f + 10),
          ramp((f + 10) * (1000 - failedOf1000), 1000, n - f - 10),
        ],
        [ramp(0, failedOf1000, f + 10), steady((f + 9) * failedOf1000, n - f - 10)],
      ),
      expect: [
        expectAlert(alert, at(f + 5), host("spire-server-0"), { value: failedOf1000 / 1000 }),
        ...(stillFailing > settings.ratio * 1.01
          ? [expectAlert(alert, at(f + 12), host("spire-server-0"), { value: stillFailing })]
          : []),
        expectNoAlert(alert, at(f + 10 + windowMinutes + 1)),
      ],
    });
  const out: Scenario[] = [
    scenario(`${name}: fires when more than the ratio of a server's calls fail`, {
      series: failing("spire-server-0", n),
      expect: [
        ...(f >= 2 ? [expectNoAlert(alert, at(f - 1))] : []),
        expectAlert(alert, at(f + 5), host("spire-server-0"), { value: share }),
      ],
    }),
    scenario(`${name}: with two servers, fires for the one that fails`, {
      series: [...healthy("spire-server-0", n), ...failing("spire-server-1", n)],
      expect: [expectAlert(alert, at(f + 5), host("spire-server-1"), { value: share })],
    }),
    scenario(`${name}: stays quiet while the server's calls succeed`, {
      series: healthy("spire-server-0", n),
      expect: [expectNoAlert(alert, at(f + 5)), expectNoAlert(alert, at(n - 1))],
    }),
    resolving(main, `${name}: resolves when the calls succeed again`),
  ];
  // A minute in which every call fails (a database failover, a restarting peer) is about a tenth
  // of the window: quiet when the ratio is above that, or when `for` outlasts the window.
  if (settings.ratio >= 0.2 || f > windowMinutes) {
    const b = 10;
    out.push(
      scenario(`${name}: a minute of errors pages nobody`, {
        series: calls(
          "spire-server-0",
          main,
          // No success in minute b: the OK counter holds, the failed one takes the minute's calls.
          [
            ramp(0, perMinute, b),
            steady((b - 1) * perMinute, 1),
            ramp(b * perMinute, perMinute, n - b - 1),
          ],
          [steady(0, b), steady(perMinute, n - b)],
        ),
        expect: [b + 1, b + 5, b + windowMinutes - 1, b + f, b + f + 2]
          .filter((t) => t < n)
          .map((t) => expectNoAlert(alert, at(t))),
      }),
    );
  }
  if (c.ignoresCanceled)
    out.push(
      scenario(`${name}: calls the agents cancel are not failures`, {
        series: calls(
          "spire-server-0",
          main,
          [ramp(0, perMinute, n)],
          [ramp(0, perMinute, n)],
          ctx.cluster,
          "Canceled",
        ),
        expect: [expectNoAlert(alert, at(f + 5))],
      }),
    );
  // Exactly at the ratio: the alert needs more.
  const exact = exactShare(settings.ratio);
  if (exact)
    out.push(
      scenario(`${name}: stays quiet with exactly the ratio of calls failing`, {
        series: calls(
          "spire-server-0",
          main,
          [ramp(0, exactStep * (exact.whole - exact.part), n)],
          [ramp(0, exactStep * exact.part, n)],
        ),
        expect: [expectNoAlert(alert, at(f + 12)), expectNoAlert(alert, at(n - 1))],
      }),
    );
  // Just below the ratio: three quarters of it, between the ratio and half of it.
  const below = (settings.ratio * 3) / 4;
  out.push(
    scenario(`${name}: stays quiet below the ratio`, {
      series: calls(
        "spire-server-0",
        main,
        [ramp(0, perMinute * (1 - below), n)],
        [ramp(0, perMinute * below, n)],
      ),
      expect: [expectNoAlert(alert, at(f + 5)), expectNoAlert(alert, at(n - 1))],
    }),
  );
  const other = c.counters[1];
  if (other !== undefined) {
    // Both counters failing at once (the database or the key manager down for every caller), at a
    // share between the ratio and twice it: the failures of the two add up, neither alone is enough.
    const both = (settings.ratio + Math.min(1, 2 * settings.ratio)) / 2;
    const half = (cn: Counter) =>
      calls(
        "spire-server-0",
        cn,
        [ramp(0, perMinute * (1 - both), n)],
        [ramp(0, perMinute * both, n)],
      );
    out.push(
      scenario(`${name}: the failures of both calls add up`, {
        series: [...half(main), ...half(other)],
        expect: [expectAlert(alert, at(f + 5), host("spire-server-0"), { value: both })],
      }),
    );
  }
  if (other !== undefined)
    // A server that uses the other call only (the events-based cache, agents that fetch rather
    // than sync; BatchNewX509SVID calls that fail before they sign).
    out.push(resolving(other, `${name}: fires and resolves on ${other.meta.name} alone`));
  if (other !== undefined) {
    // The first counter all OK, the other failing: x / (24 + x) = share. Read as one series set,
    // the other counter's OK rate (same labels as the first's) would be lost.
    const x = (2 * perMinute * share) / (1 - share);
    out.push(
      scenario(`${name}: reads ${other.meta.name} as well`, {
        series: [
          ...calls("spire-server-0", main, [ramp(0, perMinute, n)]),
          ...calls("spire-server-0", other, [ramp(0, perMinute, n)], [ramp(0, x, n)]),
        ],
        expect: [expectAlert(alert, at(f + 5), host("spire-server-0"), { value: share })],
      }),
    );
  }
  if (ctx.config.clusterLabel)
    out.push(
      scenario(`${name}: fires for the cluster whose server fails, not for its namesake`, {
        series: [
          ...failing("spire-server-0", n, { cluster: "a" }),
          ...healthy("spire-server-0", n, { cluster: "b" }),
        ],
        expect: [
          expectAlert(alert, at(f + 5), host("spire-server-0", { cluster: "a" }), {
            value: share,
          }),
        ],
      }),
    );
  return out;
}

function replicaScenarios(ctx: SpireScenarioContext): Scenario[] {
  const alert = ctx.rules.alerts.serverReplicasMissing;
  const expected = ctx.config.serverReplicasMissing.expected;
  if (alert === undefined || expected === undefined) return [];
  const f = minutes(ctx.config.serverReplicasMissing.for);
  const n = f + 30;
  const hosts = Array.from({ length: expected }, (_, i) => `spire-server-${i}`);
  const started = (h: string, cl: Record<string, string>, ...v: Segment[]) =>
    series(
      serverStarted,
      {
        ...ctx.serverTarget(h, cl),
        version: ctx.serverVersion,
        trust_domain_id: ctx.trustDomain,
      },
      ...v,
    );
  const td = (cl = ctx.cluster) =>
    ({ ...cl, trust_domain_id: ctx.trustDomain }) as { cluster: string; trust_domain_id: string };
  // All servers up, the last one gone from minute 5 (its series marked stale).
  const oneGone = (cl = ctx.cluster) =>
    hosts.map((h, i) =>
      i === expected - 1 ? started(h, cl, steady(1, 5), stale()) : started(h, cl, steady(1, n)),
    );
  const out: Scenario[] = [
    scenario("SPIREServerReplicasMissing: fires when a server stops reporting", {
      series: oneGone(),
      expect: [
        ...(f >= 1 ? [expectNoAlert(alert, at(5 + f - 1))] : []),
        expectAlert(alert, at(5 + f + 1), td(), { value: expected - 1 }),
      ],
    }),
    scenario("SPIREServerReplicasMissing: stays quiet while every server reports", {
      series: hosts.map((h) => started(h, ctx.cluster, steady(1, n))),
      expect: [expectNoAlert(alert, at(f + 5)), expectNoAlert(alert, at(n - 1))],
    }),
    scenario("SPIREServerReplicasMissing: resolves when the server is back", {
      series: hosts.map((h, i) =>
        i === expected - 1
          ? started(h, ctx.cluster, steady(1, 5), stale(), missing(f + 4), steady(1, n - f - 10))
          : started(h, ctx.cluster, steady(1, n)),
      ),
      expect: [
        expectAlert(alert, at(5 + f + 1), td(), { value: expected - 1 }),
        expectNoAlert(alert, at(f + 12)),
      ],
    }),
  ];
  // A rolling restart: each server gone for a scrape, one after the other.
  if (f >= 3)
    out.push(
      scenario("SPIREServerReplicasMissing: a rolling restart of the servers raises nothing", {
        series: hosts.map((h, i) =>
          started(h, ctx.cluster, steady(1, 5 + 2 * i), stale(), steady(1, n - 6 - 2 * i)),
        ),
        expect: [5, 5 + expected, 5 + 2 * expected, n - 1].map((t) => expectNoAlert(alert, at(t))),
      }),
    );
  if (ctx.config.clusterLabel)
    out.push(
      scenario("SPIREServerReplicasMissing: fires for the cluster short of a server only", {
        series: [
          ...hosts.map((h) => started(h, { cluster: "a" }, steady(1, n))),
          ...oneGone({ cluster: "b" }),
        ],
        expect: [expectAlert(alert, at(5 + f + 1), td({ cluster: "b" }), { value: expected - 1 })],
      }),
    );
  return out;
}

export function spireServerScenarios(ctx: SpireScenarioContext): Scenario[] {
  const { config, rules } = ctx;
  return [
    ...errorRatioScenarios(ctx, {
      alert: rules.alerts.serverDatastoreErrors,
      settings: config.serverDatastoreErrors,
      counters: [serverDatastoreEntryList, serverDatastoreEntryEventList],
      // What a database fault becomes (gormToGRPCStatus).
      failure: "Unknown",
      ignoresCanceled: false,
    }),
    ...errorRatioScenarios(ctx, {
      alert: rules.alerts.serverEntryFetchErrors,
      settings: config.serverEntryFetchErrors,
      counters: [serverSyncAuthorizedEntries, serverGetAuthorizedEntries],
      failure: "Unavailable",
      ignoresCanceled: true,
    }),
    ...errorRatioScenarios(ctx, {
      alert: rules.alerts.serverSvidSigningErrors,
      settings: config.serverSvidSigningErrors,
      counters: [serverKeyManagerSign, serverBatchNewX509Svid],
      failure: "Internal",
      ignoresCanceled: true,
    }),
    ...replicaScenarios(ctx),
  ];
}
