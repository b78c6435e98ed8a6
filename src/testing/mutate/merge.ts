/**
 * Several mutants of one rule in one promtool test group: each mutant becomes a renamed copy of the
 * rule and of every rule reading what it records (`<name>__mixkit_mutant_<k>`, reading copy k's
 * series), and the scenario's expectations on those rules are repeated for every copy. promtool then
 * loads the input series and evaluates the rules the copies read once for all of them, which is
 * most of what a test group costs; a failure names its copy, so each mutant keeps its own verdict.
 */
import { InstantVector, Scalar } from "../../promql/expr.js";
import { operationsUsed } from "../../promql/features.js";
import { renameMetrics } from "../../promql/rename.js";
import { AlertingRule, RecordingRule, RuleGroup, type Rule } from "../../rules/model.js";
import { toGoTemplate } from "../../rules/template.js";
import type { Expectation, Scenario } from "../scenario.js";
import { reachedRules } from "./mutants.js";

const suffix = "__mixkit_mutant_";

const copyName = (name: string, k: number): string => `${name}${suffix}${k}`;

const readsAlerts = (names: ReadonlySet<string>) =>
  names.has("ALERTS") || names.has("ALERTS_FOR_STATE");

/**
 * Whether the mutants of `rule` can share a test group: nothing may see the copies' names (a rule
 * or an expectation reading ALERTS, a template printing the alert's name, an expected sample naming
 * its metric), or a copy's result would differ from what the mutant alone gives.
 */
export function mergeable(
  groups: readonly RuleGroup[],
  rule: string,
  scenarios: readonly Scenario[],
): boolean {
  const rules = groups.flatMap((g) => g.rules);
  const reached = reachedRules(groups, rule);
  if (rules.some((r) => readsAlerts(operationsUsed(r.expr.node).metrics))) return false;
  const templates = rules
    .filter((r) => reached.has(r.name))
    .flatMap((r) =>
      r instanceof AlertingRule
        ? [...Object.values(r.labels()), ...Object.values(r.annotations())]
        : [],
    );
  if (templates.some((t) => toGoTemplate(t).text.includes("alertname"))) return false;
  return scenarios.every((s) =>
    s.expect.every(
      (e) =>
        e.kind !== "samples" ||
        (e.samples.every((x) => !("__name__" in x.labels)) &&
          (!readsAlerts(operationsUsed(e.expr.node).metrics) || seesEveryCopy(e))),
    ),
  );
}

/**
 * An expectation on ALERTS holds for every copy at once when it expects nothing of a plain selector
 * that picks alerts by no name (a healthy day: nothing fires): a copy that fires shows up in its
 * report, by name.
 */
function seesEveryCopy(e: Extract<Expectation, { kind: "samples" }>): boolean {
  const n = e.expr.node;
  return (
    e.samples.length === 0 &&
    n.type === "vectorSelector" &&
    n.matchers.every((m) => m.label !== "alertname" && m.label !== "__name__")
  );
}

export interface MergedRun {
  readonly groups: readonly RuleGroup[];
  readonly scenarios: readonly Scenario[];
}

function renamed(rule: Rule, k: number, renames: ReadonlyMap<string, string>): Rule {
  const node = renameMetrics(rule.expr.node, renames);
  if (rule instanceof AlertingRule)
    return new AlertingRule(copyName(rule.name, k), {
      ...rule.spec,
      expr: new InstantVector(node),
    });
  const expr = rule.expr instanceof Scalar ? new Scalar(node) : new InstantVector(node);
  return new RecordingRule(copyName(rule.name, k), expr, rule.spec);
}

/**
 * The groups with every rule `rule` reaches (itself and its readers) replaced by one renamed copy
 * per variant (copy k is as in `variants[k]`, the groups with one change, and reads copy k's
 * records), and the scenarios expecting of each copy what they expect of the original.
 */
export function mergedRun(
  groups: readonly RuleGroup[],
  rule: string,
  variants: readonly (readonly RuleGroup[])[],
  scenarios: readonly Scenario[],
): MergedRun {
  const reached = reachedRules(groups, rule);
  const renamesOf = variants.map(
    (_, k) =>
      new Map(
        groups.flatMap((g) =>
          g.rules
            .filter((r) => r instanceof RecordingRule && reached.has(r.name))
            .map((r) => [r.name, copyName(r.name, k)] as const),
        ),
      ),
  );
  // For each original alert, its copies: an expectation names the very rule (namesakes differ).
  const copiesOf = new Map<Rule, Rule[]>();
  const merged = groups.map(
    (g, gi) =>
      new RuleGroup(
        g.name,
        g.rules.flatMap((original, ri) => {
          if (!reached.has(original.name)) return [original];
          const copies = variants.map((variant, k) =>
            renamed(variant[gi]?.rules[ri] ?? original, k, renamesOf[k] as Map<string, string>),
          );
          copiesOf.set(original, copies);
          return copies;
        }),
        g.options,
      ),
  );
  const alertCopy = (alert: AlertingRule, k: number): AlertingRule =>
    (copiesOf.get(alert)?.[k] ??
      [...copiesOf.values()].map((c) => c[k]).find((c) => c?.name === copyName(alert.name, k)) ??
      alert) as AlertingRule;
  const repeat = (e: Expectation): Expectation[] => {
    if (e.kind !== "samples")
      return reached.has(e.alert.name)
        ? variants.map((_, k) => ({ ...e, alert: alertCopy(e.alert, k) }))
        : [e];
    const reads = operationsUsed(e.expr.node).metrics;
    if (![...reads].some((n) => reached.has(n))) return [e];
    return variants.map((_, k) => ({
      ...e,
      expr: new InstantVector(renameMetrics(e.expr.node, renamesOf[k] as Map<string, string>)),
    }));
  };
  return {
    groups: merged,
    scenarios: scenarios.map((s) => ({ ...s, expect: s.expect.flatMap(repeat) })),
  };
}

/**
 * What a failed file's report says of the copies: those it names failed; the others passed only if
 * the report is complete, i.e. names a copy and holds no error (an evaluation error ends promtool's
 * test group early, so later expectations were never checked).
 */
export function copiesVerdict(report: string): {
  readonly failed: ReadonlySet<number>;
  readonly complete: boolean;
} {
  const failed = new Set([...report.matchAll(/__mixkit_mutant_(\d+)/g)].map((m) => Number(m[1])));
  return { failed, complete: failed.size > 0 && !/\berr: /.test(report) };
}

/** The scenarios (promtool test groups) whose failures in `report` name copy `k`. */
export function scenariosFailing(report: string, k: number): string[] {
  const names = new Set<string>();
  for (const entry of report.split(/^(?= {4}name: )/m)) {
    const name = /^ {4}name: (.*),$/m.exec(entry)?.[1];
    if (name !== undefined && new RegExp(`__mixkit_mutant_${k}(?!\\d)`).test(entry))
      names.add(name);
  }
  return [...names];
}
