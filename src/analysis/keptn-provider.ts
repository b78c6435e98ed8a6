/**
 * Flagger's Keptn provider (pkg/metrics/providers/keptn.go, Flagger >= 1.38): a MetricTemplate with
 * `provider.type: keptn` and a query `keptnmetric/<ns>/<name>` (the KeptnMetric's `status.value`) or
 * `analysis/<ns>/<name>/<timeframe>/<k=v;k2=v2>` (Flagger creates an Analysis of that
 * AnalysisDefinition with `spec.timeframe.recent` and `spec.args`, waits up to 10s, returns 1 if it
 * passed and 0 if not, and deletes it). Flagger lowercases the whole query, splits it on `/`, the
 * arguments on `;` and each argument on `=` (dropping any that does not split in two): so every part
 * here must survive lowercasing and hold no `/`, `;` or `=`.
 */
import type { ClusterRoleResource } from "./crd-types.js";
import { checkGoDuration, type GoDuration } from "./durations.js";
import { AnalysisError } from "./errors.js";
import { deepFreeze } from "./freeze.js";
import type { AnalysisDefinition } from "./keptn-analysis.js";
import type { KeptnMetric } from "./keptn-metric.js";
import { checkLabels, checkObjectName } from "./names.js";

/** Flagger placeholders an argument value or the timeframe may be (Flagger renders them first). */
export type FlaggerPlaceholder =
  "{{ name }}" | "{{ namespace }}" | "{{ target }}" | "{{ service }}" | "{{ ingress }}";

export type KeptnProviderQuery =
  | { readonly kind: "keptnmetric"; readonly metric: KeptnMetric }
  | {
      readonly kind: "analysis";
      readonly definition: AnalysisDefinition;
      readonly timeframe: GoDuration | "{{ interval }}";
      readonly args: Readonly<Record<string, string>>;
    };

const placeholders: readonly string[] = [
  "{{ name }}",
  "{{ namespace }}",
  "{{ target }}",
  "{{ service }}",
  "{{ ingress }}",
];

/** A part of the query: unchanged by lowercasing, without the separators Flagger splits on. */
function checkPart(text: string, where: string): string {
  if (text === "") throw new AnalysisError(where, "empty");
  if (text !== text.toLowerCase())
    throw new AnalysisError(
      where,
      `${JSON.stringify(text)} has upper-case letters; Flagger lowercases the whole Keptn query, so Keptn would receive ${JSON.stringify(text.toLowerCase())}`,
    );
  for (const [sep, what] of [
    ["/", "the query's parts"],
    [";", "arguments"],
    ["=", "an argument's name from its value"],
  ] as const)
    if (text.includes(sep))
      throw new AnalysisError(
        where,
        `${JSON.stringify(text)} contains "${sep}", which Flagger's Keptn provider uses to separate ${what}`,
      );
  if (/\s/.test(text))
    throw new AnalysisError(
      where,
      `${JSON.stringify(text)} contains whitespace; Flagger trims the query, so keep parts free of it`,
    );
  return text;
}

/** `keptnmetric/<ns>/<name>`: Flagger reads the KeptnMetric's current value. */
export function keptnMetricQuery(metric: KeptnMetric): KeptnProviderQuery {
  const where = `keptnMetricQuery(${metric.namespace}/${metric.name})`;
  checkPart(metric.namespace, `${where}, namespace`);
  checkPart(metric.name, `${where}, name`);
  return deepFreeze({ kind: "keptnmetric" as const, metric });
}

export interface KeptnAnalysisQueryOptions<A extends string> {
  /** `spec.timeframe.recent` of the Analysis: a Go duration, or `{{ interval }}` (the Canary metric's). */
  readonly timeframe: GoDuration | "{{ interval }}";
  /** A value for every argument the definition's templates use; Flagger placeholders are allowed. */
  readonly args: { readonly [K in A]: string };
}

/** `analysis/<ns>/<name>/<timeframe>/<k=v;...>`: Flagger runs an Analysis; 1 if it passes, else 0. */
export function keptnAnalysisQuery<A extends string>(
  definition: AnalysisDefinition<A>,
  options: KeptnAnalysisQueryOptions<A>,
): KeptnProviderQuery {
  const where = `keptnAnalysisQuery(${definition.namespace}/${definition.name})`;
  checkPart(definition.namespace, `${where}, namespace`);
  checkPart(definition.name, `${where}, name`);
  if (options.timeframe !== "{{ interval }}")
    checkPart(checkGoDuration(options.timeframe, `${where}, timeframe`), `${where}, timeframe`);
  const given = options.args as Readonly<Record<string, string>>;
  for (const arg of definition.args) {
    if (arg !== arg.toLowerCase())
      throw new AnalysisError(
        `${where}, argument ${JSON.stringify(arg)}`,
        `Flagger lowercases argument names, so Keptn would fill {{.${arg}}} with nothing ("<no value>"): name the argument in lower case`,
      );
    if (!Object.hasOwn(given, arg))
      throw new AnalysisError(
        `${where}, argument ${JSON.stringify(arg)}`,
        `no value; the definition's templates use {{.${arg}}}, which Keptn would fill with "<no value>"`,
      );
  }
  const args: Record<string, string> = {};
  for (const [key, value] of Object.entries(given).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!definition.args.includes(key as A))
      throw new AnalysisError(
        `${where}, argument ${JSON.stringify(key)}`,
        `no template of the definition uses {{.${key}}} (used: ${definition.args.join(", ") || "none"})`,
      );
    checkPart(key, `${where}, argument name ${JSON.stringify(key)}`);
    if (!placeholders.includes(value))
      checkPart(value, `${where}, argument ${JSON.stringify(key)}`);
    args[key] = value;
  }
  return deepFreeze({ kind: "analysis" as const, definition, timeframe: options.timeframe, args });
}

/** The query text for a MetricTemplate with `provider.type: keptn`. */
export function printKeptnQuery(query: KeptnProviderQuery): string {
  if (query.kind === "keptnmetric")
    return `keptnmetric/${query.metric.namespace}/${query.metric.name}`;
  const { definition, timeframe, args } = query;
  const pairs = Object.entries(args).map(([k, v]) => `${k}=${v}`);
  const base = `analysis/${definition.namespace}/${definition.name}/${timeframe}`;
  return pairs.length > 0 ? `${base}/${pairs.join(";")}` : base;
}

/** What Flagger makes of a (rendered) Keptn query: its parseQuery, step by step. */
export interface ParsedKeptnQuery {
  readonly resource: "keptnmetrics" | "analyses";
  readonly namespace: string;
  readonly name: string;
  readonly timeframe?: string;
  readonly args?: Readonly<Record<string, string>>;
}

/** Reads a rendered query the way Flagger does (lowercase, trim, split on `/`, `;` and `=`). */
export function parseKeptnQuery(query: string): ParsedKeptnQuery {
  const parts = query.toLowerCase().replace(/\n$/, "").trim().split("/");
  if (parts.length < 3)
    throw new AnalysisError(
      `Keptn query ${JSON.stringify(query)}`,
      "expected <keptnmetric|analysis>/<namespace>/<name>[/<timeframe>[/<args>]]",
    );
  const [kind, namespace = "", name = ""] = parts;
  if (kind === "keptnmetric" || kind === "keptnmetrics")
    return { resource: "keptnmetrics", namespace, name };
  if (kind !== "analysis" && kind !== "analyses")
    throw new AnalysisError(
      `Keptn query ${JSON.stringify(query)}`,
      `unknown resource ${JSON.stringify(kind)}; expected keptnmetric or analysis`,
    );
  const args: Record<string, string> = {};
  for (const pair of (parts[4] ?? "").split(";")) {
    const kv = pair.split("=");
    if (kv.length === 2) args[kv[0]!] = kv[1]!;
  }
  return { resource: "analyses", namespace, name, timeframe: parts[3] ?? "1m", args };
}

export interface FlaggerKeptnRoleOptions {
  readonly name?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface FlaggerKeptnRole {
  readonly kind: "FlaggerKeptnRole";
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The ClusterRole Flagger's service account needs for the Keptn provider: get/list KeptnMetrics and
 * create/get/delete Analyses in metrics.keptn.sh (the calls keptn.go makes). Bind it to Flagger's
 * service account with a ClusterRoleBinding.
 */
export function flaggerKeptnRole(options: FlaggerKeptnRoleOptions = {}): FlaggerKeptnRole {
  const name = options.name ?? "flagger-keptn";
  const where = `ClusterRole ${JSON.stringify(name)}`;
  checkObjectName(name, `${where}, field "metadata.name"`);
  return deepFreeze({
    kind: "FlaggerKeptnRole" as const,
    name,
    labels: checkLabels(options.labels, `${where}, field "metadata.labels"`),
  });
}

export const flaggerKeptnRules: ClusterRoleResource["rules"] = deepFreeze([
  { apiGroups: ["metrics.keptn.sh"], resources: ["keptnmetrics"], verbs: ["get", "list"] },
  { apiGroups: ["metrics.keptn.sh"], resources: ["analyses"], verbs: ["create", "get", "delete"] },
]);
