/**
 * The mutants of a mixin's rules: every single change the operators make to one rule's expression
 * or `for`, as whole rule groups with that one rule changed, and the scenarios that can notice it
 * (those expecting something of the rule or of a rule that reads what it records).
 */
import type { Node } from "../../promql/ast.js";
import { formatDuration, parseDurationMs } from "../../promql/duration.js";
import { InstantVector, Scalar } from "../../promql/expr.js";
import { operationsUsed } from "../../promql/features.js";
import { print } from "../../promql/printer.js";
import { AlertingRule, RecordingRule, RuleGroup, type Rule } from "../../rules/model.js";
import type { Scenario } from "../scenario.js";
import { mutantsOf } from "./operators.js";

export interface RuleMutant {
  /** The alert or recorded series name. */
  readonly rule: string;
  readonly kind: "alert" | "record";
  /** Where the rule is: group index and rule index. */
  readonly at: readonly [number, number];
  readonly operator: string;
  /** The subexpression (or `for`) the change applies to, as printed before it. */
  readonly site: string;
  /** The expression (or `for`) before and after the change. */
  readonly before: string;
  readonly after: string;
  readonly groups: readonly RuleGroup[];
  /** Why it needs no run: a silence's reason on the rule. */
  readonly silencedBecause?: string;
}

/**
 * The silence check that marks a mutant as equivalent: `mutant: <operator>` or `mutant: <family>`
 * for every place of the rule, or `mutant: <operator> at <text>` for the places whose changed
 * subexpression contains `<text>` (e.g. `mutant: aggregation sum→max at status="error"`).
 */
export const mutantSilencePrefix = "mutant: ";

function silenceOf(rule: Rule, operator: string, site: string): string | undefined {
  const family = operator.split(" ")[0];
  const s = (rule.spec.silence ?? []).find((x) => {
    if (!x.check.startsWith(mutantSilencePrefix)) return false;
    const [what = "", where] = x.check.slice(mutantSilencePrefix.length).split(" at ", 2);
    return (what === operator || what === family) && (where === undefined || site.includes(where));
  });
  return s?.reason;
}

function withExpr(rule: Rule, node: Node): Rule {
  if (rule instanceof AlertingRule) return rule.with({ expr: new InstantVector(node) });
  const expr = rule.expr instanceof Scalar ? new Scalar(node) : new InstantVector(node);
  return new RecordingRule(rule.name, expr, rule.spec);
}

function replaceRule(
  groups: readonly RuleGroup[],
  gi: number,
  ri: number,
  rule: Rule,
): RuleGroup[] {
  return groups.map((g, i) =>
    i === gi
      ? new RuleGroup(
          g.name,
          g.rules.map((r, j) => (j === ri ? rule : r)),
          g.options,
        )
      : g,
  );
}

/** Every mutant of every rule, without duplicates (two operators giving the same text). */
export function ruleMutants(groups: readonly RuleGroup[]): RuleMutant[] {
  const out: RuleMutant[] = [];
  groups.forEach((g, gi) =>
    g.rules.forEach((rule, ri) => {
      const kind = rule instanceof AlertingRule ? "alert" : "record";
      const before = print(rule.expr.node);
      const seen = new Set([before]);
      const push = (
        operator: string,
        site: string,
        after: string,
        changed: Rule,
        shownBefore = before,
      ) => {
        const reason = silenceOf(rule, operator, site);
        out.push({
          rule: rule.name,
          kind,
          at: [gi, ri],
          operator,
          site,
          before: shownBefore,
          after,
          groups: replaceRule(groups, gi, ri, changed),
          ...(reason === undefined ? {} : { silencedBecause: reason }),
        });
      };
      for (const m of mutantsOf(rule.expr.node)) {
        const after = print(m.node);
        if (seen.has(after)) continue;
        seen.add(after);
        push(m.operator, m.site, after, withExpr(rule, m.node));
      }
      if (rule instanceof AlertingRule && rule.spec.for !== undefined) {
        const ms = parseDurationMs(rule.spec.for);
        const changes =
          ms > 0 ? [["for 0", 0] as const, ["for ½", Math.floor(ms / 2)] as const] : [];
        for (const [operator, to] of changes) {
          if (operator === "for ½" && to === 0) continue;
          const text = formatDuration(to);
          push(
            operator,
            `for: ${formatDuration(ms)}`,
            `for: ${text}`,
            rule.with({ for: text as never }),
            `for: ${formatDuration(ms)}`,
          );
        }
      }
    }),
  );
  return out;
}

/** The metric names an expression reads (recorded series among them). */
export function namesRead(node: Node): Set<string> {
  return new Set(operationsUsed(node).metrics);
}

/**
 * The rule names a change to `rule` can reach: itself, and every rule reading what it records,
 * transitively. A rule reading `ALERTS` may read any alert, so every change reaches it.
 */
export function reachedRules(groups: readonly RuleGroup[], rule: string): Set<string> {
  const rules = groups.flatMap((g) => g.rules);
  const reached = new Set([rule]);
  for (let grew = true; grew;) {
    grew = false;
    for (const r of rules) {
      if (reached.has(r.name)) continue;
      const reads = namesRead(r.expr.node);
      if (reads.has("ALERTS") || [...reached].some((name) => reads.has(name))) {
        reached.add(r.name);
        grew = true;
      }
    }
  }
  return reached;
}

/** Whether an expectation looks at one of the `reached` rules (or at ALERTS, which any may change). */
function concerns(e: Scenario["expect"][number], reached: ReadonlySet<string>): boolean {
  return e.kind === "samples"
    ? [...namesRead(e.expr.node)].some(
        (n) => reached.has(n) || n === "ALERTS" || n === "ALERTS_FOR_STATE",
      )
    : reached.has(e.alert.name);
}

/** The scenarios that expect something of one of the `reached` rules. */
export function scenariosFor(
  scenarios: readonly Scenario[],
  reached: ReadonlySet<string>,
): Scenario[] {
  return scenarios.filter((s) => s.expect.some((e) => concerns(e, reached)));
}

/**
 * The scenarios that expect something of one of the `reached` rules, with only those expectations:
 * a change cannot alter what the other rules give, which the scenarios already saw pass, and
 * without their expectations promtool need not evaluate them (a healthy day expects every alert to
 * stay quiet, all day).
 */
export function focusedOn(
  scenarios: readonly Scenario[],
  reached: ReadonlySet<string>,
): Scenario[] {
  return scenariosFor(scenarios, reached).map((s) => ({
    ...s,
    expect: s.expect.filter((e) => concerns(e, reached)),
  }));
}

/** The rule names the scenarios expect something of (alerts, and recorded series they query). */
function expectedRules(groups: readonly RuleGroup[], scenarios: readonly Scenario[]): Set<string> {
  const names = new Set(groups.flatMap((g) => g.rules.map((r) => r.name)));
  const out = new Set<string>();
  for (const s of scenarios)
    for (const e of s.expect)
      if (e.kind === "samples") {
        for (const n of namesRead(e.expr.node)) if (names.has(n)) out.add(n);
      } else out.add(e.alert.name);
  return out;
}

/**
 * The groups with only the rules the scenarios need: those they expect something of and every rule
 * those read, transitively. promtool evaluates every rule of the file at every step, so a mutant's
 * run costs what its scenarios need, not the whole mixin.
 */
export function rulesNeeded(
  groups: readonly RuleGroup[],
  scenarios: readonly Scenario[],
): RuleGroup[] {
  const rules = groups.flatMap((g) => g.rules);
  const needed = expectedRules(groups, scenarios);
  for (let grew = true; grew;) {
    grew = false;
    for (const r of rules) {
      if (!needed.has(r.name)) continue;
      const reads = namesRead(r.expr.node);
      for (const other of rules)
        if (
          !needed.has(other.name) &&
          (reads.has(other.name) || (reads.has("ALERTS") && other instanceof AlertingRule))
        ) {
          needed.add(other.name);
          grew = true;
        }
    }
  }
  return groups.map(
    (g) =>
      new RuleGroup(
        g.name,
        g.rules.filter((r) => needed.has(r.name)),
        g.options,
      ),
  );
}

/**
 * The scenarios with their expectations on the rule at `at` in `groups` moved to the same place in
 * `changed`: an expectation names its very rule, and by name alone promtool's test would check
 * a namesake (a stricter copy of the alert for some objects) instead.
 */
export function expectingOf(
  scenarios: readonly Scenario[],
  groups: readonly RuleGroup[],
  changed: readonly RuleGroup[],
  at: readonly [number, number],
): Scenario[] {
  const [gi, ri] = at;
  const from = groups[gi]?.rules[ri];
  const to = changed[gi]?.rules[ri];
  if (!(from instanceof AlertingRule) || !(to instanceof AlertingRule) || from === to)
    return [...scenarios];
  return scenarios.map((s) => ({
    ...s,
    expect: s.expect.map((e) =>
      e.kind !== "samples" && e.alert === from ? { ...e, alert: to } : e,
    ),
  }));
}
