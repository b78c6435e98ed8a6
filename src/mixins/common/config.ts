/**
 * Config pieces every mixin shares (zod schemas with defaults for kube-prometheus-stack), and the
 * error that names the path of a bad value.
 */
import { z } from "zod";
import { parseDurationMs, type DurationLiteral } from "../../promql/duration.js";
import { isValidLabelName } from "../../promql/strings.js";
import { checkRegex } from "../../promql/strings.js";
import type { RulePatch, RuleOverrides } from "../../rules/overrides.js";

export class MixinConfigError extends Error {
  override readonly name = "MixinConfigError";
  constructor(
    readonly mixin: string,
    readonly issues: readonly { readonly path: string; readonly message: string }[],
  ) {
    const place = (i: (typeof issues)[number]) => `${i.path || "(root)"}: ${i.message}`;
    // One problem reads as one line, as an editor or a CI log shows an error.
    super(
      issues.length === 1 && issues[0]
        ? `invalid ${mixin} config: ${place(issues[0])}`
        : `invalid ${mixin} config:\n${issues.map((i) => `  - ${place(i)}`).join("\n")}`,
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
    result.error.issues.map(deepest).map((i) => ({
      path: i.path.map(String).join("."),
      message: messageOf(i),
    })),
  );
}

/**
 * A value that matches no branch of a union (`false` or a patch) is reported by zod at the union;
 * when one branch got further (the patch, with a bad field), its issue says more.
 */
function deepest(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== "invalid_union") return issue;
  const inner = issue.errors
    .flat()
    .filter((i) => i.path.length > 0)
    .sort((a, b) => b.path.length - a.path.length)[0];
  return inner === undefined
    ? issue
    : deepest({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue);
}

/** zod reports a bad record key as "Invalid key in record"; say what is wrong with the key. */
function messageOf(issue: z.core.$ZodIssue): string {
  const inner = issue.code === "invalid_key" ? issue.issues[0]?.message : undefined;
  return inner === undefined ? issue.message : `invalid key: ${inner}`;
}

export const labelName = z
  .string()
  .refine(isValidLabelName, { message: "not a label name: use [a-zA-Z_][a-zA-Z0-9_]*" });

/**
 * A duration such as `"30s"`, `"5m"` or `"1h30m"`: typed as a DurationLiteral on both sides, so a
 * config that says `"20 minutes"` fails to compile, and checked again at run time (`"1.5m"` fits the
 * type but not Prometheus). The declared type keeps the alias by name in the emitted declarations;
 * inferred, tsc expands its 400-odd members at every field.
 */
export type DurationSchema = z.ZodType<DurationLiteral, DurationLiteral>;
export const durationSchema: DurationSchema = z.string().refine(
  (d) => {
    try {
      parseDurationMs(d);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a duration: use e.g. "30s", "5m", "1h30m"' },
) as z.ZodType<string, string> as DurationSchema;

/** A release such as `"v1.42.0"` or `"1.42.0"`, typed so that `"latest"` fails to compile. */
export type ReleaseVersion = `v${number}.${number}.${number}` | `${number}.${number}.${number}`;
export const releaseSchema = (example: string) =>
  z.string().regex(/^v?\d+\.\d+\.\d+$/, { message: `a release like "${example}"` }) as z.ZodType<
    string,
    string
  > as z.ZodType<ReleaseVersion, ReleaseVersion>;

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

/** An absolute http(s) URL, typed so that a relative one fails to compile. */
export type HttpUrl = `http://${string}` | `https://${string}`;
export const urlSchema = z
  .string()
  .regex(/^https?:\/\/\S+$/, { message: "must be an absolute http(s) URL" }) as z.ZodType<
  string,
  string
> as z.ZodType<HttpUrl, HttpUrl>;

/**
 * An option's one-line description and, for an option without a default, an example value: what
 * `mixkit init` writes above each option and the README's option tables show (both are generated
 * from the schemas, so they cannot drift from them).
 */
// A type, not an interface: zod's metadata takes any object with string keys.
export type OptionMeta = {
  readonly description: string;
  readonly example?: unknown;
  /** The alerts an alert section configures (their `for`, `severity` and thresholds). */
  readonly alerts?: readonly string[];
};
export const about = (description: string, example?: unknown): OptionMeta =>
  example === undefined ? { description } : { description, example };

/** Labels, scraping and links shared by all mixins. */
export const commonConfig = {
  objectNamespaceLabel: labelName
    .default("exported_namespace")
    .meta(
      about(
        "The label holding an object's namespace: `exported_namespace` with the default `honorLabels: false`.",
      ),
    ),
  clusterLabel: labelName
    .optional()
    .meta(
      about(
        "The label telling clusters apart in a multi-cluster Prometheus, Thanos or Mimir.",
        "cluster",
      ),
    ),
  scrapeInterval: durationSchema
    .refine((d) => parseDurationMs(d) <= 75_000, {
      message:
        "at most 1m15s: the mixins' rules take rates over 5m, which need 4 scrapes (mixkit lint's rate-window check)",
    })
    .default("30s")
    .meta(
      about(
        "The scrape interval of the ServiceMonitor or PodMonitor (rate windows are checked against it).",
      ),
    ),
  extraAlertLabels: z
    .record(labelName, z.string())
    .default({})
    .meta(about("Labels added to every alert, e.g. a team for Alertmanager routing.")),
  runbookBaseUrl: urlSchema
    .optional()
    .meta(
      about(
        "Where the runbooks are published; each alert links `<runbookBaseUrl>#<alertname lowercased>`. Unset: mixkit's own runbooks of the installed version on GitHub (`mixkit lint` reports it).",
        "https://runbooks.acme.dev/monitoring.md",
      ),
    ),
  grafanaUrl: urlSchema
    .optional()
    .meta(
      about(
        "Grafana's external URL, for `dashboard_url` links; unset, alerts have none (`mixkit lint` reports it).",
        "https://grafana.acme.dev",
      ),
    ),
  dashboardUidPrefix: z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/)
    .max(20)
    .default("mixkit-")
    .meta(about("Prefix of dashboard uids.")),
  prometheusRuleLabels: z
    .record(z.string(), z.string())
    .default({ release: "kube-prometheus-stack" })
    .meta(
      about("Labels of the generated PrometheusRule (kube-prometheus-stack selects on `release`)."),
    ),
};

/** An alert's `for` and severity defaults, to spread into its config section. */
export const alertSettings = (
  forDefault: DurationLiteral,
  severity: "critical" | "warning" | "info",
) => ({
  for: durationSchema.default(forDefault),
  severity: severitySchema.default(severity),
});

/**
 * One alert's config section (or the section of alerts that share it): strict, and `{}` when
 * absent since every field has a default. `description` says what the alert judges and what its
 * thresholds mean.
 */
export const alertConfig = <T extends z.ZodRawShape>(
  alerts: string | readonly string[],
  description: string,
  shape: T,
) => {
  const names = typeof alerts === "string" ? [alerts] : alerts;
  return z
    .object(shape)
    .strict()
    .prefault({} as never)
    .meta({ description: `${names.join(", ")}: ${description}`, alerts: names });
};

/**
 * Label options that collide, which no single key's schema can see: the cluster label must differ
 * from the object namespace label, and a selector of targets must not match on the label that holds
 * the objects' namespace (with `objectNamespaceLabel: "namespace"`, i.e. `honorLabels: true`, a
 * `namespace` matcher would pick objects, not the controllers' targets), nor on the cluster label.
 * Add with `.superRefine`.
 */
/** Labels Kubernetes service discovery puts on every target: never a cluster label. */
const targetLabels = ["namespace", "pod", "container", "service", "endpoint", "job", "instance"];

export function checkLabelOptions(config: object, ctx: z.RefinementCtx): void {
  const { objectNamespaceLabel, clusterLabel } = config as {
    objectNamespaceLabel?: string;
    clusterLabel?: string;
  };
  if (clusterLabel !== undefined && targetLabels.includes(clusterLabel))
    ctx.addIssue({
      code: "custom",
      path: ["clusterLabel"],
      message: `"${clusterLabel}" is a label of every scraped target (service discovery sets it), not one that tells clusters apart; use the label your external_labels or remote-write set, e.g. "cluster"`,
    });
  if (clusterLabel !== undefined && clusterLabel === objectNamespaceLabel)
    ctx.addIssue({
      code: "custom",
      path: ["clusterLabel"],
      message: `"${clusterLabel}" is objectNamespaceLabel too; name the label that tells clusters apart`,
    });
  const visit = (value: unknown, path: string[]) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return;
    for (const [key, inner] of Object.entries(value)) {
      if (/(^s|S)elector$/.test(key) && typeof inner === "object" && inner !== null) {
        if (clusterLabel !== undefined && clusterLabel in inner)
          ctx.addIssue({
            code: "custom",
            path: [...path, key, clusterLabel],
            message: `"${clusterLabel}" is the clusterLabel: the rules keep every cluster apart by it, so a selector must not pick clusters; select the targets by another label`,
          });
        if (objectNamespaceLabel !== undefined && objectNamespaceLabel in inner)
          ctx.addIssue({
            code: "custom",
            path: [...path, key, objectNamespaceLabel],
            message: `objectNamespaceLabel is "${objectNamespaceLabel}": that label holds the objects' namespace, so this matcher would select objects, not the targets; select the targets by another label (job, service, pod)`,
          });
      } else visit(inner, [...path, key]);
    }
  };
  visit(config, []);
}

const rulePatchSchema = z
  .object({
    for: durationSchema.optional(),
    keepFiringFor: durationSchema.optional(),
    severity: severitySchema.optional(),
    labels: z.record(labelName, z.string()).optional(),
    annotations: z.record(labelName, z.string()).optional(),
    expr: z
      .custom<RulePatch["expr"]>((v) => typeof v === "function", {
        message: "expr must be a function of the rule's expression, e.g. (e) => e.and(...)",
      })
      .optional(),
  })
  .strict();

/**
 * `overrides`: per rule, `false` to turn it off or a patch. Keyed by the mixin's rule names `N`, so
 * a typo fails to compile; at run time the build checks the names against the rules the config
 * produces and lists them (rules/overrides.ts).
 */
export const overridesOption = <N extends string>() =>
  (
    z.record(z.string(), z.union([z.literal(false), rulePatchSchema])) as unknown as z.ZodType<
      RuleOverrides<N>,
      RuleOverrides<N>
    >
  )
    .default({})
    .meta(
      about(
        "Per rule, by name: `false` turns it off (its scenarios and inhibitions go with it); an object patches `for`, `keepFiringFor`, `severity`, `labels`, `annotations` or `expr` (a function of the rule's expression).",
      ),
    );
