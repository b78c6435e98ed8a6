/**
 * Fixture series for the dashboard panels no alert reads (latency, queues, traffic split): with the
 * scenarios' series they let every panel be proved on a live Prometheus. An hour at one sample a
 * minute, shaped like real exposition: cumulative buckets, counters that only grow.
 */
import { ramp, steady } from "../../testing/notation.js";
import { series, type InputSeries } from "../../testing/scenario.js";
import { reconcileTime, reconcileTotal, workqueueDepth } from "./controller-runtime.js";

export const fixtureSamples = 60;

/** Cumulative histogram buckets of `perMinute` observations, spread over the bounds given. */
export function bucketSeries(
  make: (le: string, ...values: ReturnType<typeof ramp>[]) => InputSeries,
  bounds: readonly string[],
  perMinute: number,
): InputSeries[] {
  return [...bounds, "+Inf"].map((le, i) =>
    make(le, ramp(0, Math.round((perMinute * (i + 1)) / (bounds.length + 1)), fixtureSamples)),
  );
}

/** controller-runtime: reconcile times, results and queue depths of `controllers`. */
export function controllerRuntimeFixtures(
  target: Readonly<Record<string, string>>,
  controllers: readonly string[],
): InputSeries[] {
  return controllers.flatMap((controller) => [
    ...bucketSeries(
      (le, ...v) => series(reconcileTime.bucket(), { ...target, controller, le }, ...v),
      ["0.005", "0.05", "0.5", "5"],
      60,
    ),
    series(
      reconcileTotal,
      { ...target, controller, result: "success" },
      ramp(0, 55, fixtureSamples),
    ),
    series(reconcileTotal, { ...target, controller, result: "error" }, ramp(0, 5, fixtureSamples)),
    series(workqueueDepth, { ...target, name: controller }, steady(3, fixtureSamples)),
  ]);
}
