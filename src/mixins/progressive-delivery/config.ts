/**
 * The progressive delivery mixin's config: Flagger and Keptn, each optional. Keptn is archived
 * upstream (research/domain-metrics.md §5); it stays for clusters that still run it.
 */
import { z } from "zod";
import {
  about,
  alertConfig,
  checkLabelOptions,
  alertSettings,
  commonConfig,
  overridesOption,
  durationSchema,
  parseConfig,
  releaseSchema,
  selectorSchema,
  severitySchema,
} from "../common/config.js";
import type { ProgressiveDeliveryRuleName } from "./ids.js";
import { presenceSettings } from "../common/presence.js";
import { canaryPhases } from "./kube-state-metrics.js";

const version = releaseSchema("v1.42.0");

/** Presence, at warning like the alerts it guards: losing the canary alerts is no outage itself. */
const presence = () => ({
  ...presenceSettings("15m"),
  severity: severitySchema.default("warning"),
});

/** A failure counted by Keptn's lifecycle-operator, news for `window`. */
const keptnFailures = (alert: string, what: string) =>
  alertConfig(alert, `fires for \`window\` after each failed ${what}.`, {
    severity: severitySchema.default("warning"),
    window: durationSchema.default("1h"),
  });

export const progressiveDeliveryConfigSchema = z
  .object({
    ...commonConfig,
    overrides: overridesOption<ProgressiveDeliveryRuleName>(),
    flagger: z
      .object({
        enabled: z
          .boolean()
          .default(true)
          .meta(about("Generate the Flagger alerts and dashboard row.")),
        selector: selectorSchema
          .default({})
          .meta(
            about("Matchers of Flagger's series (the chart's PodMonitor scrapes port `http`)."),
          ),
        version: version
          .default("v1.42.0")
          .meta(about("The Flagger release: the rollback counter exists from v1.42.0.")),
        canaryFailed: alertConfig(
          "FlaggerCanaryFailed",
          "a canary's analysis failed and it was rolled back.",
          alertSettings("1m", "warning"),
        ),
        canaryStuck: alertConfig(
          "FlaggerCanaryStuck",
          "a canary is still progressing after `for`; set it above your longest analysis.",
          alertSettings("1h", "warning"),
        ),
        canaryRollbacks: alertConfig(
          "FlaggerCanaryRollbacks",
          "fires for `window` after each rollback.",
          {
            severity: severitySchema.default("warning"),
            window: durationSchema.default("1h"),
          },
        ),
        metricsAbsent: alertConfig(
          "FlaggerMetricsAbsent",
          "no Flagger reports `flagger_info` (per cluster with `clusterLabel`), so the canary alerts are blind.",
          presence(),
        ),
        kubeStateMetrics: z
          .object({
            enabled: z
              .boolean()
              .default(false)
              .meta(about("Read Flagger's Canary objects from kube-state-metrics too.")),
            selector: selectorSchema
              .default({ job: "kube-state-metrics" })
              .meta(about("Matchers selecting kube-state-metrics.")),
          })
          .strict()
          .prefault({})
          .meta(
            about(
              "Canary objects from kube-state-metrics as a second source: deleted canaries stop firing, and FlaggerCanaryPhaseStuck sees the phases Flagger reports like Succeeded.",
            ),
          ),
        // Not alertConfig: its alert exists only with kubeStateMetrics on (as ESO's refresh alert).
        canaryPhaseStuck: z
          .object({
            for: durationSchema
              .default("30m")
              .meta(about("How long a Canary may stay in one of `phases`.")),
            severity: severitySchema
              .default("warning")
              .meta(about("The severity of FlaggerCanaryPhaseStuck.")),
            phases: z
              .array(z.enum(canaryPhases))
              .min(1)
              .default(["Waiting", "Promoting", "Finalising"])
              .meta(about("The Canary phases (status.phase) that count as stuck.")),
          })
          .strict()
          .prefault({})
          .meta(
            about(
              "FlaggerCanaryPhaseStuck, generated with kubeStateMetrics on: a Canary stays in one of `phases` for `for`.",
            ),
          ),
      })
      .strict()
      .prefault({})
      .meta(about("Flagger's canaries.")),
    keptn: z
      .object({
        enabled: z
          .boolean()
          .default(true)
          .meta(about("Generate the Keptn alerts and dashboard row; `false` once Keptn is gone.")),
        metricsOperatorSelector: selectorSchema
          .default({})
          .meta(about("Matchers of the metrics-operator's series (`:9999/metrics`).")),
        lifecycleOperatorSelector: selectorSchema
          .default({})
          .meta(about("Matchers of the lifecycle-operator's series (`:2222/metrics`).")),
        /* `window`: results of old runs stay exported, so only a new result is news. */
        analysisFailed: alertConfig(
          "KeptnAnalysisFailed",
          "an analysis that reported within `window` achieved less than `targetPercentage`.",
          {
            severity: severitySchema.default("warning"),
            targetPercentage: z.number().gt(0).max(100).default(75),
            window: durationSchema.default("30m"),
          },
        ),
        deploymentFailed: keptnFailures("KeptnDeploymentFailed", "workload deployment"),
        appDeploymentFailed: keptnFailures("KeptnAppDeploymentFailed", "app deployment"),
        taskFailed: keptnFailures("KeptnTaskFailed", "task (pre- or post-deployment)"),
        evaluationFailed: keptnFailures(
          "KeptnEvaluationFailed",
          "evaluation (pre- or post-deployment)",
        ),
        metricsAbsent: alertConfig(
          ["KeptnLifecycleOperatorMetricsAbsent", "KeptnMetricsOperatorMetricsAbsent"],
          "no lifecycle-operator reports `keptn_lifecycle_active_total`, or no metrics-operator target is up (only with a `metricsOperatorSelector`), per cluster with `clusterLabel`.",
          presence(),
        ),
      })
      .strict()
      .prefault({})
      .meta(about("Keptn's analyses and deployments (Keptn is archived upstream).")),
  })
  .strict()
  .superRefine(checkLabelOptions)
  .refine((c) => c.flagger.enabled || c.keptn.enabled, {
    message: "enable flagger, keptn or both",
  });

export type ProgressiveDeliveryConfigInput = z.input<typeof progressiveDeliveryConfigSchema>;
export type ProgressiveDeliveryConfig = z.output<typeof progressiveDeliveryConfigSchema>;

export function parseProgressiveDeliveryConfig(
  input: ProgressiveDeliveryConfigInput = {},
): ProgressiveDeliveryConfig {
  return parseConfig("progressive-delivery", progressiveDeliveryConfigSchema, input);
}
