/**
 * Flagger's query template variables. Flagger renders a MetricTemplate's query with Go's
 * text/template and these functions: `name`, `namespace`, `target`, `service`, `ingress`, `interval`
 * (MetricTemplateModel.TemplateFunctions in pkg/apis/flagger/v1beta1/metric.go, listed in
 * docs/gitbook/usage/metrics.md), and `variables`, the metric's `templateVariables`, used as
 * `{{ variables.direction }}` (pkg/metrics/observers/render_test.go). A typed query carries them as
 * these placeholders: matcher values (`{ destination_workload: t.target }`) and ranges
 * (`.range(t.interval)`); the printer emits them verbatim and the syntax check accepts them.
 */
import { AnalysisError } from "./errors.js";
import { renderActions, templateActions } from "./go-template.js";

export const flaggerFunctions = [
  "name",
  "namespace",
  "target",
  "service",
  "ingress",
  "interval",
] as const;
export type FlaggerFunction = (typeof flaggerFunctions)[number];

/** The placeholders a MetricTemplate query may use; `variables` holds the declared templateVariables. */
export interface FlaggerVariables<V extends string = never> {
  /** The Canary's name. */
  readonly name: "{{ name }}";
  /** The Canary's namespace. */
  readonly namespace: "{{ namespace }}";
  /** `spec.targetRef.name`: the workload. */
  readonly target: "{{ target }}";
  /** `spec.service.name`, else the target. */
  readonly service: "{{ service }}";
  /** `spec.ingressRef.name`, else the target. */
  readonly ingress: "{{ ingress }}";
  /** The Canary metric's `interval`: use it as a range, `.range(t.interval)`. */
  readonly interval: "{{ interval }}";
  readonly variables: { readonly [K in V]: `{{ variables.${K} }}` };
}

const variableKey = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Checks a templateVariables key: Go templates read `variables.<key>` only for identifier keys. */
export function checkVariableKey(key: string, where: string): string {
  if (!variableKey.test(key))
    throw new AnalysisError(
      where,
      `template variable ${JSON.stringify(key)} cannot be written {{ variables.${key} }} in a Go template: use letters, digits and "_", not starting with a digit`,
    );
  return key;
}

/** The placeholders for a query, with these templateVariables keys. */
export function flaggerVariables<const V extends string = never>(
  keys: readonly V[] = [],
): FlaggerVariables<V> {
  const variables: Record<string, string> = {};
  for (const key of keys)
    variables[checkVariableKey(key, "flaggerVariables()")] = `{{ variables.${key} }}`;
  return Object.freeze({
    name: "{{ name }}",
    namespace: "{{ namespace }}",
    target: "{{ target }}",
    service: "{{ service }}",
    ingress: "{{ ingress }}",
    interval: "{{ interval }}",
    variables: Object.freeze(variables) as FlaggerVariables<V>["variables"],
  });
}

/** What Flagger fills in for one Canary metric (toMetricModel in pkg/controller/scheduler_metrics.go). */
export interface FlaggerModel {
  readonly name: string;
  readonly namespace: string;
  readonly target: string;
  readonly service: string;
  readonly ingress: string;
  readonly interval: string;
  readonly variables: Readonly<Record<string, string>>;
}

/** The functions and variable keys a query uses; any other action is an error naming it. */
export function flaggerActionsUsed(
  query: string,
  where: string,
): { readonly functions: ReadonlySet<FlaggerFunction>; readonly variables: ReadonlySet<string> } {
  const functions = new Set<FlaggerFunction>();
  const variables = new Set<string>();
  for (const action of templateActions(query, where)) {
    const fn = flaggerFunctions.find((f) => f === action.inner);
    const variable = /^variables\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(action.inner)?.[1];
    if (fn) functions.add(fn);
    else if (variable !== undefined) variables.add(variable);
    else
      throw new AnalysisError(
        where,
        `${action.text} is not a Flagger template variable; use ${flaggerFunctions.map((f) => `{{ ${f} }}`).join(", ")} or {{ variables.<key> }}`,
      );
  }
  return { functions, variables };
}

/**
 * The query as Flagger renders it for `model` (RenderQuery, pkg/metrics/observers/render.go), before
 * any provider sees it. A variable the model lacks is an error, as it is in Flagger.
 */
export function renderFlaggerQuery(query: string, model: FlaggerModel, where: string): string {
  const values: Readonly<Record<string, string>> = {
    name: model.name,
    namespace: model.namespace,
    target: model.target,
    service: model.service,
    ingress: model.ingress,
    interval: model.interval,
  };
  const known = [
    ...flaggerFunctions,
    ...Object.keys(model.variables)
      .sort()
      .map((k) => `variables.${k}`),
  ];
  return renderActions(
    query,
    (inner) => {
      if (Object.hasOwn(values, inner)) return values[inner];
      const key = /^variables\.(.+)$/.exec(inner)?.[1];
      return key !== undefined && Object.hasOwn(model.variables, key)
        ? model.variables[key]
        : undefined;
    },
    where,
    known,
  );
}
