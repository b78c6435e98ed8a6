/**
 * The SPIRE mixin's config. SPIRE's metric names are its own, so the selectors default to none;
 * narrow them when several SPIRE deployments share one Prometheus.
 */
import { z } from "zod";
import {
  about,
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
    agentSelector: selectorSchema
      .default({})
      .meta(about("Matchers of the agents' series (besides their metric names).")),
    serverSelector: selectorSchema.default({}).meta(about("Matchers of the servers' series.")),
    agentSyncFailure: alertConfig(
      "SPIREAgentSyncFailure",
      "an agent's entry syncs fail.",
      alertSettings("10m", "critical"),
    ),
    agentNoSuccessfulSync: alertConfig(
      "SPIREAgentNoSuccessfulSync",
      "a running agent has had no successful sync in `window`, without failing syncs either.",
      { ...alertSettings("10m", "critical"), window: durationSchema.default("15m") },
    ),
    agentSvidRotationFailure: alertConfig(
      "SPIREAgentSVIDRotationFailure",
      "an agent's own SVID rotations fail with no success.",
      alertSettings("15m", "warning"),
    ),
    /* SPIRE rotates the CA at half its TTL, so `within` must stay below half the CA TTL. */
    caExpiringSoon: alertConfig(
      "SPIREServerCAExpiringSoon",
      "the X.509 CA expires within `within`; keep it below half the CA TTL configured on the server.",
      { ...alertSettings("10m", "critical"), within: durationSchema.default("6h") },
    ),
    serverAttestationFailures: alertConfig(
      "SPIREServerAttestationFailures",
      "the servers refuse or fail agent node attestations.",
      alertSettings("15m", "warning"),
    ),
    metricsAbsent: alertConfig(
      "SPIREMetricsAbsent",
      "no SPIRE server or agent is scraped, so the other alerts are blind.",
      alertSettings("15m", "critical"),
    ),
  })
  .strict()
  .superRefine(checkLabelOptions);

export type SpireConfigInput = z.input<typeof spireConfigSchema>;
export type SpireConfig = z.output<typeof spireConfigSchema>;

export function parseSpireConfig(input: SpireConfigInput = {}): SpireConfig {
  return parseConfig("spire", spireConfigSchema, input);
}
