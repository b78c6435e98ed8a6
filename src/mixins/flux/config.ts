/**
 * The Flux mixin's config. Defaults fit flux2-monitoring-example on kube-prometheus-stack: object
 * state from kube-state-metrics, controllers scraped by a PodMonitor in `flux-system`.
 */
import { z } from "zod";
import {
  about,
  alertConfig,
  checkLabelOptions,
  alertSettings,
  commonConfig,
  overridesOption,
  parseConfig,
  selectorSchema,
} from "../common/config.js";
import type { FluxRuleName } from "./ids.js";
import { presenceSettings } from "../common/presence.js";

/**
 * Where the state of Flux objects comes from. Several sources may be listed during a migration
 * (e.g. `["legacy", "ksm"]` while upgrading past Flux 2.2): an object's state is read from whichever
 * has it, and FluxMetricsAbsent fires only when none has any series.
 */
export const dataSources = ["ksm", "flux-operator", "legacy"] as const;
export type DataSource = (typeof dataSources)[number];

/**
 * The buckets of gotk_reconcile_duration_seconds: `ExponentialBucketsRange(0.01, 1800, 10)` in
 * fluxcd/pkg runtime/metrics/recorder.go (pkg e2cfd1a, Flux v2.9.4; research/domain-metrics.md
 * §2.1). `seconds` is the boundary rounded as users write it; `le` is what Go exposes, the full
 * float: client_golang computes `0.01 * growth^i` with math.Pow, whose last digit may differ from
 * JavaScript's (the top bucket comes out as 1799.9999999999982), so rules match the leading digits.
 */
export const reconcileBuckets = [
  { seconds: 0.01, le: "0.01", leRegex: "0\\.01" },
  { seconds: 0.0384, le: "0.038363583488692544", leRegex: "0\\.03836358[0-9]*" },
  { seconds: 0.147, le: "0.1471764538093883", leRegex: "0\\.14717645[0-9]*" },
  { seconds: 0.565, le: "0.5646216173286169", leRegex: "0\\.56462161[0-9]*" },
  { seconds: 2.17, le: "2.1660908555907006", leRegex: "2\\.16609085[0-9]*" },
  { seconds: 8.31, le: "8.309900738254731", leRegex: "8\\.30990073[0-9]*" },
  { seconds: 31.9, le: "31.87975707547831", leRegex: "31\\.8797570[0-9]*" },
  { seconds: 122, le: "122.30217221643488", leRegex: "122\\.302172[0-9]*" },
  { seconds: 469, le: "469.1949594673653", leRegex: "469\\.194959[0-9]*" },
  { seconds: 1800, le: "1799.9999999999982", leRegex: "1799\\.99[0-9]*|1800(\\.0*)?" },
] as const;

export const fluxConfigSchema = z
  .object({
    ...commonConfig,
    overrides: overridesOption<FluxRuleName>(),
    sources: z
      .array(z.enum(dataSources))
      .min(1, { message: "name at least one data source: ksm, flux-operator or legacy" })
      .refine((s) => new Set(s).size === s.length, { message: "a data source is listed twice" })
      .default(["ksm"])
      .meta(
        about(
          "Where the state of Flux objects comes from: ksm, flux-operator, legacy; several only during a migration.",
        ),
      ),
    controllerSelector: selectorSchema
      .default({ namespace: "flux-system" })
      .meta(
        about(
          "Matchers of the Flux controllers' own metrics (reconcile durations, controller-runtime).",
        ),
      ),
    ksmSelector: selectorSchema
      .default({ job: "kube-state-metrics" })
      .meta(about("Matchers of kube-state-metrics' series (source `ksm`).")),
    fluxOperatorSelector: selectorSchema
      .default({ namespace: "flux-system" })
      .meta(about("Matchers of flux-operator's series (source `flux-operator`).")),
    helmReleaseNotReady: alertConfig(
      "FluxHelmReleaseNotReady",
      "a HelmRelease is Ready=False and not suspended.",
      alertSettings("10m", "warning"),
    ),
    kustomizationNotReady: alertConfig(
      "FluxKustomizationNotReady",
      "a Kustomization is Ready=False and not suspended.",
      alertSettings("10m", "warning"),
    ),
    sourceNotReady: alertConfig(
      "FluxSourceNotReady",
      "a source (GitRepository, OCIRepository, HelmRepository, Bucket, HelmChart) is Ready=False and not suspended.",
      alertSettings("10m", "warning"),
    ),
    resourceSuspended: alertConfig(
      "FluxResourceSuspended",
      "a Flux object has been suspended for `for`.",
      alertSettings("24h", "info"),
    ),
    reconcileSlow: alertConfig(
      "FluxReconcileSlow",
      "more than `share` of a kind's reconciles over 15 minutes took longer than `slowerThan` seconds, a bucket boundary of gotk_reconcile_duration_seconds.",
      {
        ...alertSettings("30m", "warning"),
        slowerThan: z
          .number()
          .refine((s) => reconcileBuckets.some((b) => b.seconds === s), {
            message: `a bucket boundary of gotk_reconcile_duration_seconds, one of ${reconcileBuckets.map((b) => b.seconds).join(", ")} (seconds): the histogram cannot tell a duration in between`,
          })
          .default(469)
          .meta(about("Seconds: a bucket boundary of gotk_reconcile_duration_seconds.")),
        share: z
          .number()
          .gt(0)
          .lt(1)
          .default(0.05)
          .meta(about("The share of reconciles slower than `slowerThan` that fires the alert.")),
        // Replaced by slowerThan and share (a p95 interpolated inside a bucket meant little).
        seconds: z
          .never({
            error:
              "reconcileSlow.seconds is gone: FluxReconcileSlow no longer compares an interpolated p95; set slowerThan (a bucket boundary: 122, 469 or 1800 s) and share (e.g. 0.05) instead",
          })
          .optional(),
      },
    ),
    resourceReadyUnknown: alertConfig(
      "FluxResourceReadyUnknown",
      "a Flux object's Ready condition has been Unknown (or missing) for `for`: a reconcile that never ends, or a controller that died in the middle of one. Keep `for` above the longest timeout of your HelmReleases and Kustomizations.",
      alertSettings("1h", "warning"),
    ),
    imageAutomationNotReady: alertConfig(
      "FluxImageAutomationNotReady",
      "an ImageRepository, ImagePolicy or ImageUpdateAutomation is Ready=False and not suspended.",
      alertSettings("10m", "warning"),
    ),
    receiverNotReady: alertConfig(
      "FluxReceiverNotReady",
      "a notification Receiver (webhook) is Ready=False and not suspended.",
      alertSettings("10m", "warning"),
    ),
    instanceNotReady: alertConfig(
      "FluxInstanceNotReady",
      "with source `flux-operator`: a FluxInstance (the Flux installation itself) is Ready=False and not suspended.",
      alertSettings("10m", "critical"),
    ),
    metricsAbsent: alertConfig(
      ["FluxMetricsAbsent", "FluxControllerMetricsAbsent"],
      "the data sources stopped reporting any object, or one Flux reconciler (helmrelease, kustomization, ...) stopped reporting; per cluster with `clusterLabel`.",
      presenceSettings("15m"),
    ),
    kindMetricsAbsent: alertConfig(
      "FluxKindMetricsAbsent",
      "Flux reconciles objects of a kind that the data sources do not report (kube-state-metrics without RBAC for it, an API version not served).",
      alertSettings("15m", "warning"),
    ),
  })
  .strict()
  .superRefine(checkLabelOptions);

export type FluxConfigInput = z.input<typeof fluxConfigSchema>;
export type FluxConfig = z.output<typeof fluxConfigSchema>;

export function parseFluxConfig(input: FluxConfigInput = {}): FluxConfig {
  return parseConfig("flux", fluxConfigSchema, input);
}
