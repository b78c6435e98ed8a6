/**
 * Analysis checks: a query that judges a canary, filled in for one canary as Flagger or Keptn would,
 * and fixtures (input series) on which it must pass or fail. compile-checks.ts turns them into
 * promtool expression tests, so a threshold that lets a broken canary through fails the build.
 */
import type { DurationLiteral } from "../promql/duration.js";
import { parseDurationMs } from "../promql/duration.js";
import type { InstantVector } from "../promql/expr.js";
import { raw } from "../promql/raw.js";
import type { InputSeries } from "../testing/scenario.js";
import type { CanaryMetric } from "./canary-metric.js";
import { AnalysisError } from "./errors.js";
import { renderFlaggerQuery } from "./flagger-vars.js";
import { deepFreeze } from "./freeze.js";
import { renderActions } from "./go-template.js";
import type { Objective } from "./keptn-analysis.js";
import { checkNamespace, checkObjectName } from "./names.js";
import { operatorMet, thresholdViolation } from "./violation.js";

export interface FixtureOptions {
  /** The labels of the one series the query returns (none by default, as after `sum(...)`). */
  readonly labels?: Readonly<Record<string, string>>;
  /** The query returns nothing on these series (Flagger halts, Keptn errors): a broken case. */
  readonly noData?: boolean;
}

export interface Fixture {
  readonly name: string;
  readonly series: readonly InputSeries[];
  readonly labels: Readonly<Record<string, string>>;
  readonly noData: boolean;
}

/** Input series for one case, e.g. "2% of requests fail". */
export function fixture(
  name: string,
  series: readonly InputSeries[],
  options: FixtureOptions = {},
): Fixture {
  if (name.trim() === "") throw new AnalysisError("fixture()", "the name is empty");
  if (series.length === 0)
    throw new AnalysisError(`fixture ${JSON.stringify(name)}`, "no input series");
  return deepFreeze({
    name,
    series: series.map((s) => ({ ...s, labels: { ...s.labels } })),
    labels: { ...options.labels },
    noData: options.noData ?? false,
  });
}

export type Outcome = "pass" | "warning" | "fail";

/** One condition of a check: 1 when met (the check fails or warns), 0 when not. */
export interface CheckCondition {
  readonly name: "threshold" | "failure" | "warning";
  readonly expr: InstantVector;
}

export interface AnalysisCheck {
  readonly kind: "AnalysisCheck";
  readonly name: string;
  /** The query as the tool sends it for this canary. */
  readonly query: string;
  readonly at: DurationLiteral;
  readonly scrapeInterval: DurationLiteral;
  readonly conditions: readonly CheckCondition[];
  readonly fixtures: readonly { readonly fixture: Fixture; readonly outcome: Outcome }[];
}

export interface CheckTiming {
  /** When the query is evaluated (promtool's eval_time), e.g. "10m". */
  readonly at: DurationLiteral;
  /** The spacing of the fixtures' samples (default 1m). */
  readonly scrapeInterval?: DurationLiteral;
}

/** The canary a Flagger check is filled in for: Flagger's service and ingress default to the target. */
export interface CanaryRef {
  readonly namespace: string;
  /** `spec.targetRef.name`. */
  readonly target: string;
  /** The Canary's name (the target's by default). */
  readonly name?: string;
  readonly service?: string;
  readonly ingress?: string;
}

export interface FlaggerCheckSpec extends CheckTiming {
  readonly canary: CanaryRef;
  /** Cases the metric must let through. */
  readonly healthy: readonly Fixture[];
  /** Cases the metric must stop. */
  readonly broken: readonly Fixture[];
}

function fixtures(
  where: string,
  lists: readonly (readonly [Outcome, readonly Fixture[]])[],
): AnalysisCheck["fixtures"] {
  const out: { fixture: Fixture; outcome: Outcome }[] = [];
  const names = new Set<string>();
  for (const [outcome, list] of lists) {
    for (const f of list) {
      if (names.has(f.name))
        throw new AnalysisError(
          `${where}, fixture ${JSON.stringify(f.name)}`,
          "another fixture has the same name",
        );
      names.add(f.name);
      if (f.noData && outcome !== "fail")
        throw new AnalysisError(
          `${where}, fixture ${JSON.stringify(f.name)}`,
          "a query without data fails the check (Flagger halts, Keptn errors): list it as broken",
        );
      out.push({ fixture: f, outcome });
    }
  }
  if (!out.some((f) => f.outcome === "pass"))
    throw new AnalysisError(
      where,
      "no healthy fixture: nothing shows the check lets a good canary through",
    );
  if (!out.some((f) => f.outcome !== "pass"))
    throw new AnalysisError(where, "no broken fixture: nothing shows the check can fail");
  return out;
}

function timing(spec: CheckTiming, where: string, window?: string) {
  const at = parseDurationMs(spec.at);
  const scrapeInterval = spec.scrapeInterval ?? "1m";
  parseDurationMs(scrapeInterval);
  if (window !== undefined && at < parseDurationMs(window))
    throw new AnalysisError(
      `${where}, field "at"`,
      `${spec.at} is earlier than the query's ${window} window: evaluate once a full window of samples exists`,
    );
  return { at: spec.at, scrapeInterval };
}

/**
 * A check of a Canary metric: its template's query filled in for `canary` as Flagger does, judged
 * by the metric's thresholdRange. For a Keptn `keptnmetric/...` template the KeptnMetric's own
 * query is judged; an `analysis/...` template returns only 0 or 1, so check its objectives with
 * keptnCheck instead.
 */
export function flaggerCheck(metric: CanaryMetric, spec: FlaggerCheckSpec): AnalysisCheck {
  const c = spec.canary;
  const target = `${c.namespace}/${c.target}`;
  const where = `check of Canary metric ${JSON.stringify(metric.name)} for ${target}`;
  checkNamespace(c.namespace, `${where}, canary.namespace`);
  for (const [field, value] of [
    ["target", c.target],
    ["name", c.name],
    ["service", c.service],
    ["ingress", c.ingress],
  ] as const)
    if (value !== undefined) checkObjectName(value, `${where}, canary.${field}`);
  const t = metric.template;
  let query: string;
  let window: string | undefined;
  if (!("target" in t)) {
    query = renderFlaggerQuery(
      t.query,
      {
        name: c.name ?? c.target,
        namespace: c.namespace,
        target: c.target,
        service: c.service ?? c.target,
        ingress: c.ingress ?? c.target,
        interval: metric.interval,
        variables: metric.templateVariables,
      },
      where,
    );
    window = t.query.includes("{{ interval }}") ? metric.interval : undefined;
  } else if (t.target.kind === "keptnmetric") {
    query = t.target.metric.query;
  } else {
    throw new AnalysisError(
      where,
      `the template ${t.name} runs a Keptn Analysis, which returns only 1 or 0: check the AnalysisDefinition's objectives with keptnCheck`,
    );
  }
  const value = raw(query, { where: `${where}, the rendered query` });
  return deepFreeze({
    kind: "AnalysisCheck" as const,
    name: `Canary metric ${metric.name} (${target})`,
    query,
    ...timing(spec, where, window),
    conditions: [
      {
        name: "threshold" as const,
        // Flagger's Prometheus provider fails NaN; a KeptnMetric's NaN passes Go's comparisons.
        expr: thresholdViolation(value, metric.thresholdRange, { nanFails: !("target" in t) }),
      },
    ],
    fixtures: fixtures(where, [
      ["pass", spec.healthy],
      ["fail", spec.broken],
    ]),
  });
}

export interface KeptnCheckSpec<A extends string> extends CheckTiming {
  /** The Analysis arguments (`spec.args`) the template's `{{.arg}}` placeholders get. */
  readonly args: { readonly [K in A]: string };
  /** Cases that meet neither the failure nor the warning target. */
  readonly healthy: readonly Fixture[];
  /** Cases that meet the failure target. */
  readonly broken: readonly Fixture[];
  /** Cases that meet the warning target but not the failure one. */
  readonly warning?: readonly Fixture[];
}

/** A check of one Keptn objective: its template's query with these args, judged by its targets. */
export function keptnCheck<A extends string>(
  objective: Objective<A>,
  spec: KeptnCheckSpec<A>,
): AnalysisCheck {
  const t = objective.template;
  const given = spec.args as Readonly<Record<string, string>>;
  const shown = Object.entries(given)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  const where = `check of objective ${JSON.stringify(t.name)} (${shown || "no args"})`;
  const query = renderActions(
    t.query,
    (inner) => {
      const key = inner.slice(1);
      return Object.hasOwn(given, key) ? given[key] : undefined;
    },
    `${where}, args`,
    Object.keys(given).map((k) => `.${k}`),
  );
  for (const key of Object.keys(given))
    if (!t.args.includes(key as A))
      throw new AnalysisError(
        `${where}, args.${key}`,
        `the template ${t.name} does not use {{.${key}}} (it uses: ${t.args.join(", ") || "none"})`,
      );
  if (spec.broken.length > 0 && !objective.failure)
    throw new AnalysisError(where, "broken fixtures, but the objective has no failure target");
  if ((spec.warning ?? []).length > 0 && !objective.warning)
    throw new AnalysisError(where, "warning fixtures, but the objective has no warning target");
  const value = raw(query, { where: `${where}, the rendered query` });
  const conditions: CheckCondition[] = [];
  if (objective.failure)
    conditions.push({ name: "failure", expr: operatorMet(value, objective.failure) });
  if (objective.warning)
    conditions.push({ name: "warning", expr: operatorMet(value, objective.warning) });
  return deepFreeze({
    kind: "AnalysisCheck" as const,
    name: `objective ${t.namespace}/${t.name} (${shown || "no args"})`,
    query,
    ...timing(spec, where),
    conditions,
    fixtures: fixtures(where, [
      ["pass", spec.healthy],
      ["warning", spec.warning ?? []],
      ["fail", spec.broken],
    ]),
  });
}
