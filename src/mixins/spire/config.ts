/**
 * The SPIRE mixin's config. SPIRE's metric names are its own, so the selectors default to none;
 * narrow them when several SPIRE deployments share one Prometheus.
 */
import { z } from "zod";
import {
  alertConfig,
  alertSettings,
  commonConfig,
  durationSchema,
  parseConfig,
  selectorSchema,
} from "../common/config.js";
import { formatDuration, parseDurationMs } from "../../promql/duration.js";
import { activationLead } from "./rotation.js";

const ratio = (d: number) => z.number().gt(0).lt(1).default(d);

/** The first SPIRE release that exports the X.509 CA expiry gauge (spiffe/spire#6303, b3bf767ae). */
export const caExpiryGaugeSince = "v1.13.3";

export const spireConfigSchema = z
  .object({
    ...commonConfig,
    /** Matchers of the agents' series (besides their metric names). */
    agentSelector: selectorSchema.default({}),
    /** Matchers of the servers' series. */
    serverSelector: selectorSchema.default({}),
    /**
     * The oldest SPIRE server release deployed. The X.509 CA expiry gauge exists from v1.13.3: on an
     * older release SPIREServerCAExpiringSoon is left out and SPIREServerCAExpiryUnmonitored fires.
     */
    version: z
      .string()
      .regex(/^v?\d+\.\d+\.\d+$/, { message: 'a release like "v1.13.3"' })
      .default("v1.15.3"),
    /**
     * The servers' `ca_ttl` (SPIRE's default is 24h; at least 1h here). SPIRE activates the next X.509 CA when
     * min(ca_ttl / 6, 7d) of the current one is left, so a healthy CA never has less: the CA
     * threshold is derived from it and must stay below it.
     */
    caTTL: durationSchema.default("24h"),
    /** Fires per agent when more than `ratio` of its syncs with the server fail (5m). */
    agentSyncFailure: alertConfig({ ...alertSettings("10m", "warning"), ratio: ratio(0.5) }),
    /**
     * Fires per cluster when more than `share` of the running agents each fail more than
     * `agentSyncFailure.ratio` of their syncs: a server outage pages once, not once per node.
     */
    agentFleetSyncFailure: alertConfig({ ...alertSettings("10m", "critical"), share: ratio(0.1) }),
    /** Fires when an agent has had no successful sync in `window`, without failing syncs either. */
    agentNoSuccessfulSync: alertConfig({
      ...alertSettings("10m", "critical"),
      window: durationSchema.default("15m"),
    }),
    agentSvidRotationFailure: alertConfig(alertSettings("15m", "warning")),
    /**
     * Fires when the active X.509 CA expires within `within`: by default half the time left at
     * which SPIRE activates the next CA (min(caTTL / 6, 7d) / 2, 2h for 24h). Set, it must stay
     * below min(caTTL / 6, 7d), or it would fire before every normal rotation.
     */
    caExpiringSoon: alertConfig({
      ...alertSettings("10m", "critical"),
      within: durationSchema.optional(),
    }),
    /** Fires when a server fails to prepare its next X.509 CA (retried, none succeeding) in 1h. */
    caPreparationFailure: alertConfig(alertSettings("15m", "warning")),
    /** Fires for a running server without the CA expiry gauge: CA expiry is not monitored. */
    caExpiryUnmonitored: alertConfig(alertSettings("1h", "warning")),
    serverAttestationFailures: alertConfig(alertSettings("15m", "warning")),
    metricsAbsent: alertConfig(alertSettings("15m", "critical")),
  })
  .strict()
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
