/**
 * Series for the progressive delivery panels no alert reads: traffic weights, analysis metric
 * values, analysis run durations, Keptn objective results and deployment durations.
 */
import { ramp, steady } from "../../testing/notation.js";
import { series, type InputSeries } from "../../testing/scenario.js";
import { bucketSeries, fixtureSamples } from "../common/fixtures.js";
import { exactLabels } from "../common/scenario-labels.js";
import {
  canaryDuration,
  canaryMetricAnalysis,
  canarySuccesses,
  canaryWeight,
  deploymentDuration,
  objectiveResult,
} from "./catalog.js";
import type { ProgressiveDeliveryConfig } from "./config.js";

export function progressiveDeliveryFixtures(config: ProgressiveDeliveryConfig): InputSeries[] {
  const out: InputSeries[] = [];
  if (config.flagger.enabled) {
    const t = {
      ...exactLabels("progressive-delivery", config.flagger.selector, "flagger.selector"),
      pod: "flagger-0",
    };
    const canary = { ...t, exported_namespace: "test", name: "podinfo" };
    out.push(
      series(
        canaryWeight,
        { ...t, exported_namespace: "test", workload: "podinfo" },
        steady(20, fixtureSamples),
      ),
      series(
        canaryWeight,
        { ...t, exported_namespace: "test", workload: "podinfo-primary" },
        steady(80, fixtureSamples),
      ),
      series(
        canaryMetricAnalysis,
        { ...canary, metric: "request-success-rate" },
        steady(99.5, fixtureSamples),
      ),
      ...bucketSeries(
        (le, ...v) => series(canaryDuration.bucket(), { ...canary, le }, ...v),
        ["0.1", "0.5", "1", "5"],
        2,
      ),
      series(
        canarySuccesses,
        { ...canary, deployment_strategy: "canary", analysis_status: "completed" },
        ramp(0, 1, fixtureSamples),
      ),
    );
  }
  if (config.keptn.enabled) {
    const metricsOp = {
      ...exactLabels(
        "progressive-delivery",
        config.keptn.metricsOperatorSelector,
        "keptn.metricsOperatorSelector",
      ),
      pod: "metrics-operator-0",
    };
    const lifecycle = {
      ...exactLabels(
        "progressive-delivery",
        config.keptn.lifecycleOperatorSelector,
        "keptn.lifecycleOperatorSelector",
      ),
      pod: "lifecycle-operator-0",
      otel_scope_name: "keptn/task",
    };
    out.push(
      series(
        objectiveResult,
        {
          ...metricsOp,
          exported_namespace: "test",
          name: "response-time-p95",
          analysis_name: "podinfo-analysis",
          analysis_namespace: "test",
          key_objective: "true",
          weight: "1",
          from: "2026-11-23T10:00:00Z",
          to: "2026-11-23T10:05:00Z",
        },
        steady(0.25, fixtureSamples),
      ),
      ...bucketSeries(
        (le, ...v) =>
          series(
            deploymentDuration.bucket(),
            {
              ...lifecycle,
              keptn_deployment_app_name: "podinfo",
              keptn_deployment_workload_name: "podinfo-frontend",
              keptn_deployment_workload_version: "1.2.0",
              keptn_deployment_workload_namespace: "test",
              keptn_deployment_workload_status: "Succeeded",
              le,
            },
            ...v,
          ),
        ["10", "30", "60", "300"],
        1,
      ),
    );
  }
  return out;
}
