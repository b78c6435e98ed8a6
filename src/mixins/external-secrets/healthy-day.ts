/**
 * A day of a healthy External Secrets Operator, as one promtool scenario that must raise no alert:
 * two controller replicas with leader election restarted one by one, a leader failover, stores and
 * ExternalSecrets refreshed on schedule, a provider's transient error that the next retry
 * recovers, one conflict on a ClusterExternalSecret, webhook and cert-controller restarts.
 */
import { at, evaluationStep, minutes } from "../common/scenario-time.js";
import { Selector } from "../../promql/selector.js";
import { missing, ramp, stale, steady, type Segment } from "../../testing/notation.js";
import { expectSamples, scenario, series, type Scenario } from "../../testing/scenario.js";
import { reconcileErrorsTotal, reconcileTotal, up } from "../common/controller-runtime.js";
import {
  externalSecretCondition,
  externalSecretSyncErrors,
  providerApiCalls,
  secretStoreCondition,
} from "./catalog.js";
import type { ExternalSecretsConfig } from "./config.js";

const day = 24 * 60;

/** One value a minute from 0 to `day`; undefined: no sample; "stale": the series ends. */
type Value = number | undefined | "stale";

/** Minute-by-minute values as promtool segments: runs of a constant step become ramps. */
function segments(values: readonly Value[]): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  while (i < values.length) {
    const v = values[i];
    if (v === "stale") {
      out.push(stale());
      i++;
    } else if (v === undefined) {
      let n = 1;
      while (values[i + n] === undefined && i + n < values.length) n++;
      out.push(missing(n));
      i += n;
    } else {
      const next = values[i + 1];
      const step = typeof next === "number" ? next - v : 0;
      let n = 1;
      while (i + n < values.length && values[i + n] === v + step * n) n++;
      out.push(step === 0 ? steady(v, n) : ramp(v, step, n));
      i += n;
    }
  }
  return out;
}

/** A series alive from `from` to `to` (a stale marker at `to` when it is within the day). */
function life(from: number, to: number, value: (m: number) => number): Value[] {
  return Array.from({ length: day + 1 }, (_, m) =>
    m < from ? undefined : m < to ? value(m) : m === to ? "stale" : undefined,
  );
}

/**
 * A counter from 0 at `from`: one more every `everyMinutes` (Infinity: none), plus `extra` events at
 * the given minutes (`[minute, events]`).
 */
const counter =
  (from: number, everyMinutes: number, extra: readonly (readonly [number, number])[] = []) =>
  (m: number) =>
    Math.floor((m - from) / everyMinutes) +
    extra.filter(([t]) => t <= m && t >= from).reduce((n, [, e]) => n + e, 0);

const firingAlerts = new Selector<string, "gauge">({
  type: "vectorSelector",
  name: "ALERTS",
  matchers: [],
  knownKind: "gauge",
}).where({ alertstate: "firing" });

export function healthyDay(
  config: ExternalSecretsConfig,
  target: (
    pod: string,
    component?: "controller" | "webhook" | "certController",
  ) => Record<string, string>,
  object: { readonly exported_namespace: string; readonly name: string },
): Scenario {
  // Controller pods: generation a until the rolling restart at 6h, generation b after it.
  // The leader holds the lease (and alone exports object series): a0, then a1 while the restart
  // goes on, then b0 until it loses the lease at 12h and restarts in place, then b1.
  const pods = [
    { pod: "eso-a0", up: [0, 360], leads: [0, 360] },
    { pod: "eso-a1", up: [0, 365], leads: [361, 365] },
    { pod: "eso-b0", up: [358, day + 1], leads: [366, 720], down: 721 },
    { pod: "eso-b1", up: [363, day + 1], leads: [722, day + 1] },
  ] as const;
  const f = (s: { readonly for: Parameters<typeof minutes>[0] }) => minutes(s.for);
  // A transient error is left out where a `for` shorter than its footprint makes it a real alert.
  const blip = f(config.syncErrors) >= 15 && f(config.providerErrors) >= 6 ? 900 : undefined;
  const conflict =
    f(config.clusterReconcileErrors) > 21 && f(config.reconcileErrors) >= 6 ? 1000 : undefined;
  const webhookCrash = f(config.webhookMetricsAbsent) >= 2 ? 1200 : undefined;
  const events = (t: number | undefined, n: number) => (t === undefined ? [] : ([[t, n]] as const));

  const out = [];
  for (const p of pods) {
    const [from, to] = p.up;
    out.push(
      series(
        up,
        target(p.pod),
        ...segments(life(from, to, (m) => ("down" in p && m === p.down ? 0 : 1))),
      ),
    );
    const [lf, lt] = p.leads;
    const led = (...args: Parameters<typeof series>) => out.push(series(...args));
    const status = (metric: typeof externalSecretCondition, ready: "True" | "False") =>
      led(
        metric,
        { ...target(p.pod), ...object, condition: "Ready", status: ready },
        ...segments(life(lf, lt, () => (ready === "True" ? 1 : 0))),
      );
    status(externalSecretCondition, "False");
    status(externalSecretCondition, "True");
    status(secretStoreCondition, "False");
    // Refreshed every 10 minutes; the transient error fails three calls, the retry succeeds.
    led(
      externalSecretSyncErrors,
      { ...target(p.pod), ...object },
      ...segments(life(lf, lt, counter(lf, Infinity, events(blip, 3)))),
    );
    const call = { provider: "HashiCorp/Vault", call: "ReadSecretData" };
    led(
      providerApiCalls,
      { ...target(p.pod), ...call, status: "success" },
      ...segments(life(lf, lt, (m) => (m - lf) * 3)),
    );
    led(
      providerApiCalls,
      { ...target(p.pod), ...call, status: "error" },
      ...segments(life(lf, lt, counter(lf, Infinity, events(blip, 3)))),
    );
    for (const controller of ["externalsecret", "clusterexternalsecret"])
      led(
        reconcileTotal,
        { ...target(p.pod), controller, result: "success" },
        ...segments(life(lf, lt, counter(lf, controller === "externalsecret" ? 1 : 10))),
      );
    led(
      reconcileTotal,
      { ...target(p.pod), controller: "clusterexternalsecret", result: "error" },
      ...segments(life(lf, lt, counter(lf, Infinity, events(conflict, 1)))),
    );
    led(
      reconcileErrorsTotal,
      { ...target(p.pod), controller: "clusterexternalsecret" },
      ...segments(life(lf, lt, counter(lf, Infinity, events(conflict, 1)))),
    );
  }
  // The webhook rolled at 10h (the new pod ready first), its container restarted at 20h; the
  // cert-controller rolled with the controllers.
  out.push(
    series(up, target("eso-webhook-a", "webhook"), ...segments(life(0, 600, () => 1))),
    series(
      up,
      target("eso-webhook-b", "webhook"),
      ...segments(life(598, day + 1, (m) => (m === webhookCrash ? 0 : 1))),
    ),
    series(
      up,
      target("eso-cert-controller-a", "certController"),
      ...segments(life(0, 361, () => 1)),
    ),
    series(
      up,
      target("eso-cert-controller-b", "certController"),
      ...segments(life(359, day + 1, () => 1)),
    ),
  );
  // Every evaluation of the day, in one query: no alert of the mixin fires.
  const checks = Array.from({ length: day / 10 }, (_, i) => (i + 1) * 10);
  return scenario(
    "A healthy day: restarts, failover, refreshes and a transient error raise no alert",
    {
      ...evaluationStep(...checks),
      series: out,
      expect: checks.map((t) => expectSamples(firingAlerts, at(t), [])),
    },
  );
}
