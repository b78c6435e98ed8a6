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
  overridesOption,
  durationSchema,
  parseConfig,
  releaseSchema,
  selectorSchema,
} from "../common/config.js";
import type { SpireRuleName } from "./ids.js";
import { formatDuration, parseDurationMs } from "../../promql/duration.js";
import { presenceSettings } from "../common/presence.js";
import { activationLead } from "./rotation.js";

const ratio = (d: number) => z.number().gt(0).lt(1).default(d);

/** The first SPIRE release that exports the X.509 CA expiry gauge (spiffe/spire#6303, b3bf767ae). */
export const caExpiryGaugeSince = "v1.13.3";

export const spireConfigSchema = z
  .object({
    ...commonConfig,
    overrides: overridesOption<SpireRuleName>(),
    agentSelector: selectorSchema
      .default({})
      .meta(about("Matchers of the agents' series (besides their metric names).")),
    serverSelector: selectorSchema.default({}).meta(about("Matchers of the servers' series.")),
    version: releaseSchema(caExpiryGaugeSince)
      .default("v1.15.3")
      .meta(
        about(
          "The oldest SPIRE server release deployed. The X.509 CA expiry gauge exists from v1.13.3: on an older release SPIREServerCAExpiringSoon is left out and SPIREServerCAExpiryUnmonitored fires for every server.",
        ),
      ),
    /*
     * SPIRE activates the next X.509 CA when min(ca_ttl / 6, 7d) of the current one is left
     * (pkg/server/ca/manager/manager.go), so a healthy CA never has less: the CA threshold is
     * derived from caTTL and must stay below that point.
     */
    caTTL: durationSchema
      .default("24h")
      .meta(
        about(
          "The servers' `ca_ttl` (SPIRE's default is 24h; at least 1h): the CA threshold's default and its bound, min(caTTL / 6, 7d), where SPIRE activates the next CA, derive from it.",
        ),
      ),
    agentSyncFailure: alertConfig(
      "SPIREAgentSyncFailure",
      "more than `ratio` (between 0 and 1) of an agent's syncs with the server fail, over 5m.",
      { ...alertSettings("10m", "warning"), ratio: ratio(0.5) },
    ),
    agentFleetSyncFailure: alertConfig(
      "SPIREAgentFleetSyncFailure",
      "more than `share` (between 0 and 1) of the agents, per cluster, each fail more than `agentSyncFailure.ratio` of their syncs: one page for a server outage, not one per node.",
      { ...alertSettings("10m", "critical"), share: ratio(0.1) },
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
    caExpiringSoon: alertConfig(
      "SPIREServerCAExpiringSoon",
      "the active X.509 CA expires within `within`: by default half of min(caTTL / 6, 7d), the time left when SPIRE activates the next CA (2h for 24h); set, it must stay below that point.",
      { ...alertSettings("10m", "critical"), within: durationSchema.optional() },
    ),
    caPreparationFailure: alertConfig(
      "SPIREServerCAPreparationFailure",
      "a server failed to prepare its next X.509 CA in the last hour, with no success: hours before activation is due.",
      alertSettings("15m", "warning"),
    ),
    caExpiryUnmonitored: alertConfig(
      "SPIREServerCAExpiryUnmonitored",
      "a running server reports no X.509 CA expiry gauge (SPIRE before v1.13.3, or filtered), so CA expiry is not monitored.",
      alertSettings("1h", "warning"),
    ),
    serverAttestationFailures: alertConfig(
      "SPIREServerAttestationFailures",
      "the servers refuse or fail agent node attestations.",
      alertSettings("15m", "warning"),
    ),
    serverDatastoreErrors: alertConfig(
      "SPIREServerDatastoreErrors",
      "more than `ratio` (between 0 and 1) of a server's reads of its registration entries from the datastore fail, over 10m.",
      { ...alertSettings("15m", "warning"), ratio: ratio(0.25) },
    ),
    serverEntryFetchErrors: alertConfig(
      "SPIREServerEntryFetchErrors",
      "more than `ratio` (between 0 and 1) of the agents' entry fetches a server answers fail, over 10m.",
      { ...alertSettings("15m", "warning"), ratio: ratio(0.25) },
    ),
    serverSvidSigningErrors: alertConfig(
      "SPIREServerSVIDSigningErrors",
      "more than `ratio` (between 0 and 1) of a server's signatures (through its KeyManager) and BatchNewX509SVID calls fail, over 10m.",
      { ...alertSettings("15m", "warning"), ratio: ratio(0.25) },
    ),
    serverReplicasMissing: alertConfig(
      "SPIREServerReplicasMissing",
      "fewer than `expected` servers report, per cluster and trust domain (left out unless `expected` is set).",
      {
        ...alertSettings("15m", "warning"),
        expected: z
          .number()
          .int()
          .min(2)
          .optional()
          .meta(
            about(
              "How many servers each trust domain runs (the StatefulSet's replicas), at least 2: with one, SPIREMetricsAbsent covers its loss.",
            ),
          ),
      },
    ),
    metricsAbsent: alertConfig(
      "SPIREMetricsAbsent",
      "no SPIRE server, or no SPIRE agent, reports (per cluster with `clusterLabel`; `component` names which), so the other alerts are blind.",
      presenceSettings("15m"),
    ),
  })
  .strict()
  .superRefine(checkLabelOptions)
  .superRefine((config, ctx) => {
    // zod runs this even when a field failed its own check: judge only valid durations.
    const seconds = (d: string | undefined) => {
      try {
        return d === undefined ? undefined : parseDurationMs(d) / 1000;
      } catch {
        return NaN;
      }
    };
    const ttl = seconds(config.caTTL) as number;
    const within = seconds(config.caExpiringSoon?.within);
    if (Number.isNaN(ttl) || Number.isNaN(within)) return;
    if (ttl < 3600) {
      ctx.addIssue({
        code: "custom",
        path: ["caTTL"],
        message: `${config.caTTL} is shorter than 1h: give the servers' ca_ttl (SPIRE's default is 24h)`,
      });
      return;
    }
    const lead = activationLead(ttl);
    if (within !== undefined && within >= lead) {
      ctx.addIssue({
        code: "custom",
        path: ["caExpiringSoon", "within"],
        message: `${config.caExpiringSoon.within} is not below ${formatDuration(Math.floor(lead) * 1000)}, the time left when SPIRE activates the next CA with caTTL ${config.caTTL} (min(ca_ttl / 6, 7d)): it would fire before every normal rotation. Set it lower, or set caTTL to the servers' ca_ttl`,
      });
    }
  });

export type SpireConfigInput = z.input<typeof spireConfigSchema>;
export type SpireConfig = z.output<typeof spireConfigSchema>;

/**
 * The CA threshold in seconds: `caExpiringSoon.within`, or half the time left when SPIRE activates
 * the next CA (whole seconds).
 */
export function caExpiringSoonWithin(
  config: Pick<SpireConfig, "caTTL" | "caExpiringSoon">,
): number {
  const within = config.caExpiringSoon.within;
  if (within !== undefined) return parseDurationMs(within) / 1000;
  return Math.floor(activationLead(parseDurationMs(config.caTTL) / 1000) / 2);
}

export function parseSpireConfig(input: SpireConfigInput = {}): SpireConfig {
  return parseConfig("spire", spireConfigSchema, input);
}
