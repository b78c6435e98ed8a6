/**
 * Recording rules, alerts and groups: immutable values. Every `with...` method returns a new object;
 * nothing is validated here (see validate.ts) and nothing is printed (see emit.ts).
 */
import type { DurationLiteral } from "../promql/duration.js";
import { InstantVector, Scalar } from "../promql/expr.js";
import { inferLabels } from "../promql/labels.js";
import { Selector } from "../promql/selector.js";
import type { Template } from "./template.js";

export type Severity = "critical" | "warning" | "info";

/** A lint finding silenced on one rule, with the reason a reviewer will read. */
export interface Silence {
  readonly check: string;
  readonly reason: string;
}

export interface RecordSpec {
  readonly labels?: Readonly<Record<string, string>>;
  readonly silence?: readonly Silence[];
}

export class RecordingRule<L extends string = string> {
  readonly kind = "record";
  constructor(
    readonly name: string,
    readonly expr: InstantVector<L> | Scalar,
    readonly spec: RecordSpec = {},
  ) {
    Object.freeze(this);
  }

  /** A selector of the recorded series, so other rules and panels use this rule by reference. */
  series(): Selector<L, "gauge"> {
    const labels = inferLabels(this.expr.node);
    const known =
      labels && [...new Set([...labels, ...Object.keys(this.spec.labels ?? {})])].sort();
    return new Selector({
      type: "vectorSelector",
      name: this.name,
      matchers: [],
      ...(known ? { knownLabels: known } : {}),
      knownKind: "gauge",
    });
  }

  withLabels(labels: Readonly<Record<string, string>>): RecordingRule<L> {
    return new RecordingRule(this.name, this.expr, {
      ...this.spec,
      labels: { ...this.spec.labels, ...labels },
    });
  }
}

export interface AlertSpec<L extends string> {
  readonly expr: InstantVector<L>;
  readonly severity: Severity;
  /** How long the condition must hold before the alert fires. */
  readonly for?: DurationLiteral;
  /** How long the alert keeps firing after the condition cleared (Prometheus 2.42+). */
  readonly keepFiringFor?: DurationLiteral;
  /** A static sentence: what is wrong. */
  readonly summary: string;
  /** What is wrong where, templated with the labels the expression keeps. */
  readonly description: Template<L>;
  readonly runbookUrl?: string;
  /** A link to the dashboard showing the alert; undefined for none (e.g. no Grafana URL known). */
  readonly dashboardUrl?: string | undefined;
  readonly labels?: Readonly<Record<string, Template<L>>>;
  readonly annotations?: Readonly<Record<string, Template<L>>>;
  readonly silence?: readonly Silence[];
}

export class AlertingRule<L extends string = string> {
  readonly kind = "alert";
  constructor(
    readonly name: string,
    readonly spec: AlertSpec<L>,
  ) {
    Object.freeze(this);
  }

  get expr(): InstantVector<L> {
    return this.spec.expr;
  }

  with(changes: Partial<AlertSpec<L>>): AlertingRule<L> {
    return new AlertingRule(this.name, { ...this.spec, ...changes });
  }

  withLabels(labels: Readonly<Record<string, Template<L>>>): AlertingRule<L> {
    return this.with({ labels: { ...this.spec.labels, ...labels } });
  }

  /** All annotations as Prometheus sees them: summary, description, runbook and dashboard URLs, extras. */
  annotations(): Readonly<Record<string, Template<L>>> {
    const { summary, description, runbookUrl, dashboardUrl, annotations } = this.spec;
    return {
      ...annotations,
      summary,
      description,
      ...(runbookUrl === undefined ? {} : { runbook_url: runbookUrl }),
      ...(dashboardUrl === undefined ? {} : { dashboard_url: dashboardUrl }),
    };
  }

  /** All labels, `severity` included. */
  labels(): Readonly<Record<string, Template<L>>> {
    return { ...this.spec.labels, severity: this.spec.severity };
  }
}

export type Rule = RecordingRule<string> | AlertingRule<string>;

export interface GroupOptions {
  /** Evaluation interval of the group (default: the server's global interval). */
  readonly interval?: DurationLiteral;
  /** Maximum series an alert or recording rule may produce (Prometheus 2.31+). */
  readonly limit?: number;
  /** Evaluate the group this far in the past (Prometheus 2.53+). */
  readonly queryOffset?: DurationLiteral;
  /** Labels added to every rule of the group (Prometheus 3.0+). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Thanos ruler only: what to do when a store answers partially. */
  readonly partialResponseStrategy?: "warn" | "abort";
}

export class RuleGroup {
  constructor(
    readonly name: string,
    readonly rules: readonly Rule[],
    readonly options: GroupOptions = {},
  ) {
    Object.freeze(this);
  }
  with(options: Partial<GroupOptions>): RuleGroup {
    return new RuleGroup(this.name, this.rules, { ...this.options, ...options });
  }
  withRules(rules: readonly Rule[]): RuleGroup {
    return new RuleGroup(this.name, [...this.rules, ...rules], this.options);
  }
}

/** A recording rule `name` (level:metric:operations) recording `expr`. */
export function record<L extends string>(
  name: string,
  expr: InstantVector<L> | Scalar,
  spec: RecordSpec = {},
): RecordingRule<L> {
  return new RecordingRule(name, expr, spec);
}

/** An alert `name` (CamelCase). Templates may name only labels the expression keeps. */
export function alert<L extends string>(name: string, spec: AlertSpec<L>): AlertingRule<L> {
  return new AlertingRule(name, spec);
}

/** A group of rules evaluated in order. */
export function group(name: string, rules: readonly Rule[], options: GroupOptions = {}): RuleGroup {
  return new RuleGroup(name, [...rules], options);
}

export function isExpr(x: unknown): x is InstantVector | Scalar {
  return x instanceof InstantVector || x instanceof Scalar;
}
