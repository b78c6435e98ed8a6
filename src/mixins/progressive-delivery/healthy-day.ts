/**
 * A day of healthy progressive delivery, which must raise no alert at all: canaries promoted through
 * Progressing, Promoting and Finalising to Succeeded within their normal durations, a rolling
 * restart and a reschedule of Flagger, Keptn deployments, tasks, evaluations and analyses that
 * succeed, and a rolling restart of the lifecycle-operator. Evaluated every 5 minutes when the
 * phases' durations allow (each phase of a rollout is checked as it starts), else more often.
 */
import { parseDurationMs, type DurationLiteral } from "../../promql/duration.js";
import { missing, stale, steady, type Segment } from "../../testing/notation.js";
import { expectNoAlert, scenario, series, type InputSeries } from "../../testing/scenario.js";
import type { Scenario } from "../../testing/scenario.js";
import { up } from "../common/controller-runtime.js";
import { at, evaluationStep } from "../common/scenario-time.js";
import { exactLabels } from "../common/scenario-labels.js";
import {
  analysisResult,
  appCount,
  canaryStatus,
  canarySuccesses,
  deploymentCount,
  evaluationCount,
  flaggerInfo,
  lifecycleActive,
  taskCount,
} from "./catalog.js";
import type { ProgressiveDeliveryConfig } from "./config.js";
import { ksmCatalog, type CanaryPhase } from "./kube-state-metrics.js";
import type { ProgressiveDeliveryRules } from "./rules.js";

const day = 24 * 60;
/** A rolling restart of Flagger (gapless) and a reschedule to another node (a short gap). */
const restartAt = 480;
const rescheduleAt = 960;
/** Canary rollouts and Keptn deployments start on evaluations, so that each is seen. */
const rollouts = [60, 300, 700, 1100] as const;
const keptnRestartAt = 720;

/** Whole minutes strictly shorter than `d`, less a minute of margin, at most `cap`. */
const below = (d: DurationLiteral, cap: number) =>
  Math.max(0, Math.min(cap, Math.ceil(parseDurationMs(d) / 60_000) - 2));

/** A series alive over [from, to): missing before, 1 throughout, a stale marker at `to`. */
const alive = (from: number, to: number): Segment[] => [
  ...(from > 0 ? [missing(from)] : []),
  steady(1, to - from),
  ...(to <= day ? [stale()] : []),
];

/** Values per minute over [from, to), then stale: `value(t)`, grouped into steady runs. */
function shaped(from: number, to: number, value: (t: number) => number): Segment[] {
  const out: Segment[] = from > 0 ? [missing(from)] : [];
  let start = from;
  for (let t = from + 1; t <= to; t++) {
    if (t === to || value(t) !== value(start)) {
      out.push(steady(value(start), t - start));
      start = t;
    }
  }
  if (to <= day) out.push(stale());
  return out;
}

/** Whole minutes on a 5-minute grid when long enough, so that a 5-minute evaluation sees each. */
const onGrid = (n: number) => (n >= 5 ? n - (n % 5) : n);

/** The Canary's phases of one rollout, with their minutes (phases of 0 minutes left out). */
function rolloutPhases(config: ProgressiveDeliveryConfig): [CanaryPhase, number][] {
  const f = config.flagger;
  const stuckPhases: readonly CanaryPhase[] = f.kubeStateMetrics.enabled
    ? f.canaryPhaseStuck.phases
    : [];
  const path: [CanaryPhase, number][] = [
    ["Progressing", below(f.canaryStuck.for, 15)],
    ["Promoting", 5],
    ["Finalising", 5],
  ];
  // Consecutive phases FlaggerCanaryPhaseStuck counts as stuck share one wait: keep their sum short.
  const stuck = path.filter(([ph]) => stuckPhases.includes(ph));
  const budget = f.kubeStateMetrics.enabled ? below(f.canaryPhaseStuck.for, 20) : Infinity;
  const share = stuck.length === 0 ? Infinity : Math.floor(budget / stuck.length);
  return path
    .map(([ph, n]): [CanaryPhase, number] => [
      ph,
      onGrid(stuckPhases.includes(ph) ? Math.min(n, share) : n),
    ])
    .filter(([, n]) => n > 0);
}

export function healthyDayScenario(
  config: ProgressiveDeliveryConfig,
  rules: ProgressiveDeliveryRules,
): Scenario {
  const cluster = config.clusterLabel ? { cluster: "prod" } : {};
  const input: InputSeries[] = [];
  // Each phase of each rollout is checked when it starts.
  const phaseStarts: number[] = [];

  if (config.flagger.enabled) {
    const f = config.flagger;
    const target = (pod: string) => ({
      namespace: "flagger-system",
      ...exactLabels("progressive-delivery", f.selector, "flagger.selector"),
      ...cluster,
      pod,
    });
    // A reschedule leaves Flagger unscraped for two minutes: shorter than FlaggerMetricsAbsent's
    // `for`, else a real outage that must fire (then the new pod comes up before the old goes).
    const gap = parseDurationMs(f.metricsAbsent.for) > 2 * 60_000 ? 2 : 0;
    const pods: [string, number, number][] = [
      ["flagger-0", 0, restartAt],
      ["flagger-1", restartAt, rescheduleAt],
      ["flagger-2", rescheduleAt + gap, day + 1],
    ];
    const phases = rolloutPhases(config);
    const rolloutLength = phases.reduce((n, [, m]) => n + m, 0);
    const progressing = phases.find(([ph]) => ph === "Progressing")?.[1] ?? 0;
    for (const start of rollouts) {
      let t: number = start;
      for (const [, n] of phases) {
        phaseStarts.push(t);
        t += n;
      }
    }
    const canaries = ["podinfo", "frontend", "backend"];
    // The rollouts of the day, shared out among the canaries (podinfo twice).
    const startsOf = (i: number) => rollouts.filter((_, r) => r % canaries.length === i);
    const progressingAt = (name: number, t: number) =>
      startsOf(name).some((s) => t >= s && t < s + progressing);

    for (const [pod, from, to] of pods) {
      input.push(
        series(
          flaggerInfo,
          { ...target(pod), version: "1.42.0", mesh_provider: "istio" },
          ...alive(from, to),
        ),
        series(up, target(pod), ...alive(from, to)),
      );
      canaries.forEach((name, i) => {
        const labels = { ...target(pod), exported_namespace: "test", name };
        input.push(
          series(canaryStatus, labels, ...shaped(from, to, (t) => (progressingAt(i, t) ? 0 : 1))),
        );
        // Promotions counted by this pod: born at 1 with its first one.
        const promoted = startsOf(i)
          .map((s) => s + rolloutLength)
          .filter((t) => t >= from && t < to);
        if (promoted.length > 0)
          input.push(
            series(
              canarySuccesses,
              { ...labels, deployment_strategy: "canary", analysis_status: "completed" },
              ...shaped(promoted[0]!, to, (t) => promoted.filter((p) => p <= t).length),
            ),
          );
      });
    }

    // The Canary objects as kube-state-metrics reports them: one series per phase the canary is in.
    // A day that FlaggerCanaryPhaseStuck would judge stuck in Succeeded is not a healthy day.
    if (f.kubeStateMetrics.enabled && !f.canaryPhaseStuck.phases.includes("Succeeded")) {
      const ksm = {
        namespace: "monitoring",
        ...exactLabels(
          "progressive-delivery",
          f.kubeStateMetrics.selector,
          "flagger.kubeStateMetrics.selector",
        ),
        ...cluster,
        pod: "kube-state-metrics-0",
        instance: "kube-state-metrics-0:8080",
        customresource_group: "flagger.app",
        customresource_kind: "Canary",
        customresource_version: "v1beta1",
      };
      canaries.forEach((name, i) => {
        // Minute by minute: the phase of the rollout in progress, else Succeeded.
        const phaseAt = (t: number): CanaryPhase => {
          for (const s of startsOf(i)) {
            let p = s;
            for (const [ph, n] of phases) {
              if (t >= p && t < p + n) return ph;
              p += n;
            }
          }
          return "Succeeded";
        };
        for (const phase of new Set<CanaryPhase>(["Succeeded", ...phases.map(([ph]) => ph)])) {
          const segments: Segment[] = [];
          let t = 0;
          while (t <= day) {
            const start = t;
            const inPhase = phaseAt(t) === phase;
            while (t <= day && (phaseAt(t) === phase) === inPhase) t++;
            if (inPhase) segments.push(steady(1, t - start));
            else if (start === 0) segments.push(missing(t - start));
            else segments.push(stale(), ...(t - start > 1 ? [missing(t - start - 1)] : []));
          }
          input.push(
            series(
              ksmCatalog.canaryInfo,
              { ...ksm, exported_namespace: "test", name, canary: name, phase },
              ...segments,
            ),
          );
        }
      });
    }
  }

  if (config.keptn.enabled) {
    const k = config.keptn;
    const lifecycleTarget = (pod: string) => ({
      namespace: "keptn-system",
      job: "keptn-lifecycle-operator",
      ...exactLabels(
        "progressive-delivery",
        k.lifecycleOperatorSelector,
        "keptn.lifecycleOperatorSelector",
      ),
      ...cluster,
      pod,
    });
    const metricsTarget = {
      namespace: "keptn-system",
      job: "keptn-metrics-operator",
      ...exactLabels(
        "progressive-delivery",
        k.metricsOperatorSelector,
        "keptn.metricsOperatorSelector",
      ),
      ...cluster,
      pod: "metrics-operator-0",
    };
    input.push(series(up, metricsTarget, steady(1, day + 1)));
    // A rolling restart of the lifecycle-operator: the new pod is scraped when the old one goes.
    const pods: [string, number, number][] = [
      ["lifecycle-operator-0", 0, keptnRestartAt],
      ["lifecycle-operator-1", keptnRestartAt, day + 1],
    ];
    for (const [pod, from, to] of pods) {
      const scope = { ...lifecycleTarget(pod), otel_scope_name: "keptn/task" };
      input.push(series(up, lifecycleTarget(pod), ...alive(from, to)));
      input.push(series(lifecycleActive, scope, ...alive(from, to)));
      // Each deployment is a new version: every series is born at 1 and stays until the pod goes.
      rollouts
        .filter((s) => s >= from && s < to)
        .forEach((s, n) => {
          const version = `1.${n + 2}.0`;
          const done = s + 5;
          const run = {
            ...scope,
            keptn_deployment_app_name: "podinfo",
            keptn_deployment_app_version: version,
            keptn_deployment_workload_name: "podinfo-frontend",
            keptn_deployment_workload_version: version,
          };
          input.push(
            series(
              taskCount,
              {
                ...run,
                keptn_deployment_task_name: `pre-deployment-smoke-test-${10_000 + s}`,
                keptn_deployment_task_type: "pre",
                keptn_deployment_task_status: "Succeeded",
              },
              ...alive(s + 1, to),
            ),
            series(
              evaluationCount,
              {
                ...run,
                keptn_deployment_evaluation_name: `pre-eval-availability-${10_000 + s}`,
                keptn_deployment_evaluation_type: "pre-eval",
                keptn_deployment_evaluation_status: "Succeeded",
              },
              ...alive(s + 2, to),
            ),
            series(
              deploymentCount,
              {
                ...scope,
                keptn_deployment_app_name: "podinfo",
                keptn_deployment_workload_name: "podinfo-frontend",
                keptn_deployment_workload_version: version,
                keptn_deployment_workload_namespace: "test",
                keptn_deployment_workload_status: "Succeeded",
              },
              ...alive(done, to),
            ),
            series(
              appCount,
              {
                ...scope,
                keptn_deployment_app_name: "podinfo",
                keptn_deployment_app_version: version,
                keptn_deployment_app_namespace: "test",
                keptn_deployment_app_status: "Succeeded",
              },
              ...alive(done, to),
            ),
          );
        });
    }
    // An analysis per deployment, all passing; the metrics-operator keeps every run's series.
    for (const s of rollouts) {
      const hh = (m: number) =>
        `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
      input.push(
        series(
          analysisResult,
          {
            ...metricsTarget,
            exported_namespace: "test",
            name: "podinfo-analysis",
            from: `2026-11-23T${hh(s)}:00Z`,
            to: `2026-11-23T${hh(s + 5)}:00Z`,
          },
          missing(s + 5),
          steady(100, day + 1 - s - 5),
        ),
      );
    }
  }

  // Every hour, and just after each event of the day.
  const times = [
    ...Array.from({ length: 24 }, (_, h) => 60 * (h + 1)),
    ...[restartAt, rescheduleAt, keptnRestartAt].flatMap((t) => [t, t + 10, t + 20]),
    ...rollouts.flatMap((t) => [t + 10, t + 20, t + 30]),
    ...phaseStarts,
  ];
  const checks = [...new Set(times)].sort((x, y) => x - y);
  const alerts = Object.values(rules.alerts).filter((a) => a !== undefined);
  return scenario("A healthy day of progressive delivery raises no alert at all", {
    ...evaluationStep(...checks),
    series: input,
    expect: checks.flatMap((t) => alerts.map((a) => expectNoAlert(a, at(t)))),
  });
}
