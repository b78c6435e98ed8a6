/**
 * The SPIRE mixin's config. SPIRE's metric names are its own, so the selectors default to none;
 * narrow them when several SPIRE deployments share one Prometheus.
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
} from "../common/config.js";

export const spireConfigSchema = z
  .object({
    ...commonConfig,
    /** Matchers of the agents' series (besides their metric names). */
    agentSelector: selectorSchema.default({}),
    /** Matchers of the servers' series. */
    serverSelector: selectorSchema.default({}),
    agentSyncFailure: alertConfig(alertSettings("10m", "critical")),
    /** Fires when an agent has had no successful sync in `window`, without failing syncs either. */
    agentNoSuccessfulSync: alertConfig({
      ...alertSettings("10m", "critical"),
      window: durationSchema.default("15m"),
    }),
    agentSvidRotationFailure: alertConfig(alertSettings("15m", "warning")),
    /**
     * Fires when the X.509 CA expires within `within`. SPIRE rotates the CA at half its TTL, so keep
     * this below half of the CA TTL configured on the server.
     */
    caExpiringSoon: alertConfig({
      ...alertSettings("10m", "critical"),
      within: durationSchema.default("6h"),
    }),
    serverAttestationFailures: alertConfig(alertSettings("15m", "warning")),
    metricsAbsent: alertConfig(alertSettings("15m", "critical")),
  })
  .strict()
  .superRefine(checkLabelOptions);

export type SpireConfigInput = z.input<typeof spireConfigSchema>;
export type SpireConfig = z.output<typeof spireConfigSchema>;

export function parseSpireConfig(input: SpireConfigInput = {}): SpireConfig {
  return parseConfig("spire", spireConfigSchema, input);
}
