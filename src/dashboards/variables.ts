/**
 * Template variables: the data source, `label_values` queries from typed selectors, custom lists,
 * intervals, constants, text boxes and ad hoc filters. A variable is an immutable value; `matcher()`
 * gives the right PromQL matcher for it (`=~` when it can hold several values).
 */
import type { DurationLiteral } from "../promql/duration.js";
import type { SampleKind } from "../promql/kinds.js";
import { assertCarries } from "../promql/label-checks.js";
import { eq, re, type Matcher, type Selector } from "../promql/selector.js";
import type {
  AdHocVariableModel,
  ConstantVariableModel,
  CustomVariableModel,
  DatasourceVariableModel,
  IntervalVariableModel,
  QueryVariableModel,
  TextboxVariableModel,
  VariableHideMode,
  VariableModel,
} from "./model.js";
import { frozenCopy } from "./plain.js";

export class Variable<M extends VariableModel = VariableModel> {
  constructor(readonly model: M) {
    Object.freeze(this);
  }
  get name(): string {
    return this.model.name;
  }
  /** `$name`, to use in PromQL text, titles and links. */
  get ref(): string {
    return `$${this.model.name}`;
  }
  /** True when the variable can stand for several values at once (multi-select or All). */
  get multiValued(): boolean {
    const m = this.model;
    return (m.type === "query" || m.type === "custom") && (m.multi || m.includeAll);
  }
  /** The matcher that filters a label by this variable: `=~"$name"` if multi-valued, else `="$name"`. */
  matcher(): Matcher {
    return this.multiValued ? re(this.ref) : eq(this.ref);
  }
}

interface CommonSpec {
  /** The name shown in the dashboard (Grafana's `label`); the variable name when absent. */
  readonly title?: string;
  readonly description?: string;
  readonly hide?: VariableHideMode;
}

interface CommonFields {
  label?: string;
  description?: string;
  hide?: VariableHideMode;
}

function common(spec: CommonSpec): CommonFields {
  const out: CommonFields = {};
  if (spec.title !== undefined) out.label = spec.title;
  if (spec.description !== undefined) out.description = spec.description;
  if (spec.hide !== undefined) out.hide = spec.hide;
  return out;
}

function make<M extends VariableModel>(model: M): Variable<M> {
  return new Variable(frozenCopy(model));
}

export interface DatasourceVariableSpec extends CommonSpec {
  readonly name?: string;
  /** Only data sources whose name matches this regex are offered. */
  readonly regex?: string;
  /** The data source selected by default (Grafana's default data source when absent). */
  readonly default?: string;
}

/** The Prometheus data source variable every panel and query uses (`${datasource}`). */
export function datasourceVariable(
  spec: DatasourceVariableSpec = {},
): Variable<DatasourceVariableModel> {
  const { name = "datasource", regex, default: selected, ...rest } = spec;
  return make<DatasourceVariableModel>({
    type: "datasource",
    name,
    pluginId: "prometheus",
    ...common({ title: "Data source", ...rest }),
    ...(regex === undefined ? {} : { regex }),
    ...(selected === undefined ? {} : { default: selected }),
  });
}

export type VariableSort =
  | "none"
  | "alphabetical"
  | "alphabetical-desc"
  | "numerical"
  | "numerical-desc"
  | "alphabetical-case-insensitive"
  | "alphabetical-case-insensitive-desc"
  | "natural"
  | "natural-desc";

const sortIds: Readonly<Record<VariableSort, number>> = {
  none: 0,
  alphabetical: 1,
  "alphabetical-desc": 2,
  numerical: 3,
  "numerical-desc": 4,
  "alphabetical-case-insensitive": 5,
  "alphabetical-case-insensitive-desc": 6,
  natural: 7,
  "natural-desc": 8,
};

export interface QueryVariableSpec<L extends string> extends CommonSpec {
  /** The Prometheus label whose values are offered (one of the selector's labels). */
  readonly label: NoInfer<L>;
  /** The series to read the values from; may filter on earlier variables (chained variables). */
  readonly selector?: Selector<L, SampleKind>;
  /** Several values at once (default true). */
  readonly multi?: boolean;
  /** An "All" option (default true). */
  readonly includeAll?: boolean;
  /** The value "All" stands for (the alternation of every value when absent). */
  readonly allValue?: string;
  /** Keep only values matching this regex (capture groups select text and value). */
  readonly regex?: string;
  /** Default: alphabetical. */
  readonly sort?: VariableSort;
  /** When to refresh the values: on dashboard load or on time range change (default). */
  readonly refresh?: "load" | "time";
}

/** `label_values(<selector>, <label>)`: the values of `label` on the series `selector` selects. */
export function queryVariable<L extends string>(
  name: string,
  spec: QueryVariableSpec<L>,
): Variable<QueryVariableModel> {
  const { label, selector, multi, includeAll, allValue, regex, sort, refresh, ...rest } = spec;
  if (selector !== undefined)
    assertCarries(selector.node, [label], `variable "${name}", label_values`);
  const query =
    selector === undefined
      ? `label_values(${label})`
      : `label_values(${selector.toString()}, ${label})`;
  return make<QueryVariableModel>({
    type: "query",
    name,
    query,
    multi: multi ?? true,
    includeAll: includeAll ?? true,
    refresh: refresh ?? "time",
    sort: sortIds[sort ?? "alphabetical"],
    ...common(rest),
    ...(allValue === undefined ? {} : { allValue }),
    ...(regex === undefined ? {} : { regex }),
  });
}

export interface ClusterVariableSpec<L extends string> extends CommonSpec {
  /** The label that names the cluster, e.g. `cluster`. */
  readonly label: NoInfer<L>;
  /** The series to read cluster names from (default `up`). */
  readonly selector?: Selector<L, SampleKind>;
  /** Default false: one cluster at a time. */
  readonly multi?: boolean;
  readonly includeAll?: boolean;
}

/** The `cluster` variable a multi-cluster setup needs: `label_values(<selector>, <label>)`. */
export function clusterVariable<L extends string>(
  spec: ClusterVariableSpec<L>,
): Variable<QueryVariableModel> {
  const { label, selector, multi, includeAll, ...rest } = spec;
  const from = selector === undefined ? "up" : selector.toString();
  return make<QueryVariableModel>({
    type: "query",
    name: "cluster",
    query: `label_values(${from}, ${label})`,
    multi: multi ?? false,
    includeAll: includeAll ?? false,
    refresh: "time",
    sort: sortIds.alphabetical,
    ...common({ title: "Cluster", ...rest }),
  });
}

export interface CustomVariableSpec extends CommonSpec {
  readonly multi?: boolean;
  readonly includeAll?: boolean;
  readonly allValue?: string;
  /** The value selected by default: All when includeAll, else the first value, when absent. */
  readonly default?: string;
}

/** A fixed list of values (or `{ text, value }` pairs). */
export function customVariable(
  name: string,
  values: readonly (string | { readonly text: string; readonly value: string })[],
  spec: CustomVariableSpec = {},
): Variable<CustomVariableModel> {
  const { multi, includeAll, allValue, default: selected, ...rest } = spec;
  return make<CustomVariableModel>({
    type: "custom",
    name,
    values: values.map((v) => (typeof v === "string" ? { text: v, value: v } : v)),
    multi: multi ?? false,
    includeAll: includeAll ?? false,
    ...common(rest),
    ...(allValue === undefined ? {} : { allValue }),
    ...(selected === undefined ? {} : { default: selected }),
  });
}

export interface IntervalVariableSpec extends CommonSpec {
  /** Add an "auto" option: the range divided into `steps` buckets, at least `min` each. */
  readonly auto?: { readonly steps?: number; readonly min?: DurationLiteral };
  readonly default?: DurationLiteral | "auto";
}

/** A choice of durations, e.g. for `[$window]` in range functions or a panel's min interval. */
export function intervalVariable(
  name: string,
  values: readonly DurationLiteral[],
  spec: IntervalVariableSpec = {},
): Variable<IntervalVariableModel> {
  const { auto, default: selected, ...rest } = spec;
  return make<IntervalVariableModel>({
    type: "interval",
    name,
    values: [...values],
    ...common(rest),
    ...(auto === undefined ? {} : { auto: { steps: auto.steps ?? 30, min: auto.min ?? "10s" } }),
    ...(selected === undefined ? {} : { default: selected }),
  });
}

/** A hidden constant, e.g. a job name shared by every query. */
export function constantVariable(
  name: string,
  value: string,
  spec: Omit<CommonSpec, "hide"> = {},
): Variable<ConstantVariableModel> {
  return make<ConstantVariableModel>({
    type: "constant",
    name,
    value,
    ...common({ ...spec, hide: "variable" }),
  });
}

/** A free text field with a default value. */
export function textboxVariable(
  name: string,
  spec: CommonSpec & { readonly default?: string } = {},
): Variable<TextboxVariableModel> {
  const { default: value = "", ...rest } = spec;
  return make<TextboxVariableModel>({ type: "textbox", name, value, ...common(rest) });
}

/** Ad hoc filters: label filters Grafana adds to every query on the data source. */
export function adHocVariable(
  name = "filters",
  spec: CommonSpec = {},
): Variable<AdHocVariableModel> {
  return make<AdHocVariableModel>({ type: "adhoc", name, ...common(spec) });
}
