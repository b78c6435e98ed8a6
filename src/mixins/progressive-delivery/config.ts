/**
 * The progressive delivery mixin's config: Flagger and Keptn, each optional. Keptn is archived
 * upstream (research/domain-metrics.md §5); it stays for clusters that still run it.
 */
import { z } from "zod";
import {
  alertConfig,
  checkLabelOptions,
  alertSettings,
  commonConfig,
  durationSchema,
  parseConfig,
  selectorSchema,
  severitySchema,
} from "../common/config.js";

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
