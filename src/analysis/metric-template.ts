/**
 * Flagger MetricTemplates: a provider and a query, referenced by Canary analysis metrics. A
 * Prometheus template's query is typed PromQL built from Flagger's placeholders (flagger-vars.ts);
 * a Keptn template's query is a Keptn provider query (keptn-provider.ts).
 */
import { InstantVector } from "../promql/expr.js";
import { parsePromQL } from "../promql/parse.js";
import { print } from "../promql/printer.js";
import { AnalysisError } from "./errors.js";
import {
  checkVariableKey,
  flaggerActionsUsed,
  flaggerVariables,
  type FlaggerVariables,
} from "./flagger-vars.js";
import { deepFreeze } from "./freeze.js";
import { printKeptnQuery, type KeptnProviderQuery } from "./keptn-provider.js";
import { checkLabels, checkNamespace, checkObjectName } from "./names.js";

export interface PrometheusProvider {
  readonly type: "prometheus";
  /** The Prometheus API address Flagger queries, e.g. `http://prometheus.monitoring:9090`. */
  readonly address: string;
  /** A Secret (in the template's namespace) with `username` and `password`. */
  readonly secretRef?: string;
  readonly insecureSkipVerify?: boolean;
}

/** Flagger's `prometheus` provider: `address` must be an http(s) URL. */
export function prometheusProvider(
  address: string,
  options: { readonly secretRef?: string; readonly insecureSkipVerify?: boolean } = {},
): PrometheusProvider {
  const where = `prometheusProvider(${JSON.stringify(address)})`;
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new AnalysisError(where, "not a URL; Flagger needs the Prometheus API address");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new AnalysisError(where, `expected an http or https URL, got ${url.protocol}`);
  if (options.secretRef !== undefined) checkObjectName(options.secretRef, `${where}, secretRef`);
  return deepFreeze({
    type: "prometheus" as const,
    address,
    ...(options.secretRef !== undefined ? { secretRef: options.secretRef } : {}),
    ...(options.insecureSkipVerify !== undefined
      ? { insecureSkipVerify: options.insecureSkipVerify }
      : {}),
  });
}

interface TemplateBase {
  readonly kind: "MetricTemplate";
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The query text as the MetricTemplate holds it (placeholders unfilled). */
  readonly query: string;
}

export interface PrometheusMetricTemplate<V extends string = string> extends TemplateBase {
  readonly provider: PrometheusProvider;
  /** The typed query, with Flagger placeholders in it. */
  readonly expr: InstantVector;
  /** The templateVariables keys the query uses; every Canary metric must give them. */
  readonly variables: readonly V[];
}

export interface KeptnMetricTemplate extends TemplateBase {
  readonly provider: { readonly type: "keptn" };
  readonly target: KeptnProviderQuery;
  readonly variables: readonly never[];
}

export type MetricTemplate<V extends string = string> =
  PrometheusMetricTemplate<V> | KeptnMetricTemplate;

export interface MetricTemplateSpec<V extends string> {
  readonly namespace: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly provider: PrometheusProvider;
  /** templateVariables keys the query uses, as `t.variables.<key>`. */
  readonly variables?: readonly V[];
  /** The query, from Flagger's placeholders: `t.namespace`, `t.target`, `t.interval`, ... */
  readonly query: (t: FlaggerVariables<V>) => InstantVector;
}

/**
 * Flagger's Prometheus provider replaces every run of whitespace with one space before sending the
 * query (trimQuery, pkg/metrics/providers/prometheus.go): harmless between tokens, but it changes a
 * label value such as "a  b". The query must mean the same after that.
 */
function checkWhitespace(query: string, where: string): void {
  const collapsed = query.replace(/\s+/g, " ");
  if (collapsed === query) return;
  let same: boolean;
  try {
    same = print(parsePromQL(collapsed)) === print(parsePromQL(query));
  } catch {
    same = false;
  }
  if (!same)
    throw new AnalysisError(
      where,
      "Flagger collapses every run of whitespace to one space before sending the query, which changes it here (whitespace in a label value?)",
    );
}

function meta(
  name: string,
  namespace: string,
  labels: Readonly<Record<string, string>> | undefined,
) {
  const where = `MetricTemplate ${JSON.stringify(name)}`;
  checkObjectName(name, `${where}, field "metadata.name"`);
  checkNamespace(namespace, `${where}, field "metadata.namespace"`);
  return { where, labels: checkLabels(labels, `${where}, field "metadata.labels"`) };
}

/** A MetricTemplate with Flagger's Prometheus provider and a typed query. */
export function metricTemplate<const V extends string = never>(
  name: string,
  spec: MetricTemplateSpec<V>,
): PrometheusMetricTemplate<V> {
  const { where, labels } = meta(name, spec.namespace, spec.labels);
  const variables = [...new Set(spec.variables ?? [])].sort();
  for (const key of variables) checkVariableKey(key, `${where}, variables`);
  const expr = spec.query(flaggerVariables(variables));
  const at = `${where}, field "spec.query"`;
  if (!(expr instanceof InstantVector))
    throw new AnalysisError(at, "not an instant vector expression");
  const query = String(expr);
  const used = flaggerActionsUsed(query, at);
  for (const key of used.variables)
    if (!variables.includes(key as V))
      throw new AnalysisError(
        at,
        `{{ variables.${key} }} is not declared; add "${key}" to variables (declared: ${variables.join(", ") || "none"})`,
      );
  for (const key of variables)
    if (!used.variables.has(key))
      throw new AnalysisError(
        `${where}, variables`,
        `"${key}" is declared but the query never uses it`,
      );
  checkWhitespace(query, at);
  return deepFreeze({
    kind: "MetricTemplate" as const,
    name,
    namespace: spec.namespace,
    labels,
    provider: spec.provider,
    expr,
    query,
    variables,
  });
}

export interface KeptnMetricTemplateSpec {
  readonly namespace: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** `keptnMetricQuery(metric)` or `keptnAnalysisQuery(definition, { timeframe, args })`. */
  readonly query: KeptnProviderQuery;
}

/** A MetricTemplate with Flagger's Keptn provider (no address: Flagger uses the Kubernetes API). */
export function keptnMetricTemplate(
  name: string,
  spec: KeptnMetricTemplateSpec,
): KeptnMetricTemplate {
  const { labels } = meta(name, spec.namespace, spec.labels);
  return deepFreeze({
    kind: "MetricTemplate" as const,
    name,
    namespace: spec.namespace,
    labels,
    provider: { type: "keptn" as const },
    target: spec.query,
    query: printKeptnQuery(spec.query),
    variables: [] as readonly never[],
  });
}
