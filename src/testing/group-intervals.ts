/**
 * promtool evaluates every group of a test file at the file's `evaluation_interval`, so a group's
 * own `interval` (e.g. 3m for per-object rules) is never exercised: an alert reading its records
 * sees them fresh each minute in tests, up to 3 minutes old in production. This variant of the
 * rules holds each such rule's result from one of its group's evaluations to the next:
 * `last_over_time((expr)[2m59s:3m])` is the expression as it was at the last 3m-aligned time, the
 * value a 3m group would still show. Scenarios run against it as well as against the rules.
 */
import type { Node } from "../promql/ast.js";
import { parseDurationMs } from "../promql/duration.js";
import { InstantVector, Scalar } from "../promql/expr.js";
import { AlertingRule, RecordingRule, RuleGroup, type Rule } from "../rules/model.js";

function held(node: Node, interval: string): Node {
  const ms = parseDurationMs(interval);
  // A range a second short of the step holds exactly one aligned evaluation, whether the range
  // includes its start (Prometheus 2) or not (Prometheus 3).
  return {
    type: "call",
    fn: "last_over_time",
    args: [
      {
        type: "subquery",
        expr: node,
        range: { kind: "literal", ms: ms - 1000 },
        step: { kind: "literal", ms },
      },
    ],
  };
}

function heldRule(rule: Rule, interval: string): Rule {
  const node = held(rule.expr.node, interval);
  if (rule instanceof AlertingRule) return rule.with({ expr: new InstantVector(node) });
  const expr = rule.expr instanceof Scalar ? new Scalar(node) : new InstantVector(node);
  return new RecordingRule(rule.name, expr, rule.spec);
}

/**
 * The groups with every group whose own interval is longer than `evaluationMs` held at that
 * interval; undefined when no group has one (nothing to add to the plain run).
 */
export function groupIntervalsHeld(
  groups: readonly RuleGroup[],
  evaluationMs: number,
): RuleGroup[] | undefined {
  const slower = (g: RuleGroup) =>
    g.options.interval !== undefined && parseDurationMs(g.options.interval) > evaluationMs;
  if (!groups.some(slower)) return undefined;
  return groups.map((g) =>
    slower(g)
      ? new RuleGroup(
          g.name,
          g.rules.map((r) => heldRule(r, g.options.interval as string)),
          g.options,
        )
      : g,
  );
}
