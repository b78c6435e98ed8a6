/**
 * The metric catalog: each metric as its component exposes it (exact name, kind, labels, unit, help,
 * source and versions), turned into typed selectors with the labels it has once scraped.
 */
import { PromQLError } from "../promql/errors.js";
import type { MetricKind } from "../promql/kinds.js";
import { metric, type Metric } from "../promql/selector.js";

/** Labels Prometheus adds at scrape time through kube-prometheus-stack's ServiceMonitors and PodMonitors. */
export const targetLabels = [
  "job",
  "instance",
  "pod",
  "namespace",
  "container",
  "service",
] as const;
export type TargetLabel = (typeof targetLabels)[number];

/**
 * The object namespace as scraped with `honorLabels: false` (the default): the exposition's
 * `namespace` is renamed to `exported_namespace` because the target already has `namespace`.
 */
export const objectNamespaceLabel = "exported_namespace";
/** The symbolic cluster label; mixins name it as configured when they emit. */
export const clusterLabel = "cluster";

export type MetricUnit =
  | "seconds"
  | "milliseconds"
  | "nanoseconds"
  | "bytes"
  | "ratio"
  | "percent"
  | "count"
  | "unix_seconds"
  | "none";

export interface MetricSource {
  readonly component: string;
  /** The source file that registers the metric, as research/domain-metrics.md cites it. */
  readonly file?: string;
  readonly url?: string;
}

export interface MetricDefinitionSpec<
  N extends string,
  K extends MetricKind,
  L extends string,
  O extends L,
> {
  /** The exact exposed name: no assumed `_total` (base name for histograms and summaries). */
  readonly name: N;
  readonly kind: K;
  /** Labels of the exposition, as the component registers them. */
  readonly labels: readonly L[];
  readonly unit: MetricUnit;
  readonly help: string;
  readonly source: MetricSource;
  /** First component version that exposes it, e.g. "v0.9.0". */
  readonly since: string;
  /** First component version that no longer exposes it. */
  readonly removedIn?: string;
  /** The exposition label holding the object's namespace (arrives as `exported_namespace`). */
  readonly objectNamespace?: O;
}

/** Labels of a metric once scraped: object namespace renamed, target and cluster labels added. */
export type ScrapedLabels<L extends string, O extends string> =
  | Exclude<L, O>
  | ([O] extends [never] ? never : typeof objectNamespaceLabel)
  | TargetLabel
  | typeof clusterLabel;

export interface MetricMeta {
  readonly name: string;
  readonly kind: MetricKind;
  readonly exposedLabels: readonly string[];
  readonly scrapedLabels: readonly string[];
  readonly unit: MetricUnit;
  readonly help: string;
  readonly source: MetricSource;
  readonly since: string;
  readonly removedIn?: string;
}

export type CatalogMetric<N extends string, K extends MetricKind, L extends string> = Metric<
  N,
  K,
  L
> & {
  readonly meta: MetricMeta;
};

/** Declares one upstream metric; see research/domain-metrics.md for the facts it must match. */
export function defineMetric<
  const N extends string,
  const K extends MetricKind,
  const L extends string,
  const O extends L = never,
>(spec: MetricDefinitionSpec<N, K, L, O>): CatalogMetric<N, K, ScrapedLabels<L, O>> {
  const where = `defineMetric(${spec.name})`;
  if (spec.help.trim() === "")
    throw new PromQLError(`${where}: help is empty; say what the metric measures`);
  if (!/^v?\d+\.\d+(\.\d+)?$/.test(spec.since)) {
    throw new PromQLError(
      `${where}: since must be a version like "v0.9.0", got ${JSON.stringify(spec.since)}`,
    );
  }
  if (spec.objectNamespace !== undefined && !spec.labels.includes(spec.objectNamespace)) {
    throw new PromQLError(
      `${where}: objectNamespace "${spec.objectNamespace}" is not one of its labels`,
    );
  }
  const duplicate = spec.labels.find((l, i) => spec.labels.indexOf(l) !== i);
  if (duplicate !== undefined)
    throw new PromQLError(`${where}: label "${duplicate}" is listed twice`);
  const renamed = spec.labels.map((l) => (l === spec.objectNamespace ? objectNamespaceLabel : l));
  for (const l of renamed) {
    if ((targetLabels as readonly string[]).includes(l)) {
      throw new PromQLError(
        `${where}: the exposition label "${l}" collides with the target label of the same name; ` +
          `declare it as objectNamespace if it holds the object's namespace`,
      );
    }
  }
  const scraped = [...new Set([...renamed, ...targetLabels, clusterLabel])];
  const typed = metric({ name: spec.name, kind: spec.kind, labels: scraped }) as object;
  const meta: MetricMeta = {
    name: spec.name,
    kind: spec.kind,
    exposedLabels: [...spec.labels],
    scrapedLabels: scraped,
    unit: spec.unit,
    help: spec.help,
    source: spec.source,
    since: spec.since,
    ...(spec.removedIn === undefined ? {} : { removedIn: spec.removedIn }),
  };
  return Object.assign(typed, { meta }) as never;
}

/** A set of metrics with unique names. */
export function defineCatalog<const M extends Record<string, { readonly meta: MetricMeta }>>(
  metrics: M,
): M {
  const seen = new Map<string, string>();
  for (const [key, m] of Object.entries(metrics)) {
    const other = seen.get(m.meta.name);
    if (other !== undefined)
      throw new PromQLError(`catalog: ${key} and ${other} both define ${m.meta.name}`);
    seen.set(m.meta.name, key);
  }
  return metrics;
}
