/**
 * Renames labels in whole rule groups: expressions, label and annotation templates, alert labels.
 * Template functions keep working on the symbolic names they were written with.
 */
import { InstantVector, Scalar } from "../promql/expr.js";
import { renameLabels, renameTemplateLabels, type LabelRenames } from "../promql/rename.js";
import { AlertingRule, RecordingRule, RuleGroup, type Rule } from "./model.js";
import type { Template, TemplateScope } from "./template.js";

function renameTemplate(t: Template<string>, renames: LabelRenames): Template<string> {
  if (typeof t === "string") return renameTemplateLabels(t, renames);
  return (scope: TemplateScope<string>) =>
    // No spread: it would read the value getters and mark every template as using $value.
    t({
      get value() {
        return scope.value;
      },
      get humanizedValue() {
        return scope.humanizedValue;
      },
      get valueAsPercentage() {
        return scope.valueAsPercentage;
      },
      get valueAsDuration() {
        return scope.valueAsDuration;
      },
      get valueAsTimestamp() {
        return scope.valueAsTimestamp;
      },
      ifLabel: (label, then, otherwise) => scope.ifLabel(renames[label] ?? label, then, otherwise),
      labels: new Proxy({} as Record<string, string>, {
        get: (_, name) =>
          typeof name === "string" ? scope.labels[renames[name] ?? name] : undefined,
      }),
    });
}

function renameMap<T>(
  map: Readonly<Record<string, T>> | undefined,
  f: (v: T) => T,
  renames: LabelRenames,
) {
  return map && Object.fromEntries(Object.entries(map).map(([k, v]) => [renames[k] ?? k, f(v)]));
}

function renameRule(rule: Rule, renames: LabelRenames): Rule {
  if (rule instanceof RecordingRule) {
    const node = renameLabels(rule.expr.node, renames);
    const expr = rule.expr instanceof Scalar ? new Scalar(node) : new InstantVector(node);
    const labels = renameMap(rule.spec.labels, (v) => v, renames);
    return new RecordingRule(rule.name, expr, { ...rule.spec, ...(labels ? { labels } : {}) });
  }
  const s = rule.spec;
  const t = (x: Template<string>) => renameTemplate(x, renames);
  const labels = renameMap(s.labels, t, renames);
  const annotations = renameMap(s.annotations, t, renames);
  return new AlertingRule(rule.name, {
    ...s,
    expr: new InstantVector(renameLabels(s.expr.node, renames)),
    description: t(s.description),
    ...(s.dashboardUrl === undefined
      ? {}
      : { dashboardUrl: renameTemplateLabels(s.dashboardUrl, renames) }),
    ...(labels ? { labels } : {}),
    ...(annotations ? { annotations } : {}),
  });
}

export function renameRuleLabels(groups: readonly RuleGroup[], renames: LabelRenames): RuleGroup[] {
  return groups.map(
    (g) =>
      new RuleGroup(
        g.name,
        g.rules.map((r) => renameRule(r, renames)),
        g.options,
      ),
  );
}
