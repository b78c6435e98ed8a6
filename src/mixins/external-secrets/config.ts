/**
 * The External Secrets mixin's config: defaults that work for the upstream Helm chart scraped by
 * kube-prometheus-stack (ServiceMonitor job `external-secrets-metrics`, 30s interval).
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
  matcherValue,
  parseConfig,
  releaseSchema,
  type MatcherValue,
  selectorSchema,
  severitySchema,
} from "../common/config.js";
import type { ExternalSecretsRuleName } from "./ids.js";
import { presenceSettings } from "../common/presence.js";

const ratio = (d: number) => z.number().gt(0).lt(1).default(d);

export const externalSecretsConfigSchema = z
  .object({
    ...commonConfig,
    overrides: overridesOption<ExternalSecretsRuleName>(),
    selector: selectorSchema
      .default({ job: "external-secrets-metrics" })
      .meta(
        about(
          "Matchers selecting the ESO controller's metrics (the chart's ServiceMonitor sets job to the Service name).",
        ),
      ),
    version: releaseSchema("v0.16.2")
      .default("v2.9.0")
      .meta(about("The ESO version deployed: metrics it does not expose yet are left out.")),
    /*
     * Each evaluation of the per-object recording rules reads every object's series from every
     * replica, which a fleet of thousands pays for at every interval, while object status changes
     * slowly and its alerts wait 10 minutes.
     */
    objectRulesInterval: durationSchema
      .default("3m")
      .meta(
        about(
          "How often the per-object recording rules run (one series per ExternalSecret, PushSecret and store); the other rules keep the server's global interval.",
        ),
      ),
    externalSecretNotReady: alertConfig(
      "ExternalSecretNotReady",
      "every controller replica reporting on an ExternalSecret says Ready=False.",
      alertSettings("10m", "warning"),
    ),
    pushSecretNotReady: alertConfig(
      "PushSecretNotReady",
      "every controller replica reporting on a PushSecret says Ready=False.",
      alertSettings("10m", "warning"),
    ),
    secretStoreNotReady: alertConfig(
      "SecretStoreNotReady",
      "a SecretStore or ClusterSecretStore is Ready=False on every replica.",
      alertSettings("10m", "warning"),
    ),
    syncErrors: alertConfig(
      "ExternalSecretSyncErrors",
      "more sync errors than `errors` happened in 15 minutes.",
      { ...alertSettings("15m", "warning"), errors: z.number().min(0).default(0) },
    ),
    providerErrors: alertConfig(
      "ExternalSecretsProviderErrors",
      "more than `ratio` (between 0 and 1) of a provider call's requests fail.",
      { ...alertSettings("15m", "warning"), ratio: ratio(0.05) },
    ),
    reconcileErrors: alertConfig(
      "ExternalSecretsReconcileErrors",
      "more than `ratio` (between 0 and 1) of a controller's reconciles fail.",
      { ...alertSettings("15m", "warning"), ratio: ratio(0.1) },
    ),
    metricsAbsent: alertConfig(
      "ExternalSecretsMetricsAbsent",
      "no healthy controller target (per cluster with `clusterLabel`), so the other alerts are blind.",
      presenceSettings("15m"),
    ),
    clusterReconcileErrors: alertConfig(
      "ExternalSecretsClusterReconcileErrors",
      "the ClusterExternalSecret or ClusterPushSecret controller returned reconcile errors within 20 minutes (longer than the controller's longest retry backoff) for all of `for`; their status gauges cannot report a failure.",
      alertSettings("30m", "warning"),
    ),
    webhookMetricsAbsent: alertConfig(
      "ExternalSecretsWebhookMetricsAbsent",
      "no healthy webhook target (per cluster with `clusterLabel`): the webhook admits ExternalSecret and store changes, and exits when its certificate is invalid.",
      {
        ...presenceSettings("15m"),
        enabled: z
          .boolean()
          .default(true)
          .meta(about("Off when the chart deploys no webhook (`webhook.create: false`).")),
        selector: selectorSchema
          .default({ job: "external-secrets-webhook" })
          .meta(
            about(
              "Matchers selecting the webhook's metrics (the chart's webhook ServiceMonitor scrapes the webhook Service, so job is its name).",
            ),
          ),
      },
    ),
    certControllerMetricsAbsent: alertConfig(
      "ExternalSecretsCertControllerMetricsAbsent",
      "no healthy cert-controller target (per cluster with `clusterLabel`): nothing renews the webhook's certificate.",
      {
        ...alertSettings("15m", "warning"),
        lookback: presenceSettings("15m").lookback,
        enabled: z
          .boolean()
          .default(true)
          .meta(
            about(
              "Off when the chart deploys no cert-controller (`certController.create: false`, or `webhook.certManager.enabled: true`).",
            ),
          ),
        selector: selectorSchema
          .default({ job: "external-secrets-cert-controller-metrics" })
          .meta(
            about("Matchers selecting the cert-controller's metrics (job is its metrics Service)."),
          ),
      },
    ),
    criticalObjects: z
      .array(
        z
          .object({
            namespace: matcherValue,
            name: matcherValue.default({ regex: ".+" }),
            for: durationSchema.default("5m"),
            severity: severitySchema.default("critical"),
          })
          .strict(),
      )
      .default([])
      .meta(
        about(
          "Objects that matter most: their own `for` (default 5m) and severity (default critical) for ExternalSecretNotReady and PushSecretNotReady; `name` defaults to any.",
          [{ namespace: "payments", name: { regex: "db-.*" }, for: "2m" }],
        ),
      ),
    kubeStateMetrics: z
      .object({
        enabled: z
          .boolean()
          .default(false)
          .meta(about("Read object status from kube-state-metrics too.")),
        selector: selectorSchema
          .default({ job: "kube-state-metrics" })
          .meta(about("Matchers selecting kube-state-metrics.")),
        staleAfter: durationSchema
          .default("2h")
          .meta(
            about("ExternalSecretRefreshStale fires when the last refresh is older than this."),
          ),
        severity: severitySchema
          .default("warning")
          .meta(about("The severity of ExternalSecretRefreshStale.")),
      })
      .strict()
      .prefault({})
      .meta(
        about(
          "Object status from kube-state-metrics (reason, message, store, refresh time), as a second source.",
        ),
      ),
  })
  .strict()
  .superRefine(checkLabelOptions)
  .superRefine((c, ctx) => {
    if (uncoveredObject(c.criticalObjects) === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["criticalObjects"],
        message:
          "the entries cover every object, so the default ExternalSecretNotReady and PushSecretNotReady alerts could never fire; narrow the entries' namespaces or names",
      });
  });

type CriticalObject = { readonly namespace: MatcherValue; readonly name: MatcherValue };

function matches(m: MatcherValue, value: string): boolean {
  if (typeof m === "string") return m === value;
  try {
    return new RegExp(`^(?:${m.regex})$`).test(value);
  } catch {
    return false; // a bad regex has its own issue at its path
  }
}

/** Whether a critical-object entry covers the object. */
export function isCritical(
  entries: readonly CriticalObject[],
  namespace: string,
  name: string,
): boolean {
  return entries.some((c) => matches(c.namespace, namespace) && matches(c.name, name));
}

/**
 * An object (namespace, name) no entry covers, for the default alerts' scenarios: app/db unless an
 * entry covers it; undefined when the entries cover every object (e.g. `{ regex: ".+" }` twice).
 */
export function uncoveredObject(
  entries: readonly CriticalObject[],
): readonly [string, string] | undefined {
  const probes = [
    ["app", "db"],
    ["mixkit-test", "mixkit-test-db"],
    ["0", "0"],
    ["-", "-"],
  ] as const;
  return probes.find(([ns, name]) => !isCritical(entries, ns, name));
}

export type ExternalSecretsConfigInput = z.input<typeof externalSecretsConfigSchema>;
export type ExternalSecretsConfig = z.output<typeof externalSecretsConfigSchema>;

export function parseExternalSecretsConfig(
  input: ExternalSecretsConfigInput = {},
): ExternalSecretsConfig {
  return parseConfig("external-secrets", externalSecretsConfigSchema, input);
}
