/**
 * promtool scenarios of the Flux mixin, for every configured data source: each alert fires, stays
 * quiet and resolves; suspended objects are never "not ready"; an upgrade that moves the state from
 * the legacy metrics to kube-state-metrics raises nothing; no series at all raises FluxMetricsAbsent.
 */
import { at, before, evaluationStep, minutes } from "../common/scenario-time.js";
import type { DurationLiteral } from "../../promql/duration.js";
import type { AlertingRule } from "../../rules/model.js";
import { missing, ramp, samples, stale, steady, type Segment } from "../../testing/notation.js";
import {
  expectAlert,
  expectNoAlert,
  expectSamples,
  scenario,
  series,
  type InputSeries,
  type Scenario,
} from "../../testing/scenario.js";
import { reconcileTotal, up } from "../common/controller-runtime.js";
import {
  absentLabels,
  exactLabels as exactSelectorLabels,
  labelsOutside,
} from "../common/scenario-labels.js";
import {
  fluxInstanceInfo,
  fluxResourceInfo,
  gotkReconcileCondition,
  gotkReconcileDuration,
  gotkResourceInfo,
  gotkSuspendStatus,
} from "./catalog.js";
import { reconcileBuckets, type DataSource, type FluxConfig } from "./config.js";
import { fluxKinds } from "./kube-state-metrics.js";
import type { FluxRules } from "./rules.js";

/**
 * `suspendedReady`: suspended after its last reconcile succeeded, so Ready stays True;
 * `suspendedUnknown`: suspended in the middle of a reconcile, so Ready stays Unknown.
 */
type ObjectState =
  "ready" | "notReady" | "suspended" | "suspendedReady" | "suspendedUnknown" | "unknown";
/** A stretch of an object's life: its state for this many samples. */
type Stretch = readonly [ObjectState, number];

interface FluxObject {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

const exactLabels = (selector: FluxConfig["ksmSelector"], path: string) =>
  exactSelectorLabels("flux", selector, path);

/** The samples of one stretch among all of them: the value inside it, nothing outside it. */
function within(stretches: readonly Stretch[], index: number): Segment[] {
  const before = stretches.slice(0, index).reduce((n, [, len]) => n + len, 0);
  const [, len] = stretches[index]!;
  return [
    ...(before > 0 ? [missing(before)] : []),
    steady(1, len),
    ...(index < stretches.length - 1 ? [stale()] : []),
  ];
}

/** The Ready condition's status in a state (a suspended object here is also not ready). */
function readyOf(state: ObjectState): "True" | "False" | "Unknown" {
  return state === "ready" || state === "suspendedReady"
    ? "True"
    : state === "unknown" || state === "suspendedUnknown"
      ? "Unknown"
      : "False";
}

const isSuspended = (s: ObjectState) =>
  s === "suspended" || s === "suspendedReady" || s === "suspendedUnknown";

/** The same timeline as 1/0 values: `on(state)` for each stretch. */
function values(stretches: readonly Stretch[], on: (s: ObjectState) => boolean): Segment[] {
  return stretches.map(([state, len]) => steady(on(state) ? 1 : 0, len));
}

export function fluxScenarios(config: FluxConfig, rules: FluxRules): Scenario[] {
  const cluster = config.clusterLabel ? { cluster: "prod" } : {};
  const target = {
    ksm: { ...exactLabels(config.ksmSelector, "ksmSelector"), instance: "ksm:8080", ...cluster },
    operator: {
      ...exactLabels(config.fluxOperatorSelector, "fluxOperatorSelector"),
      pod: "flux-operator-0",
      ...cluster,
    },
    controller: {
      ...exactLabels(config.controllerSelector, "controllerSelector"),
      pod: "helm-controller-0",
      ...cluster,
    },
  };
  const only = config.sources.length === 1 ? config.sources[0] : undefined;

  /** Input series of one object's timeline, as the data source exposes it. */
  const objectSeries = (
    source: DataSource,
    o: FluxObject,
    stretches: readonly Stretch[],
    /** Another replica of the reporting component: its own pod and instance. */
    replica?: string,
    /** The chart version a HelmRelease runs, where the source tells it. */
    revision = "6.5.0",
    /** Reported by another job (or namespace), which the source's selector leaves out. */
    outside = false,
  ): InputSeries[] => {
    const as = replica ? { pod: replica, instance: `${replica}:8080` } : {};
    const base = (selector: FluxConfig["ksmSelector"], labels: Record<string, string>) =>
      outside ? labelsOutside(selector, labels) : labels;
    const reporter = {
      ksm: base(config.ksmSelector, target.ksm),
      operator: base(config.fluxOperatorSelector, target.operator),
      controller: base(config.controllerSelector, target.controller),
    }[source === "ksm" ? "ksm" : source === "flux-operator" ? "operator" : "controller"];
    // A selector that matches every target leaves nothing out.
    if (reporter === undefined) return [];
    switch (source) {
      case "ksm": {
        const gvk = fluxKinds.find((k) => k.kind === o.kind)!;
        const extra = o.kind === "HelmRelease" ? { chart_name: "podinfo", revision } : {};
        return stretches.map(([state], i) =>
          series(
            gotkResourceInfo,
            {
              ...reporter,
              ...as,
              customresource_group: gvk.group,
              customresource_kind: gvk.kind,
              customresource_version: gvk.version,
              exported_namespace: o.namespace,
              name: o.name,
              // Alert and Provider have no Ready condition: kube-state-metrics leaves the label out.
              ...(gvk.ready ? { ready: readyOf(state) } : {}),
              ...(isSuspended(state) ? { suspended: "true" } : {}),
              ...extra,
            },
            ...within(stretches, i),
          ),
        );
      }
      case "flux-operator":
        return stretches.map(([state], i) =>
          series(
            fluxResourceInfo,
            {
              ...reporter,
              ...as,
              kind: o.kind,
              exported_namespace: o.namespace,
              name: o.name,
              uid: `${o.name}-uid`,
              ready: readyOf(state),
              suspended: isSuspended(state) ? "True" : "False",
              ...(o.kind === "HelmRelease" ? { revision } : {}),
            },
            ...within(stretches, i),
          ),
        );
      case "legacy": {
        const labels = {
          ...reporter,
          ...as,
          kind: o.kind,
          exported_namespace: o.namespace,
          name: o.name,
        };
        const condition = (status: "True" | "False" | "Unknown", on: (s: ObjectState) => boolean) =>
          series(
            gotkReconcileCondition,
            { ...labels, type: "Ready", status },
            ...values(stretches, on),
          );
        return [
          condition("True", (s) => readyOf(s) === "True"),
          condition("False", (s) => readyOf(s) === "False"),
          condition("Unknown", (s) => readyOf(s) === "Unknown"),
          series(gotkSuspendStatus, labels, ...values(stretches, isSuspended)),
        ];
      }
    }
  };

  /** The alert's labels for an object: HelmRelease alerts carry the chart where the source has it. */
  const alertLabels = (o: FluxObject) => ({
    ...cluster,
    kind: o.kind,
    exported_namespace: o.namespace,
    name: o.name,
    ...(o.kind === "HelmRelease" && only === "ksm"
      ? { chart_name: "podinfo", revision: "6.5.0" }
      : {}),
    ...(o.kind === "HelmRelease" && only === "flux-operator" ? { revision: "6.5.0" } : {}),
  });

  const out: Scenario[] = [];
  const a = rules.alerts;
  const notReadyAlerts: [AlertingRule<string>, FluxObject, { for: DurationLiteral }][] = [
    [
      a.helmReleaseNotReady,
      { kind: "HelmRelease", namespace: "apps", name: "podinfo" },
      config.helmReleaseNotReady,
    ],
    [
      a.kustomizationNotReady,
      { kind: "Kustomization", namespace: "flux-system", name: "apps" },
      config.kustomizationNotReady,
    ],
    [
      a.sourceNotReady,
      { kind: "GitRepository", namespace: "flux-system", name: "fleet" },
      config.sourceNotReady,
    ],
    [
      a.sourceNotReady,
      { kind: "OCIRepository", namespace: "flux-system", name: "manifests" },
      config.sourceNotReady,
    ],
    [
      a.imageAutomationNotReady,
      { kind: "ImagePolicy", namespace: "flux-system", name: "podinfo" },
      config.imageAutomationNotReady,
    ],
    [
      a.imageAutomationNotReady,
      { kind: "ImageUpdateAutomation", namespace: "flux-system", name: "fleet" },
      config.imageAutomationNotReady,
    ],
    [
      a.receiverNotReady,
      { kind: "Receiver", namespace: "flux-system", name: "github" },
      config.receiverNotReady,
    ],
  ];

  for (const source of config.sources) {
    const tag = config.sources.length > 1 ? ` (${source})` : "";
    for (const [alert, o, settings] of notReadyAlerts) {
      const f = minutes(settings.for);
      const what = `${alert.name}${tag}: ${o.kind}`;
      const labels = alertLabels(o);
      out.push(
        scenario(`${what} fires after ${settings.for} not ready`, {
          series: objectSeries(source, o, [["notReady", f + 10]]),
          expect: [
            ...before(f).map((t) => expectNoAlert(alert, t)),
            expectAlert(alert, at(f + 2), labels as never),
          ],
        }),
        scenario(`${what} stays quiet while ready`, {
          series: objectSeries(source, o, [["ready", f + 10]]),
          expect: [expectNoAlert(alert, at(f + 5))],
        }),
        scenario(`${what} stays quiet while suspended, even when not ready`, {
          series: objectSeries(source, o, [["suspended", f + 10]]),
          expect: [expectNoAlert(alert, at(f + 5))],
        }),
        scenario(`${what} stays quiet while one of two replicas still says not ready`, {
          series: [
            ...objectSeries(source, o, [["notReady", f + 10]], "replica-0"),
            ...objectSeries(source, o, [["ready", f + 10]], "replica-1"),
          ],
          expect: [expectNoAlert(alert, at(f + 5))],
        }),
        scenario(`${what} fires once when both replicas say not ready`, {
          series: [
            ...objectSeries(source, o, [["notReady", f + 10]], "replica-0"),
            ...objectSeries(source, o, [["notReady", f + 10]], "replica-1"),
          ],
          expect: [expectAlert(alert, at(f + 2), labels as never)],
        }),
        scenario(`${what} resolves when ready again`, {
          series: objectSeries(source, o, [
            ["notReady", f + 5],
            ["ready", 10],
          ]),
          expect: [expectAlert(alert, at(f + 2), labels as never), expectNoAlert(alert, at(f + 8))],
        }),
      );
    }

    // Many objects at once, each state next to objects that share two of its three labels (kind,
    // namespace, name) in another state: each record holds exactly its own objects, reported by two
    // replicas.
    {
      const o = (kind: string, namespace: string, name: string): FluxObject => ({
        kind,
        namespace,
        name,
      });
      const objects: [FluxObject, ObjectState][] = [
        [o("Kustomization", "flux-system", "apps"), "notReady"],
        [o("HelmRelease", "apps", "podinfo"), "notReady"],
        [o("HelmChart", "flux-system", "apps-podinfo"), "notReady"],
        [o("Receiver", "flux-system", "github"), "notReady"],
        [o("ImagePolicy", "flux-system", "podinfo"), "notReady"],
        [o("HelmRelease", "flux-system", "apps"), "ready"],
        [o("Kustomization", "apps", "apps"), "ready"],
        [o("Kustomization", "flux-system", "infra"), "ready"],
        [o("GitRepository", "flux-system", "apps"), "suspended"],
        [o("Kustomization", "tenants", "apps"), "suspended"],
        [o("Kustomization", "flux-system", "tenants"), "suspended"],
        [o("GitRepository", "flux-system", "fleet"), "suspendedReady"],
        [o("OCIRepository", "flux-system", "infra"), "unknown"],
        [o("Kustomization", "apps", "infra"), "unknown"],
        [o("Kustomization", "apps", "web"), "unknown"],
        [o("OCIRepository", "flux-system", "apps"), "unknown"],
        [o("Kustomization", "staging", "apps"), "unknown"],
        [o("Kustomization", "flux-system", "web"), "unknown"],
        [o("GitRepository", "flux-system", "tenants"), "unknown"],
        [o("Kustomization", "tenants", "web"), "unknown"],
      ];
      const len = 30;
      const t = at(5);
      const expected = (...states: ObjectState[]) =>
        objects
          .filter(([, s]) => states.includes(s))
          .map(([x]) => ({
            labels: {
              ...cluster,
              kind: x.kind,
              exported_namespace: x.namespace,
              name: x.name,
            } as never,
            value: 1,
          }));
      // Two replicas that disagree: replica-0's state, replica-1's, and the record that holds the
      // object (none with "ready" for an Alert, which has no Ready condition). The legacy gauges
      // count a state only when every replica reports it, so only agreeing replicas are shown there.
      const disagreeing: (readonly [
        FluxObject,
        ObjectState,
        ObjectState,
        ObjectState | undefined,
      ])[] = [
        // Suspended during a reconcile: suspended, not unknown.
        [o("Kustomization", "apps", "paused"), "suspendedUnknown", "suspendedUnknown", "suspended"],
        ...(source === "legacy"
          ? []
          : ([
              // One replica has seen the reconcile end, the other not yet.
              [o("OCIRepository", "flux-system", "web"), "unknown", "notReady", "notReady"],
              [o("Kustomization", "apps", "db"), "unknown", "ready", "ready"],
            ] as const)),
        ...(source === "ksm"
          ? ([[o("Alert", "flux-system", "slack"), "ready", "ready", undefined]] as const)
          : []),
      ];
      // Another job (or namespace) the selector leaves out sees some objects otherwise, and reports
      // one of a kind the selected source has none of.
      const elsewhere: [FluxObject, ObjectState][] = [
        [objects[0]![0], "ready"],
        [objects[1]![0], "suspended"],
        [objects[6]![0], "suspended"],
        [objects[12]![0], "ready"],
        [objects[13]![0], "notReady"],
        [objects[14]![0], "suspended"],
        [o("Bucket", "flux-system", "elsewhere"), "unknown"],
      ];
      const held = (state: "notReady" | "ready" | "suspended" | "unknown") =>
        [
          ...objects
            .filter(([, s]) => (state === "suspended" ? isSuspended(s) : s === state))
            .map(([x]) => x),
          ...disagreeing.filter(([, , , r]) => r === state).map(([x]) => x),
        ].map((x) => ({
          labels: {
            ...cluster,
            kind: x.kind,
            exported_namespace: x.namespace,
            name: x.name,
          } as never,
          value: 1,
        }));
      const firing = (alert: AlertingRule<string>, x: FluxObject) =>
        expectAlert(alert, at(minutes(alert.spec.for ?? "0s") + 2), alertLabels(x) as never);
      const last = Math.max(
        ...[
          a.kustomizationNotReady,
          a.helmReleaseNotReady,
          a.sourceNotReady,
          a.receiverNotReady,
          a.imageAutomationNotReady,
        ].map((x) => minutes(x.spec.for ?? "0s")),
      );
      out.push(
        scenario(`Records${tag}: each object in the record of its state and no other`, {
          series: [
            ...objects.flatMap(([x, state]) => [
              ...objectSeries(source, x, [[state, len]], "replica-0"),
              ...objectSeries(source, x, [[state, len]], "replica-1"),
            ]),
          ],
          expect: [
            expectSamples(rules.records.notReady.series(), t, expected("notReady")),
            expectSamples(rules.records.ready.series(), t, expected("ready")),
            expectSamples(
              rules.records.suspended.series(),
              t,
              expected("suspended", "suspendedReady"),
            ),
            expectSamples(rules.records.unknown.series(), t, expected("unknown")),
          ],
        }),
        scenario(
          `Records${tag}: replicas that disagree, another job's copy of the objects and a kind without Ready`,
          {
            series: [
              ...objects.flatMap(([x, state]) => objectSeries(source, x, [[state, len]])),
              ...disagreeing.flatMap(([x, s0, s1]) => [
                ...objectSeries(source, x, [[s0, len]], "replica-0"),
                ...objectSeries(source, x, [[s1, len]], "replica-1"),
              ]),
              ...elsewhere.flatMap(([x, state]) =>
                objectSeries(source, x, [[state, len]], undefined, undefined, true),
              ),
            ],
            expect: [
              expectSamples(rules.records.notReady.series(), t, held("notReady")),
              expectSamples(rules.records.ready.series(), t, held("ready")),
              expectSamples(rules.records.suspended.series(), t, held("suspended")),
              expectSamples(rules.records.unknown.series(), t, held("unknown")),
              expectSamples(
                rules.records.present.series(),
                t,
                [...new Set([...objects, ...disagreeing].map(([x]) => x.kind))].map((kind) => ({
                  labels: { ...cluster, kind } as never,
                  value: 1,
                })),
              ),
            ],
          },
        ),
        scenario(`NotReady alerts${tag}: each names only the not-ready objects of its kinds`, {
          series: objects.flatMap(([x, state]) => objectSeries(source, x, [[state, last + 10]])),
          expect: [
            firing(a.kustomizationNotReady, objects[0]![0]),
            firing(a.helmReleaseNotReady, objects[1]![0]),
            firing(a.sourceNotReady, objects[2]![0]),
            firing(a.receiverNotReady, objects[3]![0]),
            firing(a.imageAutomationNotReady, objects[4]![0]),
          ],
        }),
      );
    }

    // Suspension is measured in hours: samples every 2 minutes (within the 5m lookback), rules
    // evaluated every 10 minutes (see evaluationStep). The object is suspended from the first
    // sample, so the alert is pending from the first evaluation and fires at the first one at or
    // after `for`: quiet 10 minutes before, firing 20 minutes after, whatever the step up to 10m.
    const suspended = minutes(config.resourceSuspended.for);
    const steps = Math.ceil(suspended / 2);
    const ks: FluxObject = { kind: "Kustomization", namespace: "flux-system", name: "apps" };
    const ksLabels = { ...cluster, kind: ks.kind, exported_namespace: ks.namespace, name: ks.name };
    // Resumed after the sample at 2 * (steps + 9) minutes: the stale marker that follows ends the
    // alert, and 10 minutes later at least one evaluation has seen it.
    const resumed = (steps + 15) * 2;
    // 10 minutes before `for`, when that is after the start.
    const quietAt = suspended >= 10 ? [suspended - 10] : [];
    out.push(
      scenario(
        `FluxResourceSuspended${tag}: fires after ${config.resourceSuspended.for} suspended`,
        {
          interval: "2m",
          ...evaluationStep(...quietAt, suspended + 20),
          series: objectSeries(source, ks, [["suspended", steps + 30]]),
          expect: [
            ...quietAt.map((t) => expectNoAlert(a.resourceSuspended, at(t))),
            expectAlert(a.resourceSuspended, at(suspended + 20), ksLabels as never),
          ],
        },
      ),
      scenario(`FluxResourceSuspended${tag}: stays quiet for an object never suspended`, {
        interval: "2m",
        ...evaluationStep(suspended + 20),
        series: objectSeries(source, ks, [["ready", steps + 30]]),
        expect: [expectNoAlert(a.resourceSuspended, at(suspended + 20))],
      }),
      scenario(`FluxResourceSuspended${tag}: resolves when resumed`, {
        interval: "2m",
        ...evaluationStep(suspended + 10, resumed),
        series: objectSeries(source, ks, [
          ["suspended", steps + 10],
          ["ready", 10],
        ]),
        expect: [
          expectAlert(a.resourceSuspended, at(suspended + 10), ksLabels as never),
          expectNoAlert(a.resourceSuspended, at(resumed)),
        ],
      }),
    );
  }

  // Ready=Unknown is what a reconcile in progress shows (Progressing): an install or upgrade that
  // hangs, or a controller that died in the middle of one, keeps it there. Measured in hours like
  // suspension: samples every 2 minutes, a coarse evaluation step for long `for`s.
  {
    const f = minutes(config.resourceReadyUnknown.for);
    const steps = Math.ceil(f / 2);
    const hr: FluxObject = { kind: "HelmRelease", namespace: "apps", name: "podinfo" };
    const labels = { ...cluster, kind: hr.kind, exported_namespace: hr.namespace, name: hr.name };
    const quietAt = f >= 10 ? [f - 10] : [];
    const alert = a.resourceReadyUnknown;
    for (const source of config.sources) {
      const tag = config.sources.length > 1 ? ` (${source})` : "";
      out.push(
        scenario(
          `FluxResourceReadyUnknown${tag}: fires after ${config.resourceReadyUnknown.for} at Unknown`,
          {
            interval: "2m",
            ...evaluationStep(...quietAt, f + 20),
            series: objectSeries(source, hr, [["unknown", steps + 30]]),
            expect: [
              ...quietAt.map((t) => expectNoAlert(alert, at(t))),
              expectAlert(alert, at(f + 20), labels as never),
              expectNoAlert(a.helmReleaseNotReady, at(f + 20)),
            ],
          },
        ),
        scenario(
          `FluxResourceReadyUnknown${tag}: a slow upgrade that ends in time raises nothing`,
          {
            interval: "2m",
            ...evaluationStep(f + 20),
            // Unknown for all but the last 10 minutes of `for`, then ready.
            series: objectSeries(source, hr, [
              ["unknown", Math.max(1, steps - 5)],
              ["ready", 40],
            ]),
            expect: [expectNoAlert(alert, at(f + 20))],
          },
        ),
        scenario(
          `FluxResourceReadyUnknown${tag}: stays quiet while one replica already says ready`,
          {
            interval: "2m",
            ...evaluationStep(f + 20),
            series: [
              ...objectSeries(source, hr, [["unknown", steps + 30]], "replica-0"),
              ...objectSeries(source, hr, [["ready", steps + 30]], "replica-1"),
            ],
            expect: [expectNoAlert(alert, at(f + 20))],
          },
        ),
      );
    }
    if (config.sources.includes("ksm")) {
      // A Ready condition not written yet: kube-state-metrics leaves the label out.
      const gvk = fluxKinds.find((k) => k.kind === "Kustomization")!;
      const { ready: _, ...noReady } = {
        ...target.ksm,
        customresource_group: gvk.group,
        customresource_kind: gvk.kind,
        customresource_version: gvk.version,
        exported_namespace: "flux-system",
        name: "apps",
        ready: "",
      };
      out.push(
        scenario("FluxResourceReadyUnknown: fires for an object with no Ready condition", {
          interval: "2m",
          ...evaluationStep(f + 20),
          series: [series(gotkResourceInfo, noReady, steady(1, steps + 30))],
          expect: [
            expectAlert(alert, at(f + 20), {
              ...cluster,
              kind: "Kustomization",
              exported_namespace: "flux-system",
              name: "apps",
            } as never),
          ],
        }),
      );
    }
  }

  // Reconcile durations come from the controllers whatever the data source: the buckets of
  // gotk_reconcile_duration_seconds (all of Flux's boundaries) and their count. 1000 reconciles a
  // minute: the fast ones in the bucket that ends at `slowerThan` (as slow as a reconcile can be
  // and still count as fast), the slow ones in the next bucket up.
  {
    const f = minutes(config.reconcileSlow.for);
    const { slowerThan, share } = config.reconcileSlow;
    const total = f + 40;
    const perMinute = 1000;
    const boundary = reconcileBuckets.findIndex((b) => b.seconds === slowerThan);
    const labels = {
      ...target.controller,
      kind: "HelmRelease",
      name: "podinfo",
      exported_namespace: "apps",
    };
    /** A counter that grows by `a` a minute for `switchAt` samples, then by `b`. */
    const counter = (a: number, b: number, switchAt: number): Segment[] =>
      switchAt >= total
        ? [ramp(0, a, total)]
        : [ramp(0, a, switchAt), ramp(a * (switchAt - 1) + b, b, total - switchAt)];
    /** `slow` of every 1000 reconciles a minute are slow for `samples` samples, then none. */
    const reconciles = (
      slow: number,
      samples = total,
      object: Readonly<Record<string, string>> = labels,
    ) => [
      ...reconcileBuckets.map((b, i) =>
        series(
          gotkReconcileDuration.bucket(),
          { ...object, le: b.le },
          ...(i < boundary
            ? [steady(0, total)]
            : i === boundary
              ? counter(perMinute - slow, perMinute, samples)
              : [ramp(0, perMinute, total)]),
        ),
      ),
      series(gotkReconcileDuration.bucket(), { ...object, le: "+Inf" }, ramp(0, perMinute, total)),
      series(gotkReconcileDuration.count(), object, ramp(0, perMinute, total)),
    ];
    const other = { ...labels, name: "other" };
    /**
     * The histogram of one object from per-minute counts: `[minutes, fast, slow]` stretches, the
     * fast ones in the bucket that ends at `slowerThan`, the slow ones in the next.
     */
    const histogram = (
      object: Readonly<Record<string, string>>,
      stretches: readonly (readonly [number, number, number])[],
    ): InputSeries[] => {
      const cumulative = (per: (fast: number, slow: number) => number) => {
        const out = [0];
        for (const [n, fast, slow] of stretches)
          for (let i = 0; i < n; i++) out.push(out[out.length - 1]! + per(fast, slow));
        return samples(...out);
      };
      const all = cumulative((fast, slow) => fast + slow);
      return [
        ...reconcileBuckets.map((b, i) =>
          series(
            gotkReconcileDuration.bucket(),
            { ...object, le: b.le },
            i < boundary ? cumulative(() => 0) : i === boundary ? cumulative((fast) => fast) : all,
          ),
        ),
        series(gotkReconcileDuration.bucket(), { ...object, le: "+Inf" }, all),
        series(gotkReconcileDuration.count(), object, all),
      ];
    };
    // Another Flux installation's controllers, which the controller selector leaves out.
    const otherNamespace = labelsOutside(config.controllerSelector, labels);
    /**
     * Exactly the share: 6000 reconciles a minute (100 a second), a whole number of them slow a
     * second, so that the rates are whole numbers and the share is the very number configured.
     */
    const atThreshold = () => {
      const slowPerSecond = Math.round(share * 100);
      if (slowPerSecond < 1 || slowPerSecond / 100 !== share) return [];
      return [
        scenario(
          `FluxReconcileSlow: stays quiet when exactly ${pct(slowPerSecond * 10)} take longer than ${slowerThan}s`,
          {
            series: histogram(labels, [[f + 40, 6000 - 60 * slowPerSecond, 60 * slowPerSecond]]),
            expect: [expectNoAlert(a.reconcileSlow, at(f + 20))],
          },
        ),
      ];
    };
    // Clearly above the share (all of them when the share is near 1), and a little below it.
    const firing = Math.min(perMinute, Math.ceil(share * perMinute * 1.1) + 1);
    const quiet = Math.floor(share * perMinute * 0.9);
    const kind = { ...cluster, kind: "HelmRelease" };
    const pct = (n: number) => `${n / 10}%`;
    out.push(
      scenario(
        `FluxReconcileSlow: fires when ${pct(firing)} of a kind's reconciles take longer than ${slowerThan}s`,
        {
          series: reconciles(firing),
          // The share exists from the second sample: the alert fires at 1m + for at the earliest.
          expect: [
            expectNoAlert(a.reconcileSlow, at(f)),
            expectAlert(a.reconcileSlow, at(f + 10), kind as never, { value: firing / perMinute }),
          ],
        },
      ),
      scenario(
        `FluxReconcileSlow: stays quiet when ${pct(quiet)} take longer than ${slowerThan}s and the others up to ${slowerThan}s`,
        {
          series: reconciles(quiet),
          expect: [expectNoAlert(a.reconcileSlow, at(f + 10))],
        },
      ),
      scenario(
        "FluxReconcileSlow: stays quiet when one release is slow and as many reconciles of another are fast",
        {
          // Twice the quiet share on one release, none on the other: the kind is below the share.
          series: [...reconciles(Math.min(perMinute, 2 * quiet)), ...reconciles(0, total, other)],
          expect: [expectNoAlert(a.reconcileSlow, at(f + 10))],
        },
      ),
      ...(share < 0.45
        ? [
            scenario(
              "FluxReconcileSlow: fires when every reconcile of one release is slow and another's are fast",
              {
                series: [...reconciles(perMinute), ...reconciles(0, total, other)],
                expect: [expectAlert(a.reconcileSlow, at(f + 10), kind as never, { value: 0.5 })],
              },
            ),
          ]
        : []),
      ...atThreshold(),
      scenario(
        "FluxReconcileSlow: the share is of the kind's reconciles over 15 minutes, in the controllers' namespace alone",
        {
          // 900 reconciles a minute, 5% slow; 1800 a minute, 5% slow, for the last 5 minutes (a
          // push touches every release). Another Flux in another namespace reconciles its own
          // releases, all fast. The share stays 5%: (450 + 450) slow of 18000 over 15 minutes.
          series: [
            ...histogram(labels, [
              [25, 855, 45],
              [10, 855, 45],
              [5, 1710, 90],
            ]),
            ...(otherNamespace ? histogram(otherNamespace, [[40, 900, 0]]) : []),
          ],
          expect: [
            expectSamples(rules.records.reconcileSlowShare.series(), at(40), [
              { labels: kind as never, value: 0.05 },
            ]),
          ],
        },
      ),
      scenario("FluxReconcileSlow: resolves when reconciles are fast again", {
        series: reconciles(firing, f + 15),
        expect: [
          expectAlert(a.reconcileSlow, at(f + 10), kind as never, { value: firing / perMinute }),
          // The last slow reconcile leaves the 15m window.
          expectNoAlert(a.reconcileSlow, at(f + 32)),
        ],
      }),
    );
  }

  // The data sources vanish: no series at all, from any configured source.
  {
    const f = minutes(config.metricsAbsent.for);
    const hr: FluxObject = { kind: "HelmRelease", namespace: "apps", name: "podinfo" };
    // Another job's series, which the controller selector does not match; `up` when it matches
    // every series.
    const otherJob = labelsOutside(config.controllerSelector, { job: "unrelated" });
    const unrelated =
      otherJob === undefined
        ? series(up, { job: "unrelated" }, steady(1, f + 20))
        : series(gotkReconcileDuration.count(), otherJob, steady(1, f + 20));
    const controllers = series(
      reconcileTotal,
      { ...target.controller, controller: "helmrelease", result: "success" },
      ramp(0, 10, f + 20),
    );
    // Never seen at all: absent() or absent_over_time() name the selector's exact matchers.
    const noControllers = absentLabels(config.controllerSelector);
    const noSource = absentAlertLabels(a.metricsAbsent);
    out.push(
      scenario("FluxMetricsAbsent: fires when the configured data source has no series", {
        series: [controllers],
        expect: [
          ...before(f).map((t) => expectNoAlert(a.metricsAbsent, t)),
          expectAlert(a.metricsAbsent, at(f + 2), noSource as never),
        ],
      }),
      scenario("FluxMetricsAbsent: stays quiet while the data source reports", {
        series: [controllers, ...objectSeries(config.sources[0]!, hr, [["ready", f + 20]])],
        expect: [expectNoAlert(a.metricsAbsent, at(f + 5))],
      }),
      scenario("FluxMetricsAbsent: resolves when the data source is back", {
        series: [
          controllers,
          ...objectSeries(config.sources[0]!, hr, [["ready", f + 20]]).map((s) => ({
            ...s,
            values: `${missing(f + 5).notation} ${s.values}`,
          })),
        ],
        expect: [
          expectAlert(a.metricsAbsent, at(f + 2), noSource as never),
          expectNoAlert(a.metricsAbsent, at(f + 8)),
        ],
      }),
      scenario("FluxControllerMetricsAbsent: fires when the controllers are not scraped", {
        series: [unrelated],
        expect: [
          ...before(f).map((t) => expectNoAlert(a.controllerMetricsAbsent, t)),
          expectAlert(a.controllerMetricsAbsent, at(f + 2), noControllers as never),
        ],
      }),
      scenario("FluxControllerMetricsAbsent: stays quiet while the controllers are scraped", {
        series: [controllers],
        expect: [expectNoAlert(a.controllerMetricsAbsent, at(f + 5))],
      }),
      scenario("FluxControllerMetricsAbsent: resolves when the controllers are scraped again", {
        series: [
          unrelated,
          { ...controllers, values: `${missing(f + 5).notation} ${controllers.values}` },
        ],
        expect: [
          expectAlert(a.controllerMetricsAbsent, at(f + 2), noControllers as never),
          expectNoAlert(a.controllerMetricsAbsent, at(f + 8)),
        ],
      }),
    );
  }

  // Presence per controller: controller-runtime names each reconciler after its kind (helmrelease,
  // kustomization, ...) and initialises controller_runtime_reconcile_total when it starts.
  {
    const alert = a.controllerMetricsAbsent;
    const f = minutes(config.metricsAbsent.for);
    const reconciler = (controller: string, pod: string, ...values: Segment[]) =>
      series(
        reconcileTotal,
        { ...target.controller, pod, controller, result: "success" },
        ...values,
      );
    // kustomize-controller keeps reconciling its Kustomization all along.
    const kustomize = [
      reconciler("kustomization", "kustomize-controller-0", ramp(0, 5, f + 40)),
      series(
        gotkReconcileDuration.count(),
        {
          ...target.controller,
          pod: "kustomize-controller-0",
          kind: "Kustomization",
          name: "apps",
          exported_namespace: "flux-system",
        },
        ramp(0, 5, f + 40),
      ),
    ];
    const hr: FluxObject = { kind: "HelmRelease", namespace: "apps", name: "podinfo" };
    /** Another Flux installation, in a namespace the controller selector leaves out. */
    const controllersElsewhere = () => {
      const elsewhere = labelsOutside(config.controllerSelector, target.controller);
      if (elsewhere === undefined) return [];
      const theirs = (controller: string, pod: string) =>
        series(
          reconcileTotal,
          { ...elsewhere, pod, controller, result: "success" },
          ramp(0, 5, f + 40),
        );
      return [
        scenario(
          "FluxControllerMetricsAbsent: another namespace's helm-controller does not stand in for ours",
          {
            series: [
              ...kustomize,
              reconciler("helmrelease", "helm-controller-0", ramp(0, 5, 10), stale()),
              theirs("helmrelease", "helm-controller-0"),
              // A reconciler only theirs runs: never ours, so nothing of ours is missing.
              theirs("imagerepository", "image-reflector-controller-0"),
            ],
            expect: [expectAlert(alert, at(f + 15), { ...cluster, controller: "helmrelease" })],
          },
        ),
      ];
    };
    /**
     * Flux uninstalled: each reconciler fires while it was seen within the lookback (also when that
     * was more than a third of it ago); after the lookback, the alert names none, as for a
     * controller never scraped (and stays so, also within three lookbacks). Samples and evaluations
     * about a hundred to the lookback.
     */
    const uninstalled = () => {
      const lookback = minutes(config.metricsAbsent.lookback);
      const step = [60, 30, 10, 5, 2, 1].find((m) => m <= lookback / 100) ?? 1;
      const up = (m: number) => Math.ceil(m / step) * step;
      const gone = 3 * step;
      // Half the lookback after the controllers went, or once `for` is over if that is later.
      const seenWithin = up(Math.max(lookback / 2, f + step));
      const forgotten = up(lookback + f + 2 * step);
      const checks = seenWithin <= lookback - 2 * step ? [gone + seenWithin] : [];
      const reconcilers = ["helmrelease", "kustomization"];
      return [
        scenario(
          `FluxControllerMetricsAbsent: Flux uninstalled fires per reconciler for ${config.metricsAbsent.lookback}, then without one`,
          {
            interval: at(step),
            ...(step > 1 ? { evaluationInterval: at(step) } : {}),
            series: reconcilers.map((c) =>
              reconciler(c, `${c}-controller-0`, ramp(0, 5, gone / step), stale()),
            ),
            expect: [
              ...checks.flatMap((t) =>
                reconcilers.map((controller) =>
                  expectAlert(alert, at(t), { ...cluster, controller }),
                ),
              ),
              expectAlert(
                alert,
                at(gone + forgotten),
                absentLabels(config.controllerSelector) as never,
              ),
            ],
          },
        ),
      ];
    };
    out.push(
      scenario(
        "FluxControllerMetricsAbsent: helm-controller gone while kustomize-controller reports fires for helmrelease",
        {
          // The release stays Ready=True in the API server: only the presence alert can tell.
          series: [
            ...kustomize,
            reconciler("helmrelease", "helm-controller-0", ramp(0, 5, 10), stale()),
            ...objectSeries(config.sources[0]!, hr, [["ready", f + 40]]),
          ],
          expect: [
            expectNoAlert(alert, at(9)),
            expectAlert(alert, at(f + 15), { ...cluster, controller: "helmrelease" }),
            expectNoAlert(a.helmReleaseNotReady, at(f + 15)),
          ],
        },
      ),
      scenario("FluxControllerMetricsAbsent: a rolling restart of helm-controller raises nothing", {
        // The new pod starts its reconcilers; the old pod's series turn stale a scrape later.
        series: [
          ...kustomize,
          reconciler("helmrelease", "helm-controller-0", ramp(0, 5, 10), stale()),
          reconciler("helmrelease", "helm-controller-1", missing(10), ramp(0, 5, f + 30)),
        ],
        expect: [expectNoAlert(alert, at(12)), expectNoAlert(alert, at(f + 15))],
      }),
      ...controllersElsewhere(),
      ...uninstalled(),
    );
    if (config.clusterLabel) {
      // Thanos, Mimir: both clusters' series in one place; staging loses its source and controllers.
      const staging = (s: InputSeries): InputSeries => ({
        ...s,
        labels: { ...s.labels, cluster: "staging" },
        values: `${s.values} ${stale().notation}`,
      });
      const objects = objectSeries(config.sources[0]!, hr, [["ready", f + 40]]);
      const stagingObjects = objectSeries(config.sources[0]!, hr, [["ready", 10]]).map(staging);
      const helm = reconciler("helmrelease", "helm-controller-0", ramp(0, 5, f + 40));
      out.push(
        scenario(
          "FluxMetricsAbsent: one cluster of many losing its data source fires for that cluster",
          {
            series: [helm, ...objects, ...stagingObjects],
            expect: [
              expectNoAlert(a.metricsAbsent, at(9)),
              expectAlert(a.metricsAbsent, at(f + 15), { cluster: "staging" }),
            ],
          },
        ),
        scenario(
          "FluxControllerMetricsAbsent: one cluster of many losing helm-controller fires for that cluster",
          {
            series: [helm, staging(reconciler("helmrelease", "helm-controller-0", ramp(0, 5, 10)))],
            expect: [
              expectAlert(alert, at(f + 15), { cluster: "staging", controller: "helmrelease" }),
            ],
          },
        ),
      );
    }
  }

  // A kind the controllers reconcile and the data sources do not report: kube-state-metrics without
  // RBAC for helmreleases, or helm.toolkit.fluxcd.io/v2 not served (Flux 2.2).
  {
    const alert = a.kindMetricsAbsent;
    const f = minutes(config.kindMetricsAbsent.for);
    const reconciled = (o: FluxObject) =>
      series(
        gotkReconcileDuration.count(),
        { ...target.controller, kind: o.kind, name: o.name, exported_namespace: o.namespace },
        ramp(0, 5, f + 20),
      );
    const hr: FluxObject = { kind: "HelmRelease", namespace: "apps", name: "podinfo" };
    const ks: FluxObject = { kind: "Kustomization", namespace: "flux-system", name: "apps" };
    const source = config.sources[0]!;
    const otherFlux = labelsOutside(config.controllerSelector, target.controller);
    out.push(
      scenario("FluxKindMetricsAbsent: fires when HelmReleases are reconciled but not reported", {
        series: [reconciled(hr), reconciled(ks), ...objectSeries(source, ks, [["ready", f + 20]])],
        expect: [
          ...before(f).map((t) => expectNoAlert(alert, t)),
          expectAlert(alert, at(f + 2), { ...cluster, kind: "HelmRelease" } as never),
        ],
      }),
      scenario("FluxKindMetricsAbsent: stays quiet while every reconciled kind is reported", {
        series: [
          reconciled(hr),
          reconciled(ks),
          ...objectSeries(source, ks, [["ready", f + 20]]),
          ...objectSeries(source, hr, [["notReady", f + 20]]),
        ],
        expect: [expectNoAlert(alert, at(f + 5))],
      }),
      ...(otherFlux
        ? [
            scenario(
              "FluxKindMetricsAbsent: another namespace's controllers reconciling Buckets raise nothing",
              {
                // Another Flux installation: its objects are none of this mixin's business.
                series: [
                  reconciled(hr),
                  ...objectSeries(source, hr, [["ready", f + 20]]),
                  series(
                    gotkReconcileDuration.count(),
                    { ...otherFlux, kind: "Bucket", name: "assets", exported_namespace: "apps" },
                    ramp(0, 5, f + 20),
                  ),
                ],
                expect: [expectNoAlert(alert, at(f + 5))],
              },
            ),
          ]
        : []),
      scenario(
        "FluxKindMetricsAbsent: tofu-controller's Terraform reconciles in the same namespace raise nothing",
        {
          // tofu-controller records gotk_reconcile_duration_seconds with fluxcd/pkg's recorder, for
          // a kind no data source of this mixin reports.
          series: [
            reconciled(hr),
            ...objectSeries(source, hr, [["ready", f + 20]]),
            series(
              gotkReconcileDuration.count(),
              {
                ...target.controller,
                pod: "tofu-controller-0",
                kind: "Terraform",
                name: "vpc",
                exported_namespace: "infra",
              },
              ramp(0, 5, f + 20),
            ),
          ],
          expect: [expectNoAlert(alert, at(f + 5))],
        },
      ),
      scenario("FluxKindMetricsAbsent: deleting the last object of a kind raises nothing", {
        // The controller deletes its series with the object, as kube-state-metrics does.
        series: [
          { ...reconciled(hr), values: `${ramp(0, 5, 10).notation} ${stale().notation}` },
          ...objectSeries(source, hr, [["ready", 10]]).map((o) => ({
            ...o,
            values: `${o.values} ${stale().notation}`,
          })),
          reconciled(ks),
          ...objectSeries(source, ks, [["ready", f + 20]]),
        ],
        expect: [expectNoAlert(alert, at(f + 15))],
      }),
    );
  }

  // flux-operator's FluxInstance: Ready=False when it cannot install or upgrade Flux.
  if (a.instanceNotReady) {
    const alert = a.instanceNotReady;
    const f = minutes(config.instanceNotReady.for);
    const instance = (ready: string, suspended: string, ...values: Segment[]) =>
      series(
        fluxInstanceInfo,
        {
          ...target.operator,
          uid: "flux-uid",
          kind: "FluxInstance",
          exported_namespace: "flux-system",
          name: "flux",
          ready,
          reason: ready === "False" ? "ReconciliationFailed" : "ReconciliationSucceeded",
          suspended,
          registry: "ghcr.io/fluxcd",
          revision: "v2.7.0@sha256:0123",
        },
        ...values,
      );
    const labels = { ...cluster, exported_namespace: "flux-system", name: "flux" };
    out.push(
      scenario("FluxInstanceNotReady: fires when the FluxInstance is not ready", {
        series: [instance("False", "False", steady(1, f + 10))],
        expect: [
          ...before(f).map((t) => expectNoAlert(alert, t)),
          expectAlert(alert, at(f + 2), labels as never),
        ],
      }),
      scenario("FluxInstanceNotReady: stays quiet while ready", {
        series: [instance("True", "False", steady(1, f + 10))],
        expect: [expectNoAlert(alert, at(f + 5))],
      }),
      scenario("FluxInstanceNotReady: stays quiet while its reconcile is disabled", {
        series: [instance("False", "True", steady(1, f + 10))],
        expect: [expectNoAlert(alert, at(f + 5))],
      }),
      scenario("FluxInstanceNotReady: resolves when ready again", {
        // flux-operator resets the metric: one series ends as the next begins.
        series: [
          instance("False", "False", steady(1, f + 5), stale()),
          instance("True", "False", missing(f + 5), steady(1, 10)),
        ],
        expect: [expectAlert(alert, at(f + 2), labels as never), expectNoAlert(alert, at(f + 8))],
      }),
    );
  }

  // Two kube-state-metrics replicas during an upgrade report one release with different revisions.
  if (only === "ksm") {
    const f = minutes(config.helmReleaseNotReady.for);
    const hr = (instance: string, revision: string) =>
      series(
        gotkResourceInfo,
        {
          ...target.ksm,
          instance,
          customresource_group: "helm.toolkit.fluxcd.io",
          customresource_kind: "HelmRelease",
          customresource_version: "v2",
          exported_namespace: "apps",
          name: "podinfo",
          ready: "False",
          chart_name: "podinfo",
          revision,
        },
        steady(1, f + 10),
      );
    out.push(
      scenario(
        "FluxHelmReleaseNotReady: fires when two kube-state-metrics replicas disagree on the revision",
        {
          series: [hr("ksm-0:8080", "6.5.0"), hr("ksm-1:8080", "6.5.1")],
          // Neither revision is picked: which one would change from one evaluation to the next.
          expect: [
            expectAlert(a.helmReleaseNotReady, at(f + 2), {
              ...cluster,
              kind: "HelmRelease",
              exported_namespace: "apps",
              name: "podinfo",
              chart_name: "(several)",
              revision: "(several)",
            }),
          ],
        },
      ),
    );
  }

  // Several releases at once, with the same name in two namespaces and two names in one namespace:
  // each is named with its own chart, or "(several)" where two kube-state-metrics replicas disagree
  // (apps/redis on the version, staging/podinfo on the chart alone, e.g. a chart moved to an OCI
  // repository under another name). Kustomizations of the same names, and another job's copy of a
  // release with an older version, change nothing.
  if (only === "ksm") {
    const f = minutes(config.helmReleaseNotReady.for);
    const release = (
      namespace: string,
      name: string,
      chart: string,
      revision: string,
      ready = "False",
      labels: Readonly<Record<string, string>> = target.ksm,
      instance = "ksm-0:8080",
    ) =>
      series(
        gotkResourceInfo,
        {
          ...labels,
          instance,
          customresource_group: "helm.toolkit.fluxcd.io",
          customresource_kind: "HelmRelease",
          customresource_version: "v2",
          exported_namespace: namespace,
          name,
          ready,
          chart_name: chart,
          revision,
        },
        steady(1, f + 10),
      );
    const otherJob = labelsOutside(config.ksmSelector, target.ksm);
    const named = (namespace: string, name: string, chart: string, revision: string) =>
      expectAlert(a.helmReleaseNotReady, at(f + 2), {
        ...cluster,
        kind: "HelmRelease",
        exported_namespace: namespace,
        name,
        chart_name: chart,
        revision,
      });
    out.push(
      scenario("FluxHelmReleaseNotReady: names each of several releases with its own chart", {
        series: [
          release("apps", "podinfo", "podinfo", "6.5.0"),
          release("apps", "redis", "redis", "18.0.0"),
          release("apps", "redis", "redis", "18.0.1", "False", target.ksm, "ksm-1:8080"),
          release("staging", "podinfo", "podinfo", "6.4.0"),
          release("staging", "podinfo", "podinfo-oci", "6.4.0", "False", target.ksm, "ksm-1:8080"),
          release("apps", "web", "web", "1.0.0", "True"),
          ...(otherJob ? [release("apps", "podinfo", "podinfo", "6.4.9", "False", otherJob)] : []),
          // The Kustomizations that deploy two of them, named alike.
          ...["podinfo", "redis"].flatMap((name) =>
            objectSeries("ksm", { kind: "Kustomization", namespace: "apps", name }, [
              ["notReady", f + 10],
            ]),
          ),
        ],
        expect: [
          named("apps", "podinfo", "podinfo", "6.5.0"),
          named("apps", "redis", "(several)", "(several)"),
          named("staging", "podinfo", "(several)", "(several)"),
        ],
      }),
    );
  }

  // A release that never got as far as an install (its chart cannot be fetched) has no chart in its
  // history: kube-state-metrics leaves chart_name and revision out, flux-operator's revision is
  // empty. The alert names the release alone (the description renders as promtool sees it).
  if (only === "ksm" || only === "flux-operator") {
    const f = minutes(config.helmReleaseNotReady.for);
    const hr: FluxObject = { kind: "HelmRelease", namespace: "apps", name: "podinfo" };
    const noChart = objectSeries(only, hr, [["notReady", f + 10]]).map((x) => {
      const { chart_name: _, revision: __, ...labels } = x.labels;
      return { ...x, labels: only === "ksm" ? labels : { ...labels, revision: "" } };
    });
    out.push(
      scenario("FluxHelmReleaseNotReady: names a release with no chart yet without one", {
        series: noChart,
        expect: [
          expectAlert(a.helmReleaseNotReady, at(f + 2), {
            ...cluster,
            kind: "HelmRelease",
            exported_namespace: "apps",
            name: "podinfo",
          }),
        ],
      }),
    );
  }

  // The upgrade past Flux 2.2/2.5: the legacy series stop as the kube-state-metrics ones start.
  if (config.sources.includes("legacy") && config.sources.includes("ksm")) {
    const hr: FluxObject = { kind: "HelmRelease", namespace: "apps", name: "podinfo" };
    const ks: FluxObject = { kind: "Kustomization", namespace: "flux-system", name: "apps" };
    const hf = minutes(config.helmReleaseNotReady.for);
    // After the release's alert fired on the legacy series.
    const upgradeAt = Math.max(30, hf + 5);
    const handOver = (o: FluxObject, state: ObjectState): InputSeries[] => [
      ...objectSeries("legacy", o, [[state, upgradeAt]]).map((s) => ({
        ...s,
        values: `${s.values} ${stale().notation}`,
      })),
      ...objectSeries("ksm", o, [[state, 40]]).map((s) => ({
        ...s,
        values: `${missing(upgradeAt).notation} ${s.values}`,
      })),
    ];
    const controllers = series(
      gotkReconcileDuration.count(),
      { ...target.controller, kind: "HelmRelease", name: "podinfo", exported_namespace: "apps" },
      ramp(0, 10, upgradeAt + 40),
    );
    out.push(
      scenario("Upgrade: legacy series stop as kube-state-metrics series start: no false alert", {
        series: [controllers, ...handOver(hr, "ready"), ...handOver(ks, "ready")],
        expect: [
          expectNoAlert(a.metricsAbsent, at(upgradeAt - 5)),
          expectNoAlert(a.metricsAbsent, at(upgradeAt + 1)),
          expectNoAlert(a.metricsAbsent, at(upgradeAt + 30)),
          expectNoAlert(a.helmReleaseNotReady, at(upgradeAt + 1)),
          expectNoAlert(a.kustomizationNotReady, at(upgradeAt + 1)),
          expectNoAlert(a.helmReleaseNotReady, at(upgradeAt + 30)),
        ],
      }),
      scenario("Upgrade: a release that is not ready keeps its alert across the hand-over", {
        series: [controllers, ...handOver(hr, "notReady")],
        expect: [
          expectAlert(a.helmReleaseNotReady, at(hf + 2), alertLabels(hr) as never),
          expectAlert(a.helmReleaseNotReady, at(upgradeAt + 1), alertLabels(hr) as never),
        ],
      }),
    );
  }
  out.push(...healthyDay(config, rules, objectSeries, target.controller));
  return out;
}

type ObjectSeries = (
  source: DataSource,
  o: FluxObject,
  stretches: readonly Stretch[],
  replica?: string,
  revision?: string,
  outside?: boolean,
) => InputSeries[];

/**
 * A day of healthy Flux raises no alert: a rolling restart of helm-controller, a leader failover in
 * kustomize-controller, a kube-state-metrics (or flux-operator) restart, one slow Helm upgrade among
 * fast routine reconciles. Samples every 2 minutes, rules evaluated every 10 (see evaluationStep).
 */
function healthyDay(
  config: FluxConfig,
  rules: FluxRules,
  objectSeries: ObjectSeries,
  controller: Readonly<Record<string, string>>,
): Scenario[] {
  const day = 24 * 60;
  const samples = day / 2 + 10;
  const sample = (minute: number) => minute / 2;
  const restartAt = 6 * 60;
  const failoverAt = 12 * 60;
  const upgradeAt = 16 * 60;
  const sourceRestartAt = 20 * 60;
  // The upgrade keeps the release at Ready=Unknown (Progressing) for 10 minutes, or less when
  // FluxResourceReadyUnknown is configured to fire sooner.
  const unknownFor = Math.min(10, Math.floor(minutes(config.resourceReadyUnknown.for) / 2 / 2) * 2);
  const upgradeDone = upgradeAt + unknownFor;

  /** A counter of one pod from `from` to `to` (minutes), growing by `step` a sample. */
  const life = (from: number, to: number | undefined, step: number): Segment[] => [
    ...(from > 0 ? [missing(sample(from))] : []),
    ramp(0, step, sample((to ?? day + 20) - from)),
    ...(to === undefined ? [] : [stale()]),
  ];
  const reconciler = (name: string, pod: string, from: number, to?: number) =>
    series(
      reconcileTotal,
      { ...controller, pod, controller: name, result: "success" },
      ...life(from, to, 10),
    );

  // HelmRelease reconciles: 200 fast ones a sample, in the bucket that ends at `slowerThan`; the
  // upgrade is one reconcile above it. Kustomization and GitRepository: their counts.
  const boundary = reconcileBuckets.findIndex((b) => b.seconds === config.reconcileSlow.slowerThan);
  const hrLabels = { kind: "HelmRelease", name: "podinfo", exported_namespace: "apps" };
  const helmPods: [string, number, number | undefined][] = [
    ["helm-controller-0", 0, restartAt],
    ["helm-controller-1", restartAt + 2, undefined],
  ];
  const histogram = helmPods.flatMap(([pod, from, to]) => {
    const labels = { ...controller, ...hrLabels, pod };
    const slowHere = from <= upgradeDone && (to === undefined || upgradeDone < to);
    const withSlow = (step: number): Segment[] =>
      slowHere
        ? [
            ...(from > 0 ? [missing(sample(from))] : []),
            ramp(0, step, sample(upgradeDone - from)),
            ramp(step * sample(upgradeDone - from) + 1, step, sample(day + 20 - upgradeDone)),
          ]
        : life(from, to, step);
    return [
      ...reconcileBuckets.map((b, i) =>
        series(
          gotkReconcileDuration.bucket(),
          { ...labels, le: b.le },
          ...(i < boundary
            ? life(from, to, 0)
            : i === boundary
              ? life(from, to, 200)
              : withSlow(200)),
        ),
      ),
      series(gotkReconcileDuration.bucket(), { ...labels, le: "+Inf" }, ...withSlow(200)),
      series(gotkReconcileDuration.count(), labels, ...withSlow(200)),
    ];
  });
  const counts = [
    series(
      gotkReconcileDuration.count(),
      {
        ...controller,
        pod: "kustomize-controller-0",
        kind: "Kustomization",
        name: "apps",
        exported_namespace: "flux-system",
      },
      ...life(0, failoverAt, 5),
    ),
    series(
      gotkReconcileDuration.count(),
      {
        ...controller,
        pod: "kustomize-controller-1",
        kind: "Kustomization",
        name: "apps",
        exported_namespace: "flux-system",
      },
      ...life(failoverAt + 2, undefined, 5),
    ),
    series(
      gotkReconcileDuration.count(),
      {
        ...controller,
        pod: "source-controller-0",
        kind: "GitRepository",
        name: "fleet",
        exported_namespace: "flux-system",
      },
      ...life(0, undefined, 5),
    ),
  ];
  const reconcilers = [
    reconciler("helmrelease", "helm-controller-0", 0, restartAt),
    reconciler("helmrelease", "helm-controller-1", restartAt + 2),
    reconciler("kustomization", "kustomize-controller-0", 0, failoverAt),
    reconciler("kustomization", "kustomize-controller-1", failoverAt + 2),
    reconciler("gitrepository", "source-controller-0", 0),
  ];

  // The objects, from the first data source, whose pod restarts at sourceRestartAt.
  const source = config.sources[0]!;
  const ended = (x: InputSeries) => ({ ...x, values: `${x.values} ${stale().notation}` });
  const from = (minute: number) => (x: InputSeries) => ({
    ...x,
    values: `${missing(sample(minute)).notation} ${x.values}`,
  });
  const untilEnd = (minute: number) => sample(day + 20 - minute);
  /**
   * Ready all day. The source's pod is replaced at sourceRestartAt by a rolling update: the new
   * instance is scraped a sample before the old one goes, as with a Deployment's surge.
   */
  const objects = (o: FluxObject, revision?: string): InputSeries[] => [
    ...objectSeries(source, o, [["ready", sample(sourceRestartAt)]], "source-0", revision).map(
      ended,
    ),
    ...objectSeries(
      source,
      o,
      [["ready", untilEnd(sourceRestartAt - 2)]],
      "source-1",
      revision,
    ).map(from(sourceRestartAt - 2)),
  ];
  const hr: FluxObject = { kind: "HelmRelease", namespace: "apps", name: "podinfo" };
  const upgrade: Stretch[] = [
    ["ready", sample(upgradeAt)],
    ...(unknownFor > 0 ? ([["unknown", sample(unknownFor)]] as Stretch[]) : []),
  ];
  // The release: 6.5.0 until the upgrade, Unknown while it runs, then 6.5.1 (a new series). The
  // legacy gauges have no revision: one series each, 1 or 0 through the day.
  const legacyRelease = [
    ...objectSeries(
      source,
      hr,
      [...upgrade, ["ready", sample(sourceRestartAt - upgradeDone)]],
      "source-0",
    ).map(ended),
    ...objectSeries(source, hr, [["ready", untilEnd(sourceRestartAt - 2)]], "source-1").map(
      from(sourceRestartAt - 2),
    ),
  ];
  const release =
    source === "legacy"
      ? legacyRelease
      : [
          ...objectSeries(source, hr, upgrade, "source-0").map(ended),
          ...objectSeries(
            source,
            hr,
            [["ready", sample(sourceRestartAt - upgradeDone)]],
            "source-0",
            "6.5.1",
          )
            .map(ended)
            .map(from(upgradeDone)),
          ...objectSeries(
            source,
            hr,
            [["ready", untilEnd(sourceRestartAt - 2)]],
            "source-1",
            "6.5.1",
          ).map(from(sourceRestartAt - 2)),
        ];
  const state = [
    ...release,
    ...objects({ kind: "Kustomization", namespace: "flux-system", name: "apps" }),
    ...objects({ kind: "GitRepository", namespace: "flux-system", name: "fleet" }),
  ];

  // Every hour, and 10 and 20 minutes after each event.
  const events = [restartAt, failoverAt, upgradeAt, upgradeDone, sourceRestartAt];
  const checks = [
    ...new Set([
      ...Array.from({ length: 24 }, (_, h) => (h + 1) * 60),
      ...events.flatMap((e) => [e + 10, e + 20].map((t) => Math.ceil(t / 10) * 10)),
    ]),
  ].sort((x, y) => x - y);
  const tag = config.sources.length > 1 ? ` (${source})` : "";
  // A new leader starts its reconcilers a scrape or so after the old one goes: a
  // metricsAbsent.for shorter than that pages on every restart, as configured.
  const toleratesFailover = minutes(config.metricsAbsent.for) >= 5;
  return [
    scenario(`Healthy day${tag}: restarts, a failover and a slow upgrade raise no alert`, {
      interval: "2m",
      ...evaluationStep(...checks),
      series: [...reconcilers, ...histogram, ...counts, ...state],
      expect: Object.values(rules.alerts)
        .filter((alert) => alert !== rules.alerts.controllerMetricsAbsent || toleratesFailover)
        .flatMap((alert) => checks.map((t) => expectNoAlert(alert, at(t)))),
    }),
  ];
}

/** absent() keeps the equality matchers of its selector as labels, and so does the alert. */
function absentAlertLabels(alert: AlertingRule<string>): Record<string, string> {
  // With several sources, `absent(a) and on () absent(b) ...`: the labels of the leftmost.
  let call = alert.spec.expr.node;
  while (call.type === "binary") call = call.lhs;
  if (call.type !== "call" || call.args[0]?.type !== "vectorSelector") return {};
  return Object.fromEntries(
    call.args[0].matchers.filter((m) => m.op === "=").map((m) => [m.label, m.value]),
  );
}
