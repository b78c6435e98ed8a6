/**
 * An alert's history replayed from a range query: how many times it would have fired over a
 * window and for how long, honouring its `for` (as pint's alerts/count does). The expression reads
 * the recording rules' series where the server has them; where it does not (the rules are not
 * deployed yet), a record read without matchers is replaced by its own expression.
 */
import type { Node } from "../promql/ast.js";
import { parseDurationMs } from "../promql/duration.js";
import { print } from "../promql/printer.js";
import { mapChildren } from "../promql/walk.js";
import { AlertingRule, type RuleGroup } from "../rules/model.js";

export interface AlertHistory {
  readonly alert: string;
  /** Times it would have started firing (a `for` met), per series summed. */
  readonly fired: number;
  /** Seconds it would have been firing, summed over its series. */
  readonly firingSeconds: number;
}

/** Runs of a series' sample times (seconds) at most `stepSec` apart. */
function runs(times: readonly number[], stepSec: number): [number, number][] {
  const out: [number, number][] = [];
  for (const t of times) {
    const last = out.at(-1);
    if (last && t - last[1] <= stepSec * 1.5) last[1] = t;
    else out.push([t, t]);
  }
  return out;
}

/**
 * Episodes of one alert from its condition's range result: a run of consecutive samples fires once
 * it has lasted `forSec`, until it ends (one step after its last sample).
 */
export function replayHistory(
  alert: string,
  series: readonly (readonly number[])[],
  forSec: number,
  stepSec: number,
): AlertHistory {
  let fired = 0;
  let firingSeconds = 0;
  for (const times of series)
    for (const [start, end] of runs(times, stepSec)) {
      const lasted = end - start + stepSec;
      if (lasted > forSec) {
        fired++;
        firingSeconds += lasted - forSec;
      }
    }
  return { alert, fired, firingSeconds };
}

/**
 * The alert's expression with the records the server lacks inlined, or undefined when one is read
 * with matchers (a selector cannot be applied to an expression).
 */
export function replayableExpr(
  groups: readonly RuleGroup[],
  alert: AlertingRule,
  onServer: ReadonlySet<string>,
): string | undefined {
  const records = new Map(
    groups.flatMap((g) =>
      g.rules.filter((r) => !(r instanceof AlertingRule)).map((r) => [r.name, r] as const),
    ),
  );
  let blocked = false;
  const inline = (n: Node): Node => {
    if (n.type === "vectorSelector" && records.has(n.name) && !onServer.has(n.name)) {
      if (n.matchers.length > 0 || n.offset !== undefined || n.at !== undefined) {
        blocked = true;
        return n;
      }
      return {
        type: "raw",
        // Parenthesised, the record's expression binds as its series did: an atom.
        text: `(${print(inline(records.get(n.name)!.expr.node))})`,
        precedence: 100,
      };
    }
    return mapChildren(n, inline);
  };
  const node = inline(alert.expr.node);
  return blocked ? undefined : print(node);
}

/** An alert's `for` in seconds. */
export const forSeconds = (alert: AlertingRule): number =>
  alert.spec.for === undefined ? 0 : parseDurationMs(alert.spec.for) / 1000;
