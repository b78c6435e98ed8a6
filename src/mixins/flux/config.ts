/**
 * The Flux mixin's config. Defaults fit flux2-monitoring-example on kube-prometheus-stack: object
 * state from kube-state-metrics, controllers scraped by a PodMonitor in `flux-system`.
 */
import { z } from "zod";
import {
  about,
  alertConfig,
  alertSettings,
  commonConfig,
  parseConfig,
  selectorSchema,
} from "../common/config.js";

/**
 * Where the state of Flux objects comes from. Several sources may be listed during a migration
 * (e.g. `["legacy", "ksm"]` while upgrading past Flux 2.2): an object's state is read from whichever
 * has it, and FluxMetricsAbsent fires only when none has any series.
 */
export const dataSources = ["ksm", "flux-operator", "legacy"] as const;
export type DataSource = (typeof dataSources)[number];

export const fluxConfigSchema = z
  .object({
    ...commonConfig,
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
      "the p95 reconcile duration of a kind stays above `seconds`.",
      { ...alertSettings("30m", "warning"), seconds: z.number().gt(0).default(300) },
    ),
    metricsAbsent: alertConfig(
      ["FluxMetricsAbsent", "FluxControllerMetricsAbsent"],
      "no configured source has any series, or the controllers are not scraped.",
      alertSettings("15m", "critical"),
    ),
  })
  .strict();

export type FluxConfigInput = z.input<typeof fluxConfigSchema>;
export type FluxConfig = z.output<typeof fluxConfigSchema>;

export function parseFluxConfig(input: FluxConfigInput = {}): FluxConfig {
  return parseConfig("flux", fluxConfigSchema, input);
}
