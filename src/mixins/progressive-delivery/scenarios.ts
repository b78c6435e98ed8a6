/**
 * promtool scenarios of the progressive delivery mixin: every alert fires, stays quiet and resolves;
 * a long but successful analysis is not "stuck"; a rollback raises FlaggerCanaryFailed and
 * FlaggerCanaryRollbacks; counters born at 1 still count; an old failed analysis stops firing.
 */
import { at, before, minutes } from "../common/scenario-time.js";
import { parseDurationMs, type DurationLiteral } from "../../promql/duration.js";
import { missing, stale, steady, type Segment } from "../../testing/notation.js";
import {
  expectAlert,
  expectNoAlert,
  scenario,
  series,
  type InputSeries,
  type Scenario,
} from "../../testing/scenario.js";
import { absentLabels, exactLabels } from "../common/scenario-labels.js";
import { up } from "../common/controller-runtime.js";
import {
  analysisResult,
  appCount,
  canaryFailures,
  canaryStatus,
  canarySuccesses,
  deploymentCount,
  evaluationCount,
  flaggerInfo,
  lifecycleActive,
  taskCount,
} from "./catalog.js";
import type { ProgressiveDeliveryConfig } from "./config.js";
import { healthyDayScenario } from "./healthy-day.js";
import type { ProgressiveDeliveryRules } from "./rules.js";
import { canaryPhases, ksmCatalog, type CanaryPhase } from "./kube-state-metrics.js";

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
      namespace: "flagger-system",
      ...exactLabels("progressive-delivery", f.selector, "flagger.selector"),
      ...cluster,
      pod: "flagger-0",
    };
    const info = series(
      flaggerInfo,
      { ...target, version: "1.42.0", mesh_provider: "istio" },
      // Flagger reports all along, however long the scenarios last.
      steady(1, 200 + minutes(f.canaryStuck.for) + minutes(f.canaryFailed.for)),
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
      const forMs = parseDurationMs(f.canaryFailed.for);
      out.push(
        scenario("FlaggerCanaryFailed: fires after a failed analysis (a rollback)", {
          series: [info, status(steady(PROGRESSING, 10), steady(FAILED, fail + 20))],
          expect: [
            expectNoAlert(a.canaryFailed, at(9)),
            // Failed, but not yet for `for`.
            ...(fail > 0 ? [expectNoAlert(a.canaryFailed, at(10 + fail - 1))] : []),
            expectAlert(a.canaryFailed, at(10 + fail + 2), podinfo),
          ],
        }),
        // Rules evaluated every 30s: the alert waits all of `for`, not half of it. Quiet at the
        // last evaluation before `for` is over (the failure is seen from 10m on).
        ...(forMs > 0
          ? [
              scenario("FlaggerCanaryFailed: waits all of `for` (rules evaluated every 30s)", {
                evaluationInterval: "30s",
                series: [info, status(steady(PROGRESSING, 10), steady(FAILED, fail + 20))],
                expect: [
                  expectNoAlert(
                    a.canaryFailed,
                    `${Math.floor((600_000 + forMs - 1) / 30_000) * 30}s` as DurationLiteral,
                  ),
                  expectAlert(a.canaryFailed, at(10 + fail + 1), podinfo),
                ],
              }),
            ]
          : []),
        scenario("FlaggerCanaryFailed: two Flagger replicas that agree fire once", {
          series: [
            info,
            status(steady(FAILED, fail + 20)),
            series(
              canaryStatus,
              { ...target, pod: "flagger-1", exported_namespace: "test", name: "podinfo" },
              steady(FAILED, fail + 20),
            ),
          ],
          expect: [expectAlert(a.canaryFailed, at(fail + 5), podinfo)],
        }),
        scenario(
          "FlaggerCanaryFailed: stays quiet while one of two Flagger replicas still progresses",
          {
            series: [
              info,
              status(steady(FAILED, fail + 20)),
              series(
                canaryStatus,
                { ...target, pod: "flagger-1", exported_namespace: "test", name: "podinfo" },
                steady(PROGRESSING, fail + 20),
              ),
            ],
            expect: [expectNoAlert(a.canaryFailed, at(fail + 10))],
          },
        ),
        scenario("FlaggerCanaryFailed: stays quiet after a promotion", {
          series: [info, status(steady(PROGRESSING, 10), steady(SUCCEEDED, 20))],
          expect: [expectNoAlert(a.canaryFailed, at(25))],
        }),
        scenario("FlaggerCanaryFailed: stays quiet while one of two Flagger replicas is stale", {
          series: [
            info,
            status(steady(FAILED, fail + 20)),
            series(
              canaryStatus,
              { ...target, pod: "flagger-1", exported_namespace: "test", name: "podinfo" },
              steady(SUCCEEDED, fail + 20),
            ),
          ],
          expect: [expectNoAlert(a.canaryFailed, at(fail + 10))],
        }),
        scenario("FlaggerCanaryFailed: resolves when the next revision progresses", {
          series: [
            info,
            status(steady(FAILED, fail + 10), steady(PROGRESSING, 10), steady(SUCCEEDED, 10)),
          ],
          expect: [
            expectAlert(a.canaryFailed, at(fail + 3), podinfo),
            expectNoAlert(a.canaryFailed, at(fail + 12)),
          ],
        }),
      );
    }

    if (a.canaryStuck) {
      const stuckAlert = a.canaryStuck;
      const stuck = minutes(f.canaryStuck.for);
      out.push(
        scenario(
          `FlaggerCanaryStuck: fires for a canary progressing longer than ${f.canaryStuck.for}`,
          {
            series: [info, status(steady(PROGRESSING, stuck + 20))],
            expect: [
              ...before(stuck, 5).map((t) => expectNoAlert(stuckAlert, t)),
              expectAlert(a.canaryStuck, at(stuck + 5), podinfo),
            ],
          },
        ),
        // Progressing until 5 minutes before `for`: only when `for` leaves time for that.
        ...(stuck >= 7
          ? [
              scenario("FlaggerCanaryStuck: a long but successful analysis is not stuck", {
                series: [info, status(steady(PROGRESSING, stuck - 5), steady(SUCCEEDED, 30))],
                expect: [
                  expectNoAlert(a.canaryStuck, at(stuck - 6)),
                  expectNoAlert(a.canaryStuck, at(stuck + 10)),
                ],
              }),
            ]
          : []),
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

    if (f.kubeStateMetrics.enabled) {
      const fail = minutes(f.canaryFailed.for);
      const stuck = minutes(f.canaryStuck.for);
      const ksmTarget = (pod: string, clusterName?: string) => ({
        // A selector on the namespace wins over this one.
        namespace: "monitoring",
        ...exactLabels(
          "progressive-delivery",
          f.kubeStateMetrics.selector,
          "flagger.kubeStateMetrics.selector",
        ),
        ...cluster,
        ...(clusterName === undefined ? {} : { cluster: clusterName }),
        pod,
        instance: `${pod}:8080`,
        customresource_group: "flagger.app",
        customresource_kind: "Canary",
        customresource_version: "v1beta1",
      });
      /** The Canary object of a target, as one kube-state-metrics replica reports it. */
      const listed = (
        phase: CanaryPhase,
        opts: { pod?: string; target?: string; cluster?: string },
        ...v: Segment[]
      ) =>
        series(
          ksmCatalog.canaryInfo,
          {
            ...ksmTarget(opts.pod ?? "kube-state-metrics-0", opts.cluster),
            exported_namespace: "test",
            name: opts.target ?? "podinfo",
            canary: opts.target ?? "podinfo",
            phase,
          },
          ...v,
        );
      // Another canary keeps kube-state-metrics reporting Canary objects in the cluster.
      const frontend = (n: number, pod?: string) =>
        listed("Succeeded", { target: "frontend", ...(pod ? { pod } : {}) }, steady(1, n));
      const replica = (pod: string, ...v: Segment[]) =>
        series(canaryStatus, { ...target, pod, exported_namespace: "test", name: "podinfo" }, ...v);

      if (a.canaryFailed) {
        const n = fail + 30;
        out.push(
          scenario(
            "FlaggerCanaryFailed: a canary deleted while failed stops firing (kube-state-metrics)",
            {
              // Flagger keeps the deleted canary's status series until it restarts.
              series: [
                info,
                status(steady(FAILED, n)),
                listed("Failed", {}, steady(1, fail + 5), stale()),
                frontend(n),
              ],
              expect: [
                expectAlert(a.canaryFailed, at(fail + 3), podinfo),
                expectNoAlert(a.canaryFailed, at(fail + 10)),
                expectNoAlert(a.canaryFailed, at(n - 2)),
              ],
            },
          ),
          scenario(
            "FlaggerCanaryFailed: two Flagger and two kube-state-metrics replicas, one alert, gone with the canary",
            {
              series: [
                info,
                replica("flagger-0", steady(FAILED, n)),
                replica("flagger-1", steady(FAILED, n)),
                ...["kube-state-metrics-0", "kube-state-metrics-1"].flatMap((pod) => [
                  listed("Failed", { pod }, steady(1, fail + 5), stale()),
                  frontend(n, pod),
                ]),
              ],
              expect: [
                expectAlert(a.canaryFailed, at(fail + 3), podinfo),
                expectNoAlert(a.canaryFailed, at(fail + 10)),
              ],
            },
          ),
          scenario(
            "FlaggerCanaryFailed: without any Canary from kube-state-metrics, Flagger's status alone fires",
            {
              // kube-state-metrics down or without the Canary config: the second source is no gate.
              series: [info, status(steady(FAILED, n))],
              expect: [expectAlert(a.canaryFailed, at(fail + 3), podinfo)],
            },
          ),
        );
        if (config.clusterLabel)
          out.push(
            scenario("FlaggerCanaryFailed: kube-state-metrics is judged per cluster", {
              // prod: the canary was deleted; staging: no kube-state-metrics, Flagger alone.
              series: [
                info,
                status(steady(FAILED, n)),
                listed("Failed", {}, steady(1, fail + 5), stale()),
                frontend(n),
                series(
                  canaryStatus,
                  { ...target, cluster: "staging", exported_namespace: "test", name: "podinfo" },
                  steady(FAILED, n),
                ),
              ],
              // Only staging's: promtool expects exactly the alerts listed.
              expect: [
                expectAlert(a.canaryFailed, at(fail + 10), { ...podinfo, cluster: "staging" }),
              ],
            }),
          );
      }

      if (a.canaryStuck) {
        const n = stuck + 20;
        out.push(
          scenario(
            "FlaggerCanaryStuck: a canary deleted while progressing does not fire (kube-state-metrics)",
            {
              series: [
                info,
                status(steady(PROGRESSING, n)),
                listed("Progressing", {}, steady(1, 5), stale()),
                frontend(n),
              ],
              expect: [expectNoAlert(a.canaryStuck, at(stuck + 5))],
            },
          ),
          scenario("FlaggerCanaryStuck: a listed canary progressing too long still fires", {
            series: [
              info,
              status(steady(PROGRESSING, n)),
              listed("Progressing", {}, steady(1, n)),
              listed("Progressing", { pod: "kube-state-metrics-1" }, steady(1, n)),
            ],
            expect: [expectAlert(a.canaryStuck, at(stuck + 5), podinfo)],
          }),
        );
      }

      if (a.canaryPhaseStuck) {
        const ps = f.canaryPhaseStuck;
        const p = minutes(ps.for);
        const phases = [...new Set(ps.phases)];
        const stuckPhase = phases[0] as CanaryPhase;
        const settled = canaryPhases.find((ph) => !phases.includes(ph));
        out.push(
          scenario(`FlaggerCanaryPhaseStuck: fires for a canary in ${stuckPhase} for ${ps.for}`, {
            // Flagger's own gauge says 1, as for Succeeded.
            series: [
              info,
              status(steady(SUCCEEDED, p + 20)),
              listed(stuckPhase, {}, steady(1, p + 20)),
            ],
            expect: [
              ...(p > 0 ? [expectNoAlert(a.canaryPhaseStuck, at(p - 1))] : []),
              expectAlert(a.canaryPhaseStuck, at(p + 5), podinfo),
            ],
          }),
          scenario(
            "FlaggerCanaryPhaseStuck: fires once, however many kube-state-metrics replicas report it",
            {
              series: [
                info,
                listed(stuckPhase, {}, steady(1, p + 20)),
                listed(stuckPhase, { pod: "kube-state-metrics-1" }, steady(1, p + 20)),
              ],
              expect: [expectAlert(a.canaryPhaseStuck, at(p + 5), podinfo)],
            },
          ),
        );
        out.push(
          scenario(
            "FlaggerCanaryPhaseStuck: a kube-state-metrics restart neither fires it nor restarts the wait",
            {
              // The new pod is scraped a minute after the old pod's series went stale.
              series: [
                info,
                listed(stuckPhase, {}, steady(1, 3), stale()),
                listed(stuckPhase, { pod: "kube-state-metrics-1" }, missing(4), steady(1, p + 20)),
              ],
              expect: [
                ...(p > 1 ? [expectNoAlert(a.canaryPhaseStuck, at(p - 1))] : []),
                expectAlert(a.canaryPhaseStuck, at(p + 1), podinfo),
              ],
            },
          ),
        );
        if (phases.length > 1) {
          const [first, second] = phases as [CanaryPhase, CanaryPhase];
          const half = Math.max(1, Math.floor(p / 2));
          out.push(
            scenario(
              `FlaggerCanaryPhaseStuck: ${first} then ${second} is one stuck rollout, the wait carries over`,
              {
                series: [
                  info,
                  listed(first, {}, steady(1, half), stale()),
                  listed(second, {}, missing(half), steady(1, p + 20)),
                ],
                expect: [expectAlert(a.canaryPhaseStuck, at(p + 2), podinfo)],
              },
            ),
          );
        }
        if (settled !== undefined) {
          // A healthy rollout: every phase it passes through lasts less than `for` in all.
          const path = (["Progressing", "Promoting", "Finalising"] as const).filter(
            (ph) => ph !== settled,
          );
          const stuckCount = path.filter((ph) => phases.includes(ph)).length;
          const inStuck = stuckCount === 0 ? 0 : Math.floor((p - 1) / stuckCount);
          const steps = path
            .map((ph) => ({ ph, n: phases.includes(ph) ? inStuck : 5 }))
            .filter((x) => x.n > 0);
          let t = 0;
          const phaseSeries = steps.map(({ ph, n }) => {
            const s = listed(ph, {}, ...(t > 0 ? [missing(t)] : []), steady(1, n), stale());
            t += n;
            return s;
          });
          const done = t;
          out.push(
            scenario(
              `FlaggerCanaryPhaseStuck: a rollout that goes through its phases and ends ${settled} raises nothing`,
              {
                series: [
                  info,
                  status(steady(PROGRESSING, 5), steady(SUCCEEDED, done + p + 15)),
                  ...phaseSeries,
                  listed(settled, {}, ...(done > 0 ? [missing(done)] : []), steady(1, p + 20)),
                ],
                expect: [
                  ...steps.map((_, i) =>
                    expectNoAlert(
                      a.canaryPhaseStuck!,
                      at(steps.slice(0, i + 1).reduce((x, y) => x + y.n, 0)),
                    ),
                  ),
                  expectNoAlert(a.canaryPhaseStuck, at(done + p + 5)),
                  ...(a.canaryStuck ? [expectNoAlert(a.canaryStuck, at(done + p + 5))] : []),
                  ...(a.canaryFailed ? [expectNoAlert(a.canaryFailed, at(done + p + 5))] : []),
                ],
              },
            ),
            scenario(`FlaggerCanaryPhaseStuck: resolves when the canary reaches ${settled}`, {
              series: [
                info,
                listed(stuckPhase, {}, steady(1, p + 5), stale()),
                listed(settled, {}, missing(p + 5), steady(1, 10)),
              ],
              expect: [
                expectAlert(a.canaryPhaseStuck, at(p + 3), podinfo),
                expectNoAlert(a.canaryPhaseStuck, at(p + 8)),
              ],
            }),
            scenario(
              `FlaggerCanaryPhaseStuck: stays quiet while one of two kube-state-metrics replicas lags in ${stuckPhase}`,
              {
                series: [
                  info,
                  listed(stuckPhase, {}, steady(1, p + 20)),
                  listed(settled, { pod: "kube-state-metrics-1" }, steady(1, p + 20)),
                ],
                expect: [expectNoAlert(a.canaryPhaseStuck, at(p + 5))],
              },
            ),
          );
        }
      }
    }

    if (a.canaryRollbacks) {
      const w = minutes(f.canaryRollbacks.window);
      const failFor = minutes(f.canaryFailed.for);
      const longInfo = series(
        flaggerInfo,
        { ...target, version: "1.42.0", mesh_provider: "istio" },
        steady(1, 2 * w + failFor + 40),
      );
      out.push(
        scenario("FlaggerCanaryRollbacks: a rollback fires it, with FlaggerCanaryFailed", {
          // The failures counter is born at 1 with the first rollback, on a Flagger that has
          // been scraped for longer than the window.
          series: [
            longInfo,
            status(steady(PROGRESSING, w + 10), steady(FAILED, failFor + 30)),
            runs(canaryFailures, missing(w + 10), steady(1, w + failFor + 30)),
          ],
          expect: [
            expectNoAlert(a.canaryRollbacks, at(w + 9)),
            expectAlert(a.canaryRollbacks, at(w + 12), podinfo),
            // Still news near the end of the window, though the counter never moved again.
            ...(w > 4 ? [expectAlert(a.canaryRollbacks, at(2 * w + 8), podinfo)] : []),
            ...(a.canaryFailed
              ? [expectAlert(a.canaryFailed, at(w + 10 + failFor + 2), podinfo)]
              : []),
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
              // The increase is seen over the whole window, not a part of it.
              ...(w > 4 ? [expectAlert(a.canaryRollbacks, at(2 * w + 8), podinfo)] : []),
              expectNoAlert(a.canaryRollbacks, at(2 * w + 15)),
            ],
          },
        ),
        scenario(
          "FlaggerCanaryRollbacks: two Flagger replicas, the leader counting a new rollback, fire once",
          {
            // A replica that led before keeps exporting its own, flat total.
            series: [
              longInfo,
              series(
                flaggerInfo,
                { ...target, pod: "flagger-1", version: "1.42.0", mesh_provider: "istio" },
                steady(1, 2 * w + failFor + 40),
              ),
              runs(canaryFailures, steady(3, w + 40)),
              series(
                canaryFailures,
                {
                  ...target,
                  pod: "flagger-1",
                  exported_namespace: "test",
                  name: "podinfo",
                  deployment_strategy: "canary",
                  analysis_status: "completed",
                },
                steady(1, w + 10),
                steady(2, 30),
              ),
            ],
            expect: [expectAlert(a.canaryRollbacks, at(w + 12), podinfo)],
          },
        ),
      );
      if (config.clusterLabel) {
        const staging = { ...target, cluster: "staging" };
        out.push(
          scenario(
            "FlaggerCanaryRollbacks: a cluster scraped for the first time pages nobody for its old rollbacks",
            {
              // Another cluster's Flagger has been scraped for long; this one's totals are no news.
              series: [
                longInfo,
                series(
                  flaggerInfo,
                  { ...staging, version: "1.42.0", mesh_provider: "istio" },
                  missing(w + 10),
                  steady(1, 30),
                ),
                series(
                  canaryFailures,
                  {
                    ...staging,
                    exported_namespace: "test",
                    name: "podinfo",
                    deployment_strategy: "canary",
                    analysis_status: "completed",
                  },
                  missing(w + 10),
                  steady(3, 30),
                ),
              ],
              expect: [expectNoAlert(a.canaryRollbacks, at(w + 10 + Math.min(2, w - 1)))],
            },
          ),
        );
      }
    }

    if (a.flaggerMetricsAbsent) {
      const absentAlert = a.flaggerMetricsAbsent;
      const m = minutes(f.metricsAbsent.for);
      const n = m + 20;
      const flaggerPod = (labels: Record<string, string>, ...v: Segment[]) =>
        series(
          flaggerInfo,
          { ...target, version: "1.42.0", mesh_provider: "istio", ...labels },
          ...v,
        );
      const flaggerUp = (labels: Record<string, string>, ...v: Segment[]) =>
        series(up, { ...target, ...labels }, ...v);
      // Per cluster with a cluster label; never seen at all (or no cluster label): absent()'s labels.
      const lost = config.clusterLabel ? cluster : absentLabels(f.selector);
      const never = absentLabels(f.selector);
      out.push(
        scenario("FlaggerMetricsAbsent: fires when Flagger vanishes from discovery", {
          // Samples at 0m to 4m, a stale marker at 5m: missing from 5m.
          series: [flaggerPod({}, steady(1, 5), stale())],
          expect: [
            ...before(5 + m).map((t) => expectNoAlert(absentAlert, t)),
            expectAlert(absentAlert, at(5 + m), lost as never),
          ],
        }),
        scenario("FlaggerMetricsAbsent: fires when Flagger's target is down (up 0)", {
          // A failed scrape marks every series of the target stale, flagger_info with them.
          series: [
            flaggerUp({}, steady(1, 5), steady(0, n)),
            flaggerPod({}, steady(1, 5), stale()),
          ],
          expect: [
            ...before(5 + m).map((t) => expectNoAlert(absentAlert, t)),
            expectAlert(absentAlert, at(5 + m), lost as never),
          ],
        }),
        scenario("FlaggerMetricsAbsent: stays quiet while Flagger reports", {
          series: [info],
          expect: [expectNoAlert(absentAlert, at(m + 5))],
        }),
        scenario("FlaggerMetricsAbsent: a Flagger restart raises nothing", {
          // A rolling restart: the new pod is scraped when the old one's series go stale.
          series: [
            flaggerPod({}, steady(1, 10), stale()),
            flaggerPod({ pod: "flagger-1" }, missing(10), steady(1, n)),
          ],
          expect: [expectNoAlert(absentAlert, at(10)), expectNoAlert(absentAlert, at(m + 12))],
        }),
        scenario("FlaggerMetricsAbsent: two Flagger replicas, one gone, raise nothing", {
          // Every replica reports flagger_info, leader or not.
          series: [
            flaggerPod({}, steady(1, n)),
            flaggerPod({ pod: "flagger-1" }, steady(1, 5), stale()),
          ],
          expect: [expectNoAlert(absentAlert, at(m + 10))],
        }),
        scenario("FlaggerMetricsAbsent: fires when no Flagger was ever scraped, and resolves", {
          series: [flaggerPod({}, missing(m + 5), steady(1, 10))],
          expect: [
            expectAlert(absentAlert, at(m + 2), never as never),
            expectNoAlert(absentAlert, at(m + 7)),
          ],
        }),
      );
      if (config.clusterLabel)
        out.push(
          scenario(
            "FlaggerMetricsAbsent: one cluster of many losing Flagger fires for that cluster only",
            {
              // Thanos, Mimir: both clusters' series in one place; staging's Flagger vanishes.
              series: [
                flaggerPod({}, steady(1, n)),
                flaggerPod({ cluster: "staging" }, steady(1, 5), stale()),
              ],
              expect: [expectAlert(absentAlert, at(m + 15), { cluster: "staging" } as never)],
            },
          ),
          scenario(
            "FlaggerMetricsAbsent: a cluster whose Flagger target is down fires while the others are healthy",
            {
              series: [
                flaggerPod({}, steady(1, n)),
                flaggerUp({ cluster: "staging" }, steady(1, 5), steady(0, n)),
                flaggerPod({ cluster: "staging" }, steady(1, 5), stale()),
              ],
              expect: [expectAlert(absentAlert, at(m + 15), { cluster: "staging" } as never)],
            },
          ),
        );
    }
  }

  if (config.keptn.enabled) {
    const k = config.keptn;
    // Each operator's ServiceMonitor is a job of its own; a selector's job, if any, wins.
    const metricsOperator = {
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
    const lifecycle = {
      namespace: "keptn-system",
      job: "keptn-lifecycle-operator",
      ...exactLabels(
        "progressive-delivery",
        k.lifecycleOperatorSelector,
        "keptn.lifecycleOperatorSelector",
      ),
      ...cluster,
      pod: "lifecycle-operator-0",
      otel_scope_name: "keptn/task",
    };

    // A target of another job, scraped long before Keptn's: no proof that Keptn's was.
    const otherJob = {
      job: "kube-state-metrics",
      namespace: "monitoring",
      pod: "kube-state-metrics-0",
      ...cluster,
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
      // Short of the target by a little: above half of it, so a halved target would miss it.
      const nearly = Number((target * 0.8).toPrecision(6));
      // When a new result is checked: a few minutes after it appears, while still within the window.
      const news = Math.min(5, w - 1);
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
            expectAlert(a.analysisFailed, at(w + 10 + news), analysis, { value: failing }),
          ],
        }),
        scenario("KeptnAnalysisFailed: fires for a new result a little short of the target", {
          series: [
            scraped,
            result(0, steady(100, w + 40)),
            result(10, missing(w + 10), steady(nearly, 30)),
          ],
          expect: [expectAlert(a.analysisFailed, at(w + 10 + news), analysis, { value: nearly })],
        }),
        scenario(
          "KeptnAnalysisFailed: two new runs short of the target, the alert says the worst",
          {
            series: [
              scraped,
              result(10, missing(w + 10), steady(nearly, 30)),
              result(20, missing(w + 10), steady(failing, 30)),
            ],
            expect: [
              expectAlert(a.analysisFailed, at(w + 10 + news), analysis, { value: failing }),
            ],
          },
        ),
        scenario("KeptnAnalysisFailed: stays quiet for analyses that meet the target", {
          series: [
            scraped,
            result(0, steady(100, w + 40)),
            result(10, missing(w + 10), steady(target, 30)),
          ],
          expect: [expectNoAlert(a.analysisFailed, at(w + 10 + news))],
        }),
        scenario(
          `KeptnAnalysisFailed: an old failed result stops firing after ${k.analysisFailed.window}`,
          {
            series: [scraped, result(10, missing(w + 10), steady(failing, w + 30))],
            expect: [
              expectAlert(a.analysisFailed, at(w + 10 + news), analysis, { value: failing }),
              // Still news near the end of the window.
              ...(w - 2 > news
                ? [expectAlert(a.analysisFailed, at(2 * w + 8), analysis, { value: failing })]
                : []),
              expectNoAlert(a.analysisFailed, at(2 * w + 15)),
            ],
          },
        ),
        scenario(
          "KeptnAnalysisFailed: a metrics-operator scraped for the first time pages nobody for old results",
          {
            // A new ServiceMonitor or a fresh Prometheus replica: every past run's result appears at once.
            series: [scraped, result(10, steady(failing, w + 30))],
            // Just before the target's first scrape is a window old, as well as after.
            expect: [
              expectNoAlert(a.analysisFailed, at(5)),
              ...(w - 1 !== 5 && w > 1 ? [expectNoAlert(a.analysisFailed, at(w - 1))] : []),
              expectNoAlert(a.analysisFailed, at(w + 5)),
            ],
          },
        ),
        scenario(
          "KeptnAnalysisFailed: a metrics-operator newly scraped beside older jobs pages nobody for old results",
          {
            // A new ServiceMonitor on a Prometheus that has scraped other jobs for long.
            series: [
              series(up, otherJob, steady(1, 2 * w + 40)),
              moUp("metrics-operator-0", missing(w + 10), steady(1, 30)),
              result(10, missing(w + 10), steady(failing, 30)),
            ],
            expect: [expectNoAlert(a.analysisFailed, at(w + 10 + news))],
          },
        ),
        scenario("KeptnAnalysisFailed: a new result after a metrics-operator restart still fires", {
          series: [
            moUp("metrics-operator-0", steady(1, w + 5), stale()),
            moUp("metrics-operator-1", missing(w + 4), steady(1, 30)),
            result(10, missing(w + 10), steady(failing, 20)),
          ],
          expect: [expectAlert(a.analysisFailed, at(w + 10 + news), analysis, { value: failing })],
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
              expect: [expectNoAlert(a.analysisFailed, at(w + 10 + news))],
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
      // When a new failure is checked: shortly after it, while still within the window.
      const soon = Math.min(2, w - 1);
      const scraped = loUp({ pod: "lifecycle-operator-0" }, steady(1, 2 * w + 40));
      out.push(
        scenario(`${alert.name}: fires after a failed ${what} (a counter born at 1)`, {
          series: [
            scraped,
            succeeded(steady(1, w + 40)),
            failed({}, missing(w + 10), steady(1, w + 30)),
          ],
          expect: [
            expectNoAlert(alert, at(w + 9)),
            expectAlert(alert, at(w + 10 + soon), labels as never),
            // Still news near the end of the window, though the counter never moved again.
            ...(w - 2 > soon ? [expectAlert(alert, at(2 * w + 8), labels as never)] : []),
          ],
        }),
        scenario(
          `${alert.name}: two lifecycle-operator replicas, one counting a new failure, fire once`,
          {
            // After a leader hand-over the previous leader still exports its own, flat total.
            series: [
              scraped,
              loUp({ pod: "lifecycle-operator-1" }, steady(1, 2 * w + 40)),
              failed({}, steady(1, w + 40)),
              failed({ pod: "lifecycle-operator-1" }, steady(1, w + 10), steady(2, 30)),
            ],
            expect: [expectAlert(alert, at(w + 10 + soon), labels as never)],
          },
        ),
        scenario(`${alert.name}: stays quiet while ${what}s succeed`, {
          series: [scraped, succeeded(steady(1, 10), steady(2, 30))],
          expect: [expectNoAlert(alert, at(20))],
        }),
        scenario(`${alert.name}: resolves ${window} after the last failure`, {
          series: [scraped, failed({}, steady(1, 10), steady(2, w + 20))],
          expect: [
            expectAlert(alert, at(10 + soon), labels as never),
            // The increase is seen over the whole window, not a part of it.
            ...(w - 2 > soon ? [expectAlert(alert, at(8 + w), labels as never)] : []),
            expectNoAlert(alert, at(10 + w + 5)),
          ],
        }),
        scenario(
          `${alert.name}: a lifecycle-operator scraped for the first time pages nobody for old failures`,
          {
            // A new ServiceMonitor or a fresh Prometheus replica: old totals appear at once.
            series: [scraped, failed({}, steady(3, w + 40))],
            // Just before the target's first scrape is a window old, as well as after.
            expect: [
              expectNoAlert(alert, at(5)),
              ...(w - 1 !== 5 ? [expectNoAlert(alert, at(w - 1))] : []),
              expectNoAlert(alert, at(w + 5)),
            ],
          },
        ),
        scenario(
          `${alert.name}: a lifecycle-operator newly scraped beside older jobs pages nobody for old failures`,
          {
            // A new ServiceMonitor on a Prometheus that has scraped other jobs for long.
            series: [
              series(up, otherJob, steady(1, 2 * w + 40)),
              loUp({ pod: "lifecycle-operator-0" }, missing(w + 10), steady(1, 30)),
              failed({}, missing(w + 10), steady(3, 30)),
            ],
            expect: [expectNoAlert(alert, at(w + 10 + soon))],
          },
        ),
        scenario(`${alert.name}: a failure counted after a lifecycle-operator restart fires`, {
          series: [
            // A rolling restart: the new pod is scraped before the old one goes.
            loUp({ pod: "lifecycle-operator-0" }, steady(1, w + 5), stale()),
            loUp({ pod: "lifecycle-operator-1" }, missing(w + 4), steady(1, 30)),
            failed({ pod: "lifecycle-operator-1" }, missing(w + 10), steady(1, 20)),
          ],
          expect: [expectAlert(alert, at(w + 10 + soon), labels as never)],
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
              expect: [expectNoAlert(alert, at(w + 10 + soon))],
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
    const run = (kind: "task" | "evaluation") =>
      ({
        keptn_deployment_app_name: "podinfo",
        keptn_deployment_workload_name: "podinfo-frontend",
        [`keptn_deployment_${kind}_name`]: `pre-deployment-check-${kind}-48213`,
      }) as Record<string, string>;
    const runCount =
      (metric: typeof taskCount | typeof evaluationCount, kind: "task" | "evaluation") =>
      (status: string) =>
      (labels: Record<string, string>, ...v: Segment[]) =>
        series(
          metric as typeof taskCount,
          {
            ...lifecycle,
            ...labels,
            ...run(kind),
            keptn_deployment_app_version: "1.2.0",
            keptn_deployment_workload_version: "1.2.0",
            [`keptn_deployment_${kind}_type`]: "pre",
            [`keptn_deployment_${kind}_status`]: status,
          } as Record<string, string>,
          ...v,
        );
    if (a.taskFailed) {
      const count = runCount(taskCount, "task");
      countScenarios(
        a.taskFailed,
        k.taskFailed.window,
        "task",
        count("Failed"),
        (...v: Segment[]) => count("Succeeded")({}, ...v),
        { ...cluster, ...run("task") },
      );
    }
    if (a.evaluationFailed) {
      const count = runCount(evaluationCount, "evaluation");
      countScenarios(
        a.evaluationFailed,
        k.evaluationFailed.window,
        "evaluation",
        count("Failed"),
        (...v: Segment[]) => count("Succeeded")({}, ...v),
        { ...cluster, ...run("evaluation") },
      );
    }

    const presence = (
      alert: NonNullable<typeof a.lifecycleOperatorMetricsAbsent>,
      what: string,
      /** The series a healthy operator pod has, by pod and cluster. */
      healthy: (labels: Record<string, string>, ...v: Segment[]) => InputSeries,
      /** Its target down (up 0), when the alert reads `up`, as the pod's series at 0. */
      down: ((labels: Record<string, string>, ...v: Segment[]) => InputSeries) | undefined,
      lost: Record<string, string>,
      never: Record<string, string> | undefined,
    ) => {
      const m = minutes(k.metricsAbsent.for);
      const n = m + 20;
      // Down: the pod's target at up 0 (every other series of the target goes stale with it).
      const goneOrDown = (labels: Record<string, string>) =>
        down === undefined
          ? [healthy(labels, steady(1, 5), stale())]
          : [down(labels, steady(1, 5), steady(0, n))];
      out.push(
        scenario(`${alert.name}: fires when the ${what} vanishes from discovery`, {
          series: [healthy({}, steady(1, 5), stale())],
          expect: [
            ...before(5 + m).map((t) => expectNoAlert(alert, t)),
            expectAlert(alert, at(5 + m), lost as never),
          ],
        }),
        scenario(`${alert.name}: fires when the ${what}'s target is down`, {
          series: goneOrDown({}),
          expect: [
            ...before(5 + m).map((t) => expectNoAlert(alert, t)),
            expectAlert(alert, at(5 + m), lost as never),
          ],
        }),
        scenario(`${alert.name}: stays quiet while the ${what} reports`, {
          series: [healthy({}, steady(1, n))],
          expect: [expectNoAlert(alert, at(m + 5))],
        }),
        scenario(`${alert.name}: a ${what} restart raises nothing`, {
          // A rolling restart: the new pod is scraped when the old one's series go stale.
          series: [
            healthy({}, steady(1, 10), stale()),
            healthy({ pod: "keptn-operator-1" }, missing(10), steady(1, n)),
          ],
          expect: [expectNoAlert(alert, at(10)), expectNoAlert(alert, at(m + 12))],
        }),
      );
      if (never !== undefined)
        out.push(
          scenario(`${alert.name}: fires when no ${what} was ever scraped, and resolves`, {
            series: [healthy({}, missing(m + 5), steady(1, 10))],
            expect: [
              expectAlert(alert, at(m + 2), never as never),
              expectNoAlert(alert, at(m + 7)),
            ],
          }),
        );
      if (config.clusterLabel)
        out.push(
          scenario(
            `${alert.name}: one cluster of many losing its ${what} fires for that cluster only`,
            {
              series: [
                healthy({}, steady(1, n)),
                healthy({ cluster: "staging" }, steady(1, 5), stale()),
              ],
              expect: [expectAlert(alert, at(m + 15), { cluster: "staging" } as never)],
            },
          ),
          scenario(
            `${alert.name}: a cluster whose ${what} target is down fires while the others are healthy`,
            {
              series: [healthy({}, steady(1, n)), ...goneOrDown({ cluster: "staging" })],
              expect: [expectAlert(alert, at(m + 15), { cluster: "staging" } as never)],
            },
          ),
        );
    };
    if (a.lifecycleOperatorMetricsAbsent) {
      const active = (labels: Record<string, string>, ...v: Segment[]) =>
        series(lifecycleActive, { ...lifecycle, ...labels }, ...v);
      presence(
        a.lifecycleOperatorMetricsAbsent,
        "lifecycle-operator",
        active,
        undefined,
        config.clusterLabel ? cluster : absentLabels(k.lifecycleOperatorSelector),
        absentLabels(k.lifecycleOperatorSelector),
      );
    }
    if (a.metricsOperatorMetricsAbsent) {
      const { pod: _pod, ...moTarget } = metricsOperator;
      const moUp = (labels: Record<string, string>, ...v: Segment[]) =>
        series(up, { ...moTarget, pod: "metrics-operator-0", ...labels }, ...v);
      presence(
        a.metricsOperatorMetricsAbsent,
        "metrics-operator",
        moUp,
        moUp,
        // absent() of a comparison has no labels.
        config.clusterLabel ? cluster : {},
        config.clusterLabel ? absentLabels(k.metricsOperatorSelector) : {},
      );
    }
  }
  out.push(healthyDayScenario(config, rules));
  return out;
}
