/**
 * The run-time check of a project config (a config file is only JavaScript once loaded): unknown
 * keys, bad names, labels and durations, and objects that are not mixkit's own are refused with the
 * config path of each problem. Shipped mixins check their own configs when they are built.
 */
import { z } from "zod";
import type { AnalysisCheck } from "../analysis/checks.js";
import type { CanaryMetric } from "../analysis/canary-metric.js";
import type { AnalysisObject } from "../analysis/emit.js";
import { DashboardBuilder } from "../dashboards/dashboard.js";
import { durationSchema, labelName } from "../mixins/common/config.js";
import { shippedMixinNames } from "../mixins/names.js";
import { isVersion, type PrometheusVersion } from "../promql/features.js";
import { Inhibition } from "../rules/inhibit.js";
import { RuleGroup } from "../rules/model.js";
import { defaultTarget } from "../rules/validate.js";
import type { AppliedOverride } from "../rules/overrides.js";
import type { InputSeries, Scenario } from "../testing/scenario.js";
import type { MixkitConfig } from "./config.js";
import { ProjectError } from "./errors.js";

/** The lint checks of a shipped mixin's config, which the project's `lint.silence` may silence. */
export const configLintChecks = [
  "runbook-base-url-unset",
  "grafana-url-unset",
  "override-without-effect",
] as const;

/** A name that is a folder, a file prefix and a Kubernetes object name alike (DNS-1123 label). */
const objectName = z
  .string()
  .max(63, { message: "at most 63 characters (a Kubernetes name)" })
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
    message: "use lower-case letters, digits and '-', starting and ending with a letter or digit",
  });

const fileName = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9._-]*$/, { message: "a plain file name without folders" });

/**
 * zod types an absent optional key as `key?: T | undefined`; it leaves the key out, and this says
 * so to the type system, so parsed values fit the library's exact optional types.
 */
function exact<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

const stringMap = z.record(z.string(), z.string());
const labelMap = z.record(labelName, z.string());

/**
 * `instanceof`, with a hint when the object is a mixkit object of another copy of the package:
 * two copies cannot share objects (each checks against its own classes).
 */
function instanceOf<T>(cls: abstract new (...args: never[]) => T, what: string, how: string) {
  const a = /^[aeiou]/.test(what) ? "an" : "a";
  return z.custom<T>((v) => v instanceof cls, {
    error: (issue) => {
      const name = (issue.input as { constructor?: { name?: string } } | null)?.constructor?.name;
      return name === cls.name
        ? `${a} ${what} from another copy of mixkit: import everything from the one "mixkit" the config's project installs`
        : `not ${a} ${what}: ${how}`;
    },
  });
}

const isObject = (v: unknown) => typeof v === "object" && v !== null;

function isScenario(v: unknown): v is Scenario {
  const s = v as Partial<Scenario> | null;
  return (
    typeof s === "object" &&
    s !== null &&
    typeof s.name === "string" &&
    Array.isArray(s.series) &&
    Array.isArray(s.expect)
  );
}

const lintSchema = z
  .strictObject({
    scrapeInterval: durationSchema.optional(),
    clusterLabel: labelName.optional(),
    maxGroupRules: z.number().int().positive().optional(),
  })
  .transform(exact);

/** Not strict: a shipped mixin's output carries more than a custom mixin needs. */
const customMixinSchema = z.object({
  name: objectName,
  groups: z
    .array(instanceOf(RuleGroup, "rule group", "build it with group(name, rules) from mixkit"))
    .readonly()
    .default([]),
  scenarios: z
    .array(
      z.custom<Scenario>(isScenario, {
        error: "not a scenario: build it with scenario(name, { series, expect }) from mixkit",
      }),
    )
    .readonly()
    .default([]),
  dashboards: z
    .array(instanceOf(DashboardBuilder, "dashboard", "build it with dashboard(title) from mixkit"))
    .readonly()
    .default([]),
  inhibitions: z
    .array(
      instanceOf(
        Inhibition,
        "inhibition",
        "build it with inhibit(source, targets, { equal }) from mixkit",
      ),
    )
    .readonly()
    .default([]),
  extraFiles: z
    .custom<ReadonlyMap<string, string>>((v) => v instanceof Map, {
      error: "a Map from file name to text",
    })
    .pipe(z.map(fileName, z.string()))
    .default(new Map()),
  prometheusRuleLabels: labelMap.default({}),
  lint: lintSchema.default({}),
  // What a mixin made with defineMixin carries besides: verify's fixtures, the overrides it
  // applied and its parsed config (the lint reads its scrape interval and cluster label).
  dashboardFixtures: z
    .array(
      z.custom<InputSeries>(
        (v) => typeof v === "object" && v !== null && "metric" in v && "values" in v,
        { error: "not an input series: build it with series(metric, labels, values) from mixkit" },
      ),
    )
    .readonly()
    .default([]),
  overrides: z.array(z.custom<AppliedOverride>()).readonly().default([]),
  config: z.custom<object>((v) => typeof v === "object" && v !== null).optional(),
  catalog: z.custom<object>((v) => typeof v === "object" && v !== null).optional(),
});

/** Each shipped mixin by name; its config is an object the mixin itself checks. */
const mixinsSchema = z.strictObject(
  Object.fromEntries(
    shippedMixinNames.map((name) => [
      name,
      z.looseObject({}, { error: "the mixin's config object ({} for the defaults)" }).optional(),
    ]),
  ),
);

const outputsSchema = z.strictObject({
  prometheusRule: z
    .union([
      z.literal(false),
      z
        .strictObject({
          namespace: objectName.optional(),
          labels: stringMap.optional(),
          annotations: stringMap.optional(),
        })
        .transform(exact),
    ])
    .default({}),
  mimir: z
    .union([
      z.literal(false),
      z.strictObject({ namespace: z.string().min(1).optional() }).transform(exact),
    ])
    .default(false),
  thanos: z.boolean().default(false),
  configMap: z
    .union([
      z.literal(false),
      z
        .strictObject({
          namespace: objectName.optional(),
          folder: z.string().optional(),
          folderAnnotation: z.string().optional(),
          sidecarLabel: z.strictObject({ name: z.string(), value: z.string() }).optional(),
          labels: stringMap.optional(),
          annotations: stringMap.optional(),
          fluxSubstitution: z.boolean().optional(),
        })
        .transform(exact),
    ])
    .default(false),
  grafanaDashboard: z
    .union([
      z.literal(false),
      z
        .strictObject({
          namespace: objectName.optional(),
          instanceSelector: z.strictObject({ matchLabels: stringMap }),
          folder: z.string().optional(),
          folderUID: z.string().optional(),
          resyncPeriod: durationSchema.optional(),
          allowCrossNamespaceImport: z.boolean().optional(),
          labels: stringMap.optional(),
        })
        .transform(exact),
    ])
    .default(false),
  alertmanagerConfig: z
    .union([
      z.literal(false),
      z
        .strictObject({ namespace: objectName.optional(), labels: labelMap.optional() })
        .transform(exact),
    ])
    .default({}),
  kustomization: z
    .union([
      z.literal(false),
      z.strictObject({ namespace: objectName.optional() }).transform(exact),
    ])
    .default({}),
});

const reservedAlertLabels = new Set(["severity", "alertname", "alertstate", "__name__"]);

/** A set of analysis objects, canary metrics and checks (analysisArtifacts), by name. */
const analysisSetSchema = z.strictObject({
  name: objectName,
  objects: z.array(z.custom<AnalysisObject>(isObject)).readonly().default([]),
  canaryMetrics: z.array(z.custom<CanaryMetric>(isObject)).readonly().default([]),
  checks: z.array(z.custom<AnalysisCheck>(isObject)).readonly().default([]),
});

export const projectConfigSchema = z.strictObject({
  outDir: z.string().min(1).default("."),
  mixins: mixinsSchema.default({}),
  custom: z.array(customMixinSchema).readonly().default([]),
  analysis: z.array(analysisSetSchema).readonly().default([]),
  targetPrometheus: z
    .string()
    .refine(isVersion, { message: 'a Prometheus version like "2.42"' })
    .transform((v) => v as PrometheusVersion)
    .default(defaultTarget),
  extraAlertLabels: labelMap
    .refine((labels) => Object.keys(labels).every((l) => !reservedAlertLabels.has(l)), {
      message: `${[...reservedAlertLabels].join(", ")} are set by the alerts themselves`,
    })
    .default({}),
  // Absent outputs parse as {}, which gives each format its default.
  outputs: outputsSchema.prefault({}),
  mutationScore: z.number().min(0).max(1).optional(),
  doctor: z
    .strictObject({
      silence: z
        .array(
          z.strictObject({
            check: z.enum(["metric-missing", "source-missing", "label-missing", "selector-empty"]),
            mixin: z.string().optional(),
            subject: z.string().optional(),
            reason: z
              .string()
              .refine((r) => r.trim() !== "", { message: "say why, for a reviewer to read" }),
          }),
        )
        .readonly()
        .default([]),
    })
    .prefault({}),
  lint: z
    .strictObject({
      silence: z
        .array(
          z
            .strictObject({
              check: z.enum(configLintChecks),
              mixin: z.string().optional(),
              reason: z
                .string()
                .refine((r) => r.trim() !== "", { message: "say why, for a reviewer to read" }),
            })
            .transform(exact),
        )
        .readonly()
        .default([]),
    })
    .prefault({}),
});

export type ProjectConfig = z.output<typeof projectConfigSchema>;
export type CustomMixinConfig = ProjectConfig["custom"][number];
export type Outputs = ProjectConfig["outputs"];

/** `mixins.external-secrets.externalSecretNotReady.for`: the style of mixin config errors. */
export function configPath(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}

function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => JSON.stringify(k)).join(", ");
    const known =
      issue.path.length === 1 && issue.path[0] === "mixins"
        ? `; shipped mixins: ${shippedMixinNames.join(", ")}`
        : "";
    return `unknown key${issue.keys.length === 1 ? "" : "s"} ${keys}${known}`;
  }
  if (issue.code === "invalid_key") return `invalid key: ${issue.issues[0]?.message ?? ""}`;
  if (issue.code === "invalid_union") return "expected false, or an object of options";
  return issue.message;
}

/**
 * Output options are `false` or an object. For an object, the problems inside it are what the user
 * needs, at their own paths, not "matches no alternative".
 */
function flatten(issue: z.core.$ZodIssue): { path: PropertyKey[]; issue: z.core.$ZodIssue }[] {
  if (issue.code === "invalid_union") {
    const inside = issue.errors.filter((branch) =>
      branch.some((i) => i.path.length > 0 || !["invalid_type", "invalid_value"].includes(i.code)),
    );
    if (inside.length === 1)
      return (inside[0] ?? []).flatMap((i) =>
        flatten(i).map((f) => ({ path: [...issue.path, ...f.path], issue: f.issue })),
      );
  }
  return [{ path: issue.path, issue }];
}

/** The checked config with its defaults, or a ProjectError naming the path of every problem. */
export function parseProjectConfig(input: unknown): ProjectConfig {
  const result = projectConfigSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ProjectError(
    result.error.issues
      .flatMap(flatten)
      .map((f) => ({ at: configPath(f.path), message: messageOf(f.issue) })),
  );
}

/** The documented MixkitConfig type must stay within what the schema accepts. */
type Within<Schema, T extends Schema> = T;
export type ConfigTypeFitsSchema = Within<z.input<typeof projectConfigSchema>, MixkitConfig>;
