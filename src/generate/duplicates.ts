/**
 * Rules that collide across a project: the same alert name with the same labels in two places
 * (promtool refuses it, and Alertmanager sees one alert where there are two), or one series
 * recorded by two groups (each evaluation overwrites the other's samples, corrupting both mixins'
 * alerts and panels). Within one group the rule validation catches it already.
 */
import type { ProjectProblem } from "../project/errors.js";
import type { RuleGroup } from "../rules/model.js";
import { ruleIdentity } from "../rules/validate.js";

interface Owner {
  /** Where the config defines the mixin, e.g. `mixins.flux`. */
  readonly at: string;
  readonly groups: readonly RuleGroup[];
}

export function duplicateRules(mixins: readonly Owner[]): ProjectProblem[] {
  const firstAt = new Map<string, { where: string; mixin: Owner; group: RuleGroup }>();
  const problems: ProjectProblem[] = [];
  for (const m of mixins)
    for (const g of m.groups)
      for (const r of g.rules) {
        const key = ruleIdentity(r);
        const where = `${m.at}, group ${JSON.stringify(g.name)}, ${r.kind === "record" ? "record" : "alert"} ${JSON.stringify(r.name)}`;
        const first = firstAt.get(key);
        if (first === undefined) firstAt.set(key, { where, mixin: m, group: g });
        else if (first.mixin !== m || first.group !== g)
          problems.push({
            at: where,
            message:
              r.kind === "record"
                ? `${first.where} records the same series; two groups writing one series corrupt it, so rename one or give it a distinct label`
                : `${first.where} has the same name and labels; promtool refuses the pair and Alertmanager would take them for one alert, so rename one or give it a distinct label`,
          });
      }
  return problems;
}
