/**
 * Panel queries from typed PromQL. The label names a vector carries travel in its type, so a
 * `legend` that names a label the query does not return is a compile error; the same check runs at
 * build time on the labels inferred from the syntax tree (for callers without the types).
 */
import type { DurationLiteral, GrafanaDuration } from "../promql/duration.js";
import type { InstantVector, Scalar } from "../promql/expr.js";
import type { SampleKind } from "../promql/kinds.js";
import { inferLabels } from "../promql/labels.js";
import type { QueryFormat, QueryModel, QueryType } from "./model.js";

/** What a panel can query: an instant vector (typed or `raw`) or a scalar. */
export type Queryable = InstantVector<string, SampleKind> | Scalar;

/** The label names of a queryable's result (none for a scalar). */
export type LabelsOf<E> = E extends { readonly __labels: infer L extends string } ? L : never;

type Trim<S extends string> = S extends ` ${infer R}`
  ? Trim<R>
  : S extends `${infer R} `
    ? Trim<R>
    : S;

/** The label names a legend format refers to with `{{label}}`. */
export type LegendLabels<F extends string> = F extends `${string}{{${infer Name}}}${infer Rest}`
  ? Trim<Name> | LegendLabels<Rest>
  : never;

/**
 * `unknown` when every `{{label}}` of `F` is one of `L`; otherwise a type whose only property is the
 * message the compiler shows. A legend that is not a literal (a `string` variable) is checked at build.
 */
export type CheckLegend<F extends string, L extends string> = string extends F
  ? unknown
  : [Exclude<LegendLabels<F>, L>] extends [never]
    ? unknown
    : {
        readonly [
          P in `legend uses {{${Exclude<LegendLabels<F>, L>}}}, a label the query does not return`
        ]: never;
      };

export interface QueryOptions {
  /** The query's refId; assigned A, B, C... in order when absent. */
  readonly refId?: string;
  /** Range, instant or both; each panel kind has its own default (see the README). */
  readonly type?: QueryType;
  /** `time_series`, `table` or `heatmap`; each panel kind has its own default. */
  readonly format?: QueryFormat;
  /** Lower limit of the step, e.g. `1m` or `$interval`. */
  readonly minInterval?: DurationLiteral | GrafanaDuration;
  readonly hide?: boolean;
  readonly exemplar?: boolean;
}

/** Query options with the legend checked against the labels `L` of the query. */
export type TypedQueryOptions<L extends string, F extends string> = QueryOptions & {
  /** Legend format: literal text and `{{label}}` placeholders naming labels the query returns. */
  readonly legend?: F & CheckLegend<F, L>;
};

const placeholder = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The label names a legend format refers to, at run time. */
export function legendLabels(format: string): string[] {
  return [...format.matchAll(placeholder)].map((m) => m[1] ?? "");
}

/** The query model: PromQL printed now, so later changes to the expression objects cannot leak in. */
export function queryModel(
  expr: Queryable,
  options: QueryOptions & { legend?: string },
): QueryModel {
  const labels = inferLabels(expr.node);
  const model: { expr: string; labels?: readonly string[] } = { expr: expr.toString() };
  if (labels) model.labels = [...labels].sort();
  return Object.assign(model, options);
}

/** refIds A..Z, then AA, AB, ... skipping those given explicitly. */
export function assignRefIds(queries: readonly QueryModel[]): string[] {
  const taken = new Set(queries.flatMap((q) => (q.refId === undefined ? [] : [q.refId])));
  let next = 0;
  return queries.map((q) => {
    if (q.refId !== undefined) return q.refId;
    let id: string;
    do id = refIdAt(next++);
    while (taken.has(id));
    taken.add(id);
    return id;
  });
}

function refIdAt(n: number): string {
  let out = "";
  let i = n;
  do {
    out = String.fromCharCode(65 + (i % 26)) + out;
    i = Math.floor(i / 26) - 1;
  } while (i >= 0);
  return out;
}
