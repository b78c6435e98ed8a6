/**
 * The progressive delivery mixin's config: Flagger and Keptn, each optional. Keptn is archived
 * upstream (research/domain-metrics.md §5); it stays for clusters that still run it.
 */
import { z } from "zod";
import {
  alertConfig,
  alertSettings,
  commonConfig,
  durationSchema,
  parseConfig,
  selectorSchema,
  severitySchema,
} from "../common/config.js";
import { canaryPhases } from "./kube-state-metrics.js";

const version = z.string().regex(/^v?\d+\.\d+\.\d+$/, { message: 'a release like "v1.42.0"' });

export const progressiveDeliveryConfigSchema = z
  .object({
    ...commonConfig,
    flagger: z
      .object({
        enabled: z.boolean().default(true),
        /** Matchers of Flagger's series (the chart's PodMonitor scrapes port `http`). */
        selector: selectorSchema.default({}),
        /** The Flagger release: the rollback counter exists from v1.42.0. */
        version: version.default("v1.42.0"),
        canaryFailed: alertConfig(alertSettings("1m", "warning")),
        /** A canary still progressing after `for` is stuck. */
        canaryStuck: alertConfig(alertSettings("1h", "warning")),
        /** Fires for `window` after each rollback. */
        canaryRollbacks: alertConfig({
          severity: severitySchema.default("warning"),
          window: durationSchema.default("1h"),
        }),
        metricsAbsent: alertConfig(alertSettings("15m", "warning")),
        /**
         * Canary objects from kube-state-metrics (the CustomResourceStateMetrics config this mixin
         * ships), as a second source: canaries deleted while failing or progressing stop firing
         * (Flagger never deletes its own series), and FlaggerCanaryPhaseStuck sees the phases
         * Flagger's status gauge reports as 1, like Succeeded.
         */
        kubeStateMetrics: z
          .object({
            enabled: z.boolean().default(false),
            /** Matchers selecting kube-state-metrics. */
            selector: selectorSchema.default({ job: "kube-state-metrics" }),
          })
          .strict()
          .prefault({}),
        /**
         * With kubeStateMetrics on: a canary whose Canary object stays in one of `phases` for
         * `for` is stuck (Waiting is a rollout paused for a confirm-rollout webhook).
         */
        canaryPhaseStuck: alertConfig({
          ...alertSettings("30m", "warning"),
          phases: z
            .array(z.enum(canaryPhases))
            .min(1)
            .default(["Waiting", "Promoting", "Finalising"]),
        }),
      })
      .strict()
      .prefault({}),
    keptn: z
      .object({
        enabled: z.boolean().default(true),
        /** Matchers of the metrics-operator's series (`:9999/metrics`). */
        metricsOperatorSelector: selectorSchema.default({}),
        /** Matchers of the lifecycle-operator's series (`:2222/metrics`). */
        lifecycleOperatorSelector: selectorSchema.default({}),
        /** KeptnAnalysisFailed fires for an analysis that achieved less than this percentage. */
        analysisFailed: alertConfig({
          severity: severitySchema.default("warning"),
          targetPercentage: z.number().gt(0).max(100).default(75),
          /** How long a new result counts as news (results of old runs stay exported). */
          window: durationSchema.default("30m"),
        }),
        deploymentFailed: alertConfig({
          severity: severitySchema.default("warning"),
          window: durationSchema.default("1h"),
        }),
        appDeploymentFailed: alertConfig({
          severity: severitySchema.default("warning"),
          window: durationSchema.default("1h"),
        }),
      })
      .strict()
      .prefault({}),
  })
  .strict()
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
