/**
 * promtool scenarios of the progressive delivery mixin: every alert fires, stays quiet and resolves;
 * a long but successful analysis is not "stuck"; a rollback raises FlaggerCanaryFailed and
 * FlaggerCanaryRollbacks; counters born at 1 still count; an old failed analysis stops firing.
 */
import { at, minutes } from "../common/scenario-time.js";
import type { DurationLiteral } from "../../promql/duration.js";
import { missing, stale, steady, type Segment } from "../../testing/notation.js";
import {
  expectAlert,
  expectNoAlert,
  scenario,
  series,
  type Scenario,
} from "../../testing/scenario.js";
import { exactLabels } from "../common/scenario-labels.js";
import { up } from "../common/controller-runtime.js";
import {
  analysisResult,
  appCount,
  canaryFailures,
  canaryStatus,
  canarySuccesses,
  deploymentCount,
  flaggerInfo,
} from "./catalog.js";
import type { ProgressiveDeliveryConfig } from "./config.js";
import type { ProgressiveDeliveryRules } from "./rules.js";

const PROGRESSING = 0;
const SUCCEEDED = 1;
const FAILED = 2;

type Canary = { cluster: string; exported_namespace: string; name: string };

export function progressiveDeliveryScenarios(
  config: ProgressiveDeliveryConfig,
  rules: ProgressiveDeliveryRules,
): Scenario[] {
  const cluster = config.clusterLabel ? { cluster: "prod" } : {};
  const a = rules.alerts;
  const out: Scenario[] = [];
  const podinfo = { ...cluster, exported_namespace: "test", name: "podinfo" } as Canary;

  if (config.flagger.enabled) {
    const f = config.flagger;
    const target = {
      ...exactLabels("progressive-delivery", f.selector, "flagger.selector"),
      ...cluster,
      namespace: "flagger-system",
      pod: "flagger-0",
    };
    const info = series(
      flaggerInfo,
      { ...target, version: "1.42.0", mesh_provider: "istio" },
      steady(1, 200),
    );
    const status = (...v: Segment[]) =>
      series(canaryStatus, { ...target, exported_namespace: "test", name: "podinfo" }, ...v);
    const runs = (counter: typeof canaryFailures, ...v: Segment[]) =>
      series(
        counter,
        {
          ...target,
          exported_namespace: "test",
          name: "podinfo",
          deployment_strategy: "canary",
          analysis_status: "completed",
        },
        ...v,
      );

    if (a.canaryFailed) {
      const fail = minutes(f.canaryFailed.for);
      out.push(
        scenario("FlaggerCanaryFailed: fires after a failed analysis (a rollback)", {
          series: [info, status(steady(PROGRESSING, 10), steady(FAILED, 20))],
          expect: [
            expectNoAlert(a.canaryFailed, at(9)),
            expectAlert(a.canaryFailed, at(10 + fail + 2), podinfo),
          ],
        }),
        scenario("FlaggerCanaryFailed: stays quiet after a promotion", {
          series: [info, status(steady(PROGRESSING, 10), steady(SUCCEEDED, 20))],
          expect: [expectNoAlert(a.canaryFailed, at(25))],
        }),
        scenario("FlaggerCanaryFailed: stays quiet while one of two Flagger replicas is stale", {
          series: [
            info,
            status(steady(FAILED, 30)),
            series(
              canaryStatus,
              { ...target, pod: "flagger-1", exported_namespace: "test", name: "podinfo" },
              steady(SUCCEEDED, 30),
            ),
          ],
          expect: [expectNoAlert(a.canaryFailed, at(fail + 10))],
        }),
        scenario("FlaggerCanaryFailed: resolves when the next revision progresses", {
          series: [
            info,
            status(steady(FAILED, 10), steady(PROGRESSING, 10), steady(SUCCEEDED, 10)),
          ],
          expect: [
            expectAlert(a.canaryFailed, at(fail + 3), podinfo),
            expectNoAlert(a.canaryFailed, at(12)),
          ],
        }),
      );
    }

    if (a.canaryStuck) {
      const stuck = minutes(f.canaryStuck.for);
      out.push(
        scenario(
          `FlaggerCanaryStuck: fires for a canary progressing longer than ${f.canaryStuck.for}`,
          {
            series: [info, status(steady(PROGRESSING, stuck + 20))],
            expect: [
              expectNoAlert(a.canaryStuck, at(stuck - 5)),
              expectAlert(a.canaryStuck, at(stuck + 5), podinfo),
            ],
          },
        ),
        scenario("FlaggerCanaryStuck: a long but successful analysis is not stuck", {
          series: [info, status(steady(PROGRESSING, stuck - 5), steady(SUCCEEDED, 30))],
          expect: [
            expectNoAlert(a.canaryStuck, at(stuck - 6)),
            expectNoAlert(a.canaryStuck, at(stuck + 10)),
          ],
        }),
        scenario("FlaggerCanaryStuck: stays quiet while one of two Flagger replicas is stale", {
          series: [
            info,
            status(steady(PROGRESSING, stuck + 20)),
            series(
              canaryStatus,
              { ...target, pod: "flagger-1", exported_namespace: "test", name: "podinfo" },
              steady(SUCCEEDED, stuck + 20),
            ),
          ],
          expect: [expectNoAlert(a.canaryStuck, at(stuck + 5))],
        }),
        scenario("FlaggerCanaryStuck: resolves when the canary is promoted", {
          series: [info, status(steady(PROGRESSING, stuck + 10), steady(SUCCEEDED, 10))],
          expect: [
            expectAlert(a.canaryStuck, at(stuck + 5), podinfo),
            expectNoAlert(a.canaryStuck, at(stuck + 12)),
          ],
        }),
      );
    }

    if (a.canaryRollbacks) {
      const w = minutes(f.canaryRollbacks.window);
      const longInfo = series(
        flaggerInfo,
        { ...target, version: "1.42.0", mesh_provider: "istio" },
        steady(1, 2 * w + 40),
      );
      out.push(
        scenario("FlaggerCanaryRollbacks: a rollback fires it, with FlaggerCanaryFailed", {
          // The failures counter is born at 1 with the first rollback, on a Flagger that has
          // been scraped for longer than the window.
          series: [
            longInfo,
            status(steady(PROGRESSING, w + 10), steady(FAILED, 30)),
            runs(canaryFailures, missing(w + 10), steady(1, 30)),
          ],
          expect: [
            expectNoAlert(a.canaryRollbacks, at(w + 9)),
            expectAlert(a.canaryRollbacks, at(w + 12), podinfo),
            ...(a.canaryFailed ? [expectAlert(a.canaryFailed, at(w + 20), podinfo)] : []),
          ],
        }),
        scenario(
          "FlaggerCanaryRollbacks: a Flagger scraped for the first time pages nobody for old rollbacks",
          {
            series: [info, runs(canaryFailures, steady(3, 40))],
            expect: [
              expectNoAlert(a.canaryRollbacks, at(5)),
              expectNoAlert(a.canaryRollbacks, at(30)),
            ],
          },
        ),
        scenario("FlaggerCanaryRollbacks: stays quiet while canaries are promoted", {
          series: [
            info,
            status(steady(PROGRESSING, 10), steady(SUCCEEDED, 30)),
            runs(canarySuccesses, missing(10), steady(1, 30)),
          ],
          expect: [expectNoAlert(a.canaryRollbacks, at(20))],
        }),
        scenario(
          `FlaggerCanaryRollbacks: a later rollback fires again, and each resolves after ${f.canaryRollbacks.window}`,
          {
            series: [longInfo, runs(canaryFailures, steady(3, w + 10), steady(4, w + 20))],
            expect: [
              expectNoAlert(a.canaryRollbacks, at(w + 5)),
              expectAlert(a.canaryRollbacks, at(w + 12), podinfo),
              expectNoAlert(a.canaryRollbacks, at(2 * w + 15)),
            ],
          },
        ),
      );
    }

    if (a.flaggerMetricsAbsent) {
      const m = minutes(f.metricsAbsent.for);
      out.push(
        scenario("FlaggerMetricsAbsent: fires when Flagger stops reporting", {
          series: [
            series(
              flaggerInfo,
              { ...target, version: "1.42.0", mesh_provider: "istio" },
              steady(1, 5),
              stale(),
            ),
          ],
          expect: [
            expectNoAlert(a.flaggerMetricsAbsent, at(4)),
            expectAlert(a.flaggerMetricsAbsent, at(5 + m + 2), {}),
          ],
        }),
        scenario("FlaggerMetricsAbsent: stays quiet while Flagger reports", {
          series: [info],
          expect: [expectNoAlert(a.flaggerMetricsAbsent, at(m + 5))],
        }),
        scenario("FlaggerMetricsAbsent: resolves when Flagger is back", {
          series: [
            series(
              flaggerInfo,
              { ...target, version: "1.42.0", mesh_provider: "istio" },
              missing(m + 5),
              steady(1, 10),
            ),
          ],
          expect: [
            expectAlert(a.flaggerMetricsAbsent, at(m + 2), {}),
            expectNoAlert(a.flaggerMetricsAbsent, at(m + 7)),
          ],
        }),
      );
    }
  }

  if (config.keptn.enabled) {
    const k = config.keptn;
    const metricsOperator = {
      ...exactLabels(
        "progressive-delivery",
        k.metricsOperatorSelector,
        "keptn.metricsOperatorSelector",
      ),
      ...cluster,
      namespace: "keptn-system",
      pod: "metrics-operator-0",
    };
    const lifecycle = {
      ...exactLabels(
        "progressive-delivery",
        k.lifecycleOperatorSelector,
        "keptn.lifecycleOperatorSelector",
      ),
      ...cluster,
      namespace: "keptn-system",
      pod: "lifecycle-operator-0",
      otel_scope_name: "keptn/task",
    };

    if (a.analysisFailed) {
      const w = minutes(k.analysisFailed.window);
      const target = k.analysisFailed.targetPercentage;
      const result = (run: number, ...v: Segment[]) =>
        series(
          analysisResult,
          {
            ...metricsOperator,
            exported_namespace: "test",
            name: "podinfo-analysis",
            from: `2026-11-23T10:${String(run).padStart(2, "0")}:00Z`,
            to: `2026-11-23T10:${String(run + 5).padStart(2, "0")}:00Z`,
          },
          ...v.map((s) => s),
        );
      const analysis = {
        ...cluster,
        exported_namespace: "test",
        name: "podinfo-analysis",
      } as Canary;
      const failing = Math.max(0, Math.floor(target / 2));
      // The metrics-operator has been scraped since the start: a window later, a new result is news.
      const { pod: _mo, ...moTarget } = metricsOperator;
      const moUp = (pod: string, ...v: Segment[]) => series(up, { ...moTarget, pod }, ...v);
      const scraped = moUp("metrics-operator-0", steady(1, 2 * w + 40));
      out.push(
        scenario("KeptnAnalysisFailed: fires when a new analysis falls short of the target", {
          series: [
            scraped,
            result(0, steady(100, w + 40)),
            result(10, missing(w + 10), steady(failing, 30)),
          ],
          expect: [
            expectNoAlert(a.analysisFailed, at(w + 5)),
            expectAlert(a.analysisFailed, at(w + 15), analysis, { value: failing }),
          ],
        }),
        scenario("KeptnAnalysisFailed: stays quiet for analyses that meet the target", {
          series: [
            scraped,
            result(0, steady(100, w + 40)),
            result(10, missing(w + 10), steady(target, 30)),
          ],
          expect: [expectNoAlert(a.analysisFailed, at(w + 15))],
        }),
        scenario(
          `KeptnAnalysisFailed: an old failed result stops firing after ${k.analysisFailed.window}`,
          {
            series: [scraped, result(10, missing(w + 10), steady(failing, w + 30))],
            expect: [
              expectAlert(a.analysisFailed, at(w + 15), analysis, { value: failing }),
              expectNoAlert(a.analysisFailed, at(2 * w + 15)),
            ],
          },
        ),
        scenario(
          "KeptnAnalysisFailed: a metrics-operator scraped for the first time pages nobody for old results",
          {
            // A new ServiceMonitor or a fresh Prometheus replica: every past run's result appears at once.
            series: [scraped, result(10, steady(failing, w + 30))],
            expect: [
              expectNoAlert(a.analysisFailed, at(5)),
              expectNoAlert(a.analysisFailed, at(w + 5)),
            ],
          },
        ),
        scenario("KeptnAnalysisFailed: a new result after a metrics-operator restart still fires", {
          series: [
            moUp("metrics-operator-0", steady(1, w + 5), stale()),
            moUp("metrics-operator-1", missing(w + 6), steady(1, 30)),
            result(10, missing(w + 10), steady(failing, 20)),
          ],
          expect: [expectAlert(a.analysisFailed, at(w + 15), analysis, { value: failing })],
        }),
      );
      if (config.clusterLabel)
        out.push(
          scenario(
            "KeptnAnalysisFailed: a cluster scraped for the first time pages nobody for its old results",
            {
              // Another cluster has been scraped for long; this one's old results are no news.
              series: [
                scraped,
                series(
                  up,
                  { ...moTarget, pod: "metrics-operator-0", cluster: "staging" },
                  missing(w + 10),
                  steady(1, 30),
                ),
                series(
                  analysisResult,
                  {
                    ...metricsOperator,
                    cluster: "staging",
                    exported_namespace: "test",
                    name: "podinfo-analysis",
                    from: "2026-11-23T10:10:00Z",
                    to: "2026-11-23T10:15:00Z",
                  },
                  missing(w + 10),
                  steady(failing, 30),
                ),
              ],
              expect: [expectNoAlert(a.analysisFailed, at(w + 15))],
            },
          ),
        );
    }

    // The lifecycle-operator's target, scraped since the start unless a scenario says otherwise.
    const { pod: _lo, otel_scope_name: _scope, ...loTarget } = lifecycle;
    const loUp = (labels: Record<string, string>, ...v: Segment[]) =>
      series(up, { ...loTarget, ...labels }, ...v);

    const countScenarios = (
      alert: NonNullable<typeof a.deploymentFailed>,
      window: DurationLiteral,
      what: string,
      failed: (labels: Record<string, string>, ...v: Segment[]) => ReturnType<typeof series>,
      succeeded: (...v: Segment[]) => ReturnType<typeof series>,
      labels: Record<string, string>,
    ) => {
      const w = minutes(window);
      const scraped = loUp({ pod: "lifecycle-operator-0" }, steady(1, 2 * w + 40));
      out.push(
        scenario(`${alert.name}: fires after a failed ${what} (a counter born at 1)`, {
          series: [
            scraped,
            succeeded(steady(1, w + 40)),
            failed({}, missing(w + 10), steady(1, 30)),
          ],
          expect: [
            expectNoAlert(alert, at(w + 9)),
            expectAlert(alert, at(w + 12), labels as never),
          ],
        }),
        scenario(`${alert.name}: stays quiet while ${what}s succeed`, {
          series: [scraped, succeeded(steady(1, 10), steady(2, 30))],
          expect: [expectNoAlert(alert, at(20))],
        }),
        scenario(`${alert.name}: resolves ${window} after the last failure`, {
          series: [scraped, failed({}, steady(1, 10), steady(2, w + 20))],
          expect: [
            expectAlert(alert, at(12), labels as never),
            expectNoAlert(alert, at(10 + w + 5)),
          ],
        }),
        scenario(
          `${alert.name}: a lifecycle-operator scraped for the first time pages nobody for old failures`,
          {
            // A new ServiceMonitor or a fresh Prometheus replica: old totals appear at once.
            series: [scraped, failed({}, steady(3, w + 40))],
            expect: [expectNoAlert(alert, at(5)), expectNoAlert(alert, at(w + 5))],
          },
        ),
        scenario(`${alert.name}: a failure counted after a lifecycle-operator restart fires`, {
          series: [
            loUp({ pod: "lifecycle-operator-0" }, steady(1, w + 5), stale()),
            loUp({ pod: "lifecycle-operator-1" }, missing(w + 6), steady(1, 30)),
            failed({ pod: "lifecycle-operator-1" }, missing(w + 10), steady(1, 20)),
          ],
          expect: [expectAlert(alert, at(w + 12), labels as never)],
        }),
      );
      if (config.clusterLabel)
        out.push(
          scenario(
            `${alert.name}: a cluster scraped for the first time pages nobody for its old failures`,
            {
              // Another cluster has been scraped for long; this one's old totals are no news.
              series: [
                scraped,
                loUp(
                  { pod: "lifecycle-operator-0", cluster: "staging" },
                  missing(w + 10),
                  steady(1, 30),
                ),
                failed({ cluster: "staging" }, missing(w + 10), steady(3, 30)),
              ],
              expect: [expectNoAlert(alert, at(w + 12))],
            },
          ),
        );
    };

    if (a.deploymentFailed) {
      const workload = {
        keptn_deployment_app_name: "podinfo",
        keptn_deployment_workload_name: "podinfo-frontend",
        keptn_deployment_workload_namespace: "test",
      };
      const count =
        (status: string) =>
        (labels: Record<string, string>, ...v: Segment[]) =>
          series(
            deploymentCount,
            {
              ...lifecycle,
              ...labels,
              ...workload,
              keptn_deployment_workload_version: "1.2.0",
              keptn_deployment_workload_status: status,
            },
            ...v,
          );
      countScenarios(
        a.deploymentFailed,
        k.deploymentFailed.window,
        "workload deployment",
        count("Failed"),
        (...v: Segment[]) => count("Succeeded")({}, ...v),
        { ...cluster, ...workload },
      );
    }
    if (a.appDeploymentFailed) {
      const app = { keptn_deployment_app_name: "podinfo", keptn_deployment_app_namespace: "test" };
      const count =
        (status: string) =>
        (labels: Record<string, string>, ...v: Segment[]) =>
          series(
            appCount,
            {
              ...lifecycle,
              ...labels,
              ...app,
              keptn_deployment_app_version: "1.2.0",
              keptn_deployment_app_status: status,
            },
            ...v,
          );
      countScenarios(
        a.appDeploymentFailed,
        k.appDeploymentFailed.window,
        "app deployment",
        count("Failed"),
        (...v: Segment[]) => count("Succeeded")({}, ...v),
        { ...cluster, ...app },
      );
    }
  }
  return out;
}
