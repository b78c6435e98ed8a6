/**
 * A Canary's `spec.analysis.metrics` entry that runs a MetricTemplate: Flagger renders the template's
 * query for the canary, runs it, and fails the check when the value is below `thresholdRange.min` or
 * above `thresholdRange.max`, or when the query returns nothing (pkg/controller/scheduler_metrics.go).
 */
import { checkSyntax } from "../promql/parse.js";
import { checkCanaryInterval, type CanaryInterval } from "./durations.js";
import { AnalysisError } from "./errors.js";
import { renderFlaggerQuery } from "./flagger-vars.js";
import { deepFreeze } from "./freeze.js";
import type { MetricTemplate } from "./metric-template.js";

/** The accepted values: at least one bound. */
export type ThresholdRange =
  { readonly min: number; readonly max?: number } | { readonly min?: number; readonly max: number };

type TemplateVariablesSpec<V extends string> = [V] extends [never]
  ? { readonly templateVariables?: undefined }
  : { readonly templateVariables: { readonly [K in V]: string } };

export type CanaryMetricSpec<V extends string> = {
  /** The metric's name in the Canary (and in `flagger_canary_metric_analysis`); the template's by default. */
  readonly name?: string;
  /** The query window, `{{ interval }}` in the template (Flagger's CRD: `^[0-9]+(m|s)`). */
  readonly interval: CanaryInterval;
  readonly thresholdRange: ThresholdRange;
} & TemplateVariablesSpec<V>;

export interface CanaryMetric<V extends string = string> {
  readonly kind: "CanaryMetric";
  readonly name: string;
  readonly template: MetricTemplate<V>;
  readonly interval: string;
  readonly thresholdRange: { readonly min?: number; readonly max?: number };
  readonly templateVariables: Readonly<Record<string, string>>;
}

/** Names Flagger runs as builtin checks whatever the entry says (scheduler_metrics.go). */
export const builtinMetricNames: readonly string[] = ["request-success-rate", "request-duration"];

/** Whether Flagger lets the value pass `range` (NaN passes: it is neither below nor above). */
export function passesThreshold(
  value: number,
  range: { readonly min?: number; readonly max?: number },
): boolean {
  return (
    !(range.min !== undefined && value < range.min) &&
    !(range.max !== undefined && value > range.max)
  );
}

/** The templateVariables keys a template declares (none for a Keptn template). */
export type VariablesOf<T> = T extends { readonly variables: readonly (infer V extends string)[] }
  ? V
  : never;

export function canaryMetric<T extends MetricTemplate<string>>(
  template: T,
  spec: CanaryMetricSpec<VariablesOf<T>>,
): CanaryMetric<VariablesOf<T>> {
  type V = VariablesOf<T>;
  const name = spec.name ?? template.name;
  const where = `Canary metric ${JSON.stringify(name)}`;
  if (name.trim() === "") throw new AnalysisError(`${where}, field "name"`, "empty");
  if (builtinMetricNames.includes(name))
    throw new AnalysisError(
      `${where}, field "name"`,
      `Flagger runs a metric named ${JSON.stringify(name)} as its builtin check and ignores the templateRef; pick another name`,
    );
  const interval = checkCanaryInterval(spec.interval, `${where}, field "interval"`);
  const { min, max } = spec.thresholdRange as { min?: number; max?: number };
  if (min === undefined && max === undefined)
    throw new AnalysisError(`${where}, field "thresholdRange"`, "give min, max or both");
  for (const [field, value] of [
    ["min", min],
    ["max", max],
  ] as const)
    if (value !== undefined && !Number.isFinite(value))
      throw new AnalysisError(
        `${where}, field "thresholdRange.${field}"`,
        `${value} is not a finite number`,
      );
  if (min !== undefined && max !== undefined && min > max)
    throw new AnalysisError(
      `${where}, field "thresholdRange"`,
      `min (${min}) is above max (${max}): no value could pass`,
    );
  const thresholdRange = {
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined ? { max } : {}),
  };

  const given = (spec.templateVariables ?? {}) as Readonly<Record<string, string>>;
  const templateVariables: Record<string, string> = {};
  for (const key of Object.keys(given).sort()) {
    if (!(template.variables as readonly string[]).includes(key))
      throw new AnalysisError(
        `${where}, field "templateVariables.${key}"`,
        `the template ${template.name} does not use {{ variables.${key} }} (it uses: ${template.variables.join(", ") || "none"})`,
      );
    templateVariables[key] = given[key]!;
  }
  for (const key of template.variables)
    if (!Object.hasOwn(given, key))
      throw new AnalysisError(
        `${where}, field "templateVariables"`,
        `no value for "${key}"; Flagger fails to render the template's {{ variables.${key} }} without it`,
      );

  if (!("target" in template)) {
    // The query Flagger will send, with a sample canary: the variables must keep it valid PromQL.
    const rendered = renderFlaggerQuery(
      template.query,
      {
        name: "podinfo",
        namespace: "default",
        target: "podinfo",
        service: "podinfo",
        ingress: "podinfo",
        interval,
        variables: templateVariables,
      },
      `${where}, field "templateVariables"`,
    );
    checkSyntax(rendered, `${where}: the query as Flagger renders it with these templateVariables`);
  } else if (
    template.target.kind === "analysis" &&
    !(passesThreshold(1, thresholdRange) && !passesThreshold(0, thresholdRange))
  )
    throw new AnalysisError(
      `${where}, field "thresholdRange"`,
      "a Keptn analysis query returns 1 (passed) or 0 (failed): the range must let 1 pass and 0 fail, e.g. { min: 1 }",
    );

  return deepFreeze({
    kind: "CanaryMetric" as const,
    name,
    template: template as MetricTemplate<V>,
    interval,
    thresholdRange,
    templateVariables,
  });
}
