/**
 * The External Secrets mixin's config: defaults that work for the upstream Helm chart scraped by
 * kube-prometheus-stack (ServiceMonitor job `external-secrets-metrics`, 30s interval).
 */
import { z } from "zod";
import {
  alertConfig,
  checkLabelOptions,
  alertSettings,
  commonConfig,
  durationSchema,
  matcherValue,
  parseConfig,
  type MatcherValue,
  selectorSchema,
  severitySchema,
} from "../common/config.js";

const ratio = (d: number) => z.number().gt(0).lt(1).default(d);

export const externalSecretsConfigSchema = z
  .object({
    ...commonConfig,
    /** Matchers selecting the ESO controller's metrics (the chart's ServiceMonitor sets job to the Service name). */
    selector: selectorSchema.default({ job: "external-secrets-metrics" }),
    /** The ESO version deployed: metrics it does not expose yet are left out. */
    version: z
      .string()
      .regex(/^v?\d+\.\d+\.\d+$/, { message: 'a release like "v0.16.2"' })
      .default("v2.9.0"),
    /**
     * How often the per-object recording rules run (one series per ExternalSecret, PushSecret and
     * store): each evaluation reads every object's series from every replica, which a fleet of
     * thousands pays for at every interval, while object status changes slowly and its alerts wait
     * 10 minutes. The other rules keep the server's global interval.
     */
    objectRulesInterval: durationSchema.default("3m"),
    externalSecretNotReady: alertConfig(alertSettings("10m", "warning")),
    pushSecretNotReady: alertConfig(alertSettings("10m", "warning")),
    secretStoreNotReady: alertConfig(alertSettings("10m", "warning")),
    /** Fires when more sync errors than `errors` happened in 15 minutes. */
    syncErrors: alertConfig({
      ...alertSettings("15m", "warning"),
      errors: z.number().min(0).default(0),
    }),
    /** Fires when more than `ratio` of a provider call's requests fail. */
    providerErrors: alertConfig({ ...alertSettings("15m", "warning"), ratio: ratio(0.05) }),
    /** Fires when more than `ratio` of a controller's reconciles fail. */
    reconcileErrors: alertConfig({ ...alertSettings("15m", "warning"), ratio: ratio(0.1) }),
    metricsAbsent: alertConfig(alertSettings("15m", "critical")),
    /** Objects that matter most: their own `for` and severity for ExternalSecretNotReady and PushSecretNotReady. */
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
      .default([]),
    /** Object status from kube-state-metrics (reason, message, store, refresh time), as a second source. */
    kubeStateMetrics: z
      .object({
        enabled: z.boolean().default(false),
        /** Matchers selecting kube-state-metrics. */
        selector: selectorSchema.default({ job: "kube-state-metrics" }),
        /** ExternalSecretRefreshStale fires when the last refresh is older than this. */
        staleAfter: durationSchema.default("2h"),
        severity: severitySchema.default("warning"),
      })
      .strict()
      .prefault({}),
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
