/**
 * Keptn Analysis resources: an AnalysisValueTemplate is one query (an SLI) whose Go-template
 * placeholders `{{.workload}}` are filled from the Analysis' `spec.args`; an AnalysisDefinition lists
 * objectives (a template, failure and warning targets, a weight, whether it is key) and the total
 * score to pass (metrics-operator/api/v1beta1/analysis{valuetemplate,definition}_types.go; checks as
 * in analysisdefinition_webhook.go). A target's operator says when the objective FAILS (or warns):
 * `failure: greaterThan 500m` fails values above 0.5.
 */
import { InstantVector } from "../promql/expr.js";
import { AnalysisError } from "./errors.js";
import { deepFreeze } from "./freeze.js";
import { templateActions } from "./go-template.js";
import { checkLabels, checkNamespace, checkObjectName } from "./names.js";
import { toQuantity } from "./quantity.js";

/** The placeholders an AnalysisValueTemplate query may use: one per declared argument. */
export type KeptnArgs<A extends string> = { readonly [K in A]: `{{.${K}}}` };

const argName = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface AnalysisValueTemplateSpec<A extends string> {
  readonly namespace: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** The KeptnMetricsProvider that runs the query (`spec.provider`), by name and optional namespace. */
  readonly provider: string | { readonly name: string; readonly namespace?: string };
  /** The Analysis arguments the query uses (`spec.args` keys), e.g. `["workload"]`. */
  readonly args?: readonly A[];
  /** The query: one value (Keptn refuses none or several); `a.workload` is `{{.workload}}`. */
  readonly query: (args: KeptnArgs<A>) => InstantVector;
}

export interface AnalysisValueTemplate<A extends string = string> {
  readonly kind: "AnalysisValueTemplate";
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly provider: { readonly name: string; readonly namespace?: string };
  readonly args: readonly A[];
  readonly expr: InstantVector;
  readonly query: string;
}

/** The argument names a Keptn query uses (`{{.name}}`); any other action is an error. */
export function keptnArgsUsed(query: string, where: string): ReadonlySet<string> {
  const used = new Set<string>();
  for (const action of templateActions(query, where)) {
    const arg = /^\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(action.inner)?.[1];
    if (arg === undefined)
      throw new AnalysisError(
        where,
        `${action.text} is not an Analysis argument; Keptn fills in {{.<arg>}} from the Analysis' spec.args`,
      );
    used.add(arg);
  }
  return used;
}

export function analysisValueTemplate<const A extends string = never>(
  name: string,
  spec: AnalysisValueTemplateSpec<A>,
): AnalysisValueTemplate<A> {
  const where = `AnalysisValueTemplate ${JSON.stringify(name)}`;
  checkObjectName(name, `${where}, field "metadata.name"`);
  checkNamespace(spec.namespace, `${where}, field "metadata.namespace"`);
  const provider = typeof spec.provider === "string" ? { name: spec.provider } : spec.provider;
  checkObjectName(provider.name, `${where}, field "spec.provider.name"`);
  if (provider.namespace !== undefined)
    checkNamespace(provider.namespace, `${where}, field "spec.provider.namespace"`);
  const args = [...new Set(spec.args ?? [])].sort();
  const placeholders: Record<string, string> = {};
  for (const arg of args) {
    if (!argName.test(arg))
      throw new AnalysisError(
        `${where}, argument ${JSON.stringify(arg)}`,
        `a Go template reads {{.${arg}}} only for names of letters, digits and "_", not starting with a digit`,
      );
    placeholders[arg] = `{{.${arg}}}`;
  }
  const expr = spec.query(placeholders as KeptnArgs<A>);
  if (!(expr instanceof InstantVector))
    throw new AnalysisError(`${where}, field "spec.query"`, "not an instant vector expression");
  const query = String(expr);
  const used = keptnArgsUsed(query, `${where}, field "spec.query"`);
  for (const arg of used)
    if (!args.includes(arg as A))
      throw new AnalysisError(
        `${where}, field "spec.query"`,
        `{{.${arg}}} is not a declared argument; declare it in args (declared: ${args.join(", ") || "none"})`,
      );
  for (const arg of args)
    if (!used.has(arg))
      throw new AnalysisError(
        `${where}, argument ${JSON.stringify(arg)}`,
        "declared but the query never uses it",
      );
  return deepFreeze({
    kind: "AnalysisValueTemplate" as const,
    name,
    namespace: spec.namespace,
    labels: checkLabels(spec.labels, `${where}, field "metadata.labels"`),
    provider: { ...provider },
    args,
    expr,
    query,
  });
}

/** A target operator: when the value meets it, the objective fails (or warns). */
export type Operator =
  | {
      readonly op:
        "lessThan" | "lessThanOrEqual" | "greaterThan" | "greaterThanOrEqual" | "equalTo";
      readonly value: number;
    }
  | { readonly op: "inRange" | "notInRange"; readonly low: number; readonly high: number };

function single(op: Extract<Operator, { value: number }>["op"], value: number): Operator {
  toQuantity(value, `${op}(${value})`);
  return Object.freeze({ op, value });
}

function range(op: "inRange" | "notInRange", low: number, high: number): Operator {
  toQuantity(low, `${op}(${low}, ${high}), low bound`);
  toQuantity(high, `${op}(${low}, ${high}), high bound`);
  if (!(low < high))
    throw new AnalysisError(
      `${op}(${low}, ${high})`,
      "the low bound must be smaller than the high bound (Keptn's webhook refuses it otherwise)",
    );
  return Object.freeze({ op, low, high });
}

/** Met when the value is `< value`. */
export const lessThan = (value: number): Operator => single("lessThan", value);
/** Met when the value is `<= value`. */
export const lessThanOrEqual = (value: number): Operator => single("lessThanOrEqual", value);
/** Met when the value is `> value`. */
export const greaterThan = (value: number): Operator => single("greaterThan", value);
/** Met when the value is `>= value`. */
export const greaterThanOrEqual = (value: number): Operator => single("greaterThanOrEqual", value);
/** Met when the value is `== value`. */
export const equalTo = (value: number): Operator => single("equalTo", value);
/** Met when `low <= value <= high`. */
export const inRange = (low: number, high: number): Operator => range("inRange", low, high);
/** Met when `value < low` or `value > high`. */
export const notInRange = (low: number, high: number): Operator => range("notInRange", low, high);

export interface ObjectiveOptions {
  /** When the value meets this, the objective fails. */
  readonly failure?: Operator;
  /** When the value meets this (and not the failure), the objective passes with a warning. */
  readonly warning?: Operator;
  /** Weight in the total score (Keptn's default is 1). */
  readonly weight?: number;
  /** A failing key objective fails the whole analysis. */
  readonly keyObjective?: boolean;
}

export interface Objective<A extends string = string> {
  readonly kind: "Objective";
  readonly template: AnalysisValueTemplate<A>;
  readonly failure?: Operator;
  readonly warning?: Operator;
  readonly weight?: number;
  readonly keyObjective?: boolean;
}

export function objective<A extends string>(
  template: AnalysisValueTemplate<A>,
  options: ObjectiveOptions,
): Objective<A> {
  const where = `objective ${JSON.stringify(template.name)}`;
  if (options.weight !== undefined && (!Number.isInteger(options.weight) || options.weight < 1))
    throw new AnalysisError(
      `${where}, field "weight"`,
      `must be a whole number >= 1, got ${options.weight}`,
    );
  if (!options.failure && !options.warning)
    throw new AnalysisError(
      `${where}, field "target"`,
      "no failure and no warning target: the objective would always pass",
    );
  return deepFreeze({
    kind: "Objective" as const,
    template,
    ...(options.failure ? { failure: options.failure } : {}),
    ...(options.warning ? { warning: options.warning } : {}),
    ...(options.weight !== undefined ? { weight: options.weight } : {}),
    ...(options.keyObjective !== undefined ? { keyObjective: options.keyObjective } : {}),
  });
}

export interface TotalScore {
  /** The score (percent of the maximum) to pass. */
  readonly passPercentage: number;
  /** The score to pass with a warning; below passPercentage. */
  readonly warningPercentage: number;
}

export interface AnalysisDefinitionSpec<A extends string> {
  readonly namespace: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly objectives: readonly Objective<A>[];
  readonly totalScore: TotalScore;
}

export interface AnalysisDefinition<A extends string = string> {
  readonly kind: "AnalysisDefinition";
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly objectives: readonly Objective<A>[];
  readonly totalScore: TotalScore;
  /** Every argument the objectives' templates use. */
  readonly args: readonly A[];
}

export function analysisDefinition<A extends string = never>(
  name: string,
  spec: AnalysisDefinitionSpec<A>,
): AnalysisDefinition<A> {
  const where = `AnalysisDefinition ${JSON.stringify(name)}`;
  checkObjectName(name, `${where}, field "metadata.name"`);
  checkNamespace(spec.namespace, `${where}, field "metadata.namespace"`);
  if (spec.objectives.length === 0)
    throw new AnalysisError(`${where}, field "spec.objectives"`, "no objectives");
  const seen = new Set<string>();
  spec.objectives.forEach((o, i) => {
    const key = `${o.template.namespace}/${o.template.name}`;
    if (seen.has(key))
      throw new AnalysisError(
        `${where}, field "spec.objectives[${i}]"`,
        `the AnalysisValueTemplate ${key} is already used by another objective; Keptn keeps one value per template`,
      );
    seen.add(key);
  });
  const { passPercentage: pass, warningPercentage: warn } = spec.totalScore;
  for (const [field, value] of [
    ["passPercentage", pass],
    ["warningPercentage", warn],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > 100)
      throw new AnalysisError(
        `${where}, field "spec.totalScore.${field}"`,
        `must be a whole number from 0 to 100, got ${value}`,
      );
  }
  if (warn >= pass)
    throw new AnalysisError(
      `${where}, field "spec.totalScore"`,
      `warningPercentage (${warn}) must be below passPercentage (${pass}); Keptn's webhook refuses it otherwise`,
    );
  const args = [...new Set(spec.objectives.flatMap((o) => o.template.args))].sort();
  return deepFreeze({
    kind: "AnalysisDefinition" as const,
    name,
    namespace: spec.namespace,
    labels: checkLabels(spec.labels, `${where}, field "metadata.labels"`),
    objectives: [...spec.objectives],
    totalScore: { passPercentage: pass, warningPercentage: warn },
    args,
  });
}
