/**
 * Config pieces every mixin shares (zod schemas with defaults for kube-prometheus-stack), and the
 * error that names the path of a bad value.
 */
import { z } from "zod";
import { parseDurationMs, type DurationLiteral } from "../../promql/duration.js";
import { isValidLabelName } from "../../promql/strings.js";
import { checkRegex } from "../../promql/strings.js";

export class MixinConfigError extends Error {
  override readonly name = "MixinConfigError";
  constructor(
    readonly mixin: string,
    readonly issues: readonly { readonly path: string; readonly message: string }[],
  ) {
    super(
      `invalid ${mixin} config:\n${issues.map((i) => `  - ${i.path || "(root)"}: ${i.message}`).join("\n")}`,
    );
  }
}

/** Parses `input` with `schema`, or throws a MixinConfigError listing each bad path. */
export function parseConfig<S extends z.ZodType>(
  mixin: string,
  schema: S,
  input: unknown,
): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new MixinConfigError(
    mixin,
    result.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: messageOf(i) })),
  );
}

/** zod reports a bad record key as "Invalid key in record"; say what is wrong with the key. */
function messageOf(issue: z.core.$ZodIssue): string {
  const inner = issue.code === "invalid_key" ? issue.issues[0]?.message : undefined;
  return inner === undefined ? issue.message : `invalid key: ${inner}`;
}

export const labelName = z
  .string()
  .refine(isValidLabelName, { message: "not a label name: use [a-zA-Z_][a-zA-Z0-9_]*" });

export const durationSchema = z
  .string()
  .refine(
    (d) => {
      try {
        parseDurationMs(d);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a duration: use e.g. "30s", "5m", "1h30m"' },
  )
  .transform((d) => d as DurationLiteral);

export const severitySchema = z.enum(["critical", "warning", "info"]);

const regexSchema = z.string().superRefine((value, ctx) => {
  try {
    checkRegex(value, "regex");
  } catch (err) {
    ctx.addIssue({ code: "custom", message: (err as Error).message });
  }
});

/** A label matcher value in config: an exact string, or `{ regex: "..." }`. */
export const matcherValue = z.union([z.string(), z.object({ regex: regexSchema }).strict()]);
export type MatcherValue = z.infer<typeof matcherValue>;

export const selectorSchema = z.record(labelName, matcherValue);

export const urlSchema = z
  .string()
  .regex(/^https?:\/\/\S+$/, { message: "must be an absolute http(s) URL" });

/** Labels, scraping and links shared by all mixins. */
export const commonConfig = {
  /** The label holding an object's namespace: `exported_namespace` with the default `honorLabels: false`. */
  objectNamespaceLabel: labelName.default("exported_namespace"),
  /** The label telling clusters apart in a multi-cluster Prometheus/Thanos/Mimir; off by default. */
  clusterLabel: labelName.optional(),
  /** The scrape interval of the ServiceMonitor/PodMonitor (rate windows are checked against it). */
  scrapeInterval: durationSchema.default("30s"),
  /** Labels added to every alert, e.g. a team for Alertmanager routing. */
  extraAlertLabels: z.record(labelName, z.string()).default({}),
  /**
   * Where the runbooks are published; each alert links `<runbookBaseUrl>#<alertname lowercased>`.
   * Unset: mixkit's own runbooks of the installed version on GitHub (`mixkit lint` reports it).
   */
  runbookBaseUrl: urlSchema.optional(),
  /** Grafana's external URL, for `dashboard_url` links; unset, alerts have none (`mixkit lint` reports it). */
  grafanaUrl: urlSchema.optional(),
  /** Prefix of dashboard uids. */
  dashboardUidPrefix: z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/)
    .max(20)
    .default("mixkit-"),
  /** Labels of the generated PrometheusRule (kube-prometheus-stack selects on `release`). */
  prometheusRuleLabels: z
    .record(z.string(), z.string())
    .default({ release: "kube-prometheus-stack" }),
};

/** An alert's `for` and severity defaults, to spread into its config section. */
export const alertSettings = (
  forDefault: DurationLiteral,
  severity: "critical" | "warning" | "info",
) => ({
  for: durationSchema.default(forDefault),
  severity: severitySchema.default(severity),
});

/** One alert's config section: strict, and `{}` when absent since every field has a default. */
export const alertConfig = <T extends z.ZodRawShape>(shape: T) =>
  z
    .object(shape)
    .strict()
    .prefault({} as never);
