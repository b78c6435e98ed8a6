/**
 * What a mixin's rules rely on in the data, read from their syntax trees: each metric they select
 * (recorded series aside: the rules make those) and the labels they group it by.
 */
import type { Node } from "../promql/ast.js";
import { childNodes } from "../promql/walk.js";
import type { RuleGroup } from "../rules/model.js";

export interface DataExpectations {
  /** Metric name -> the rules reading it. */
  readonly metrics: ReadonlyMap<string, readonly string[]>;
  /** Metric name -> label -> the rules grouping it by that label. */
  readonly groupedBy: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  /** Each selector with matchers, as printed (`up{job="x"}`) -> its metric, matchers and readers. */
  readonly selectors: ReadonlyMap<
    string,
    {
      readonly metric: string;
      /** Its selecting matchers, as label and value. */
      readonly matchers: readonly (readonly [string, string])[];
      readonly rules: readonly string[];
    }
  >;
}

const add = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key) ?? [];
  if (!list.includes(value)) list.push(value);
  map.set(key, list);
};

export function dataExpectations(groups: readonly RuleGroup[]): DataExpectations {
  const recorded = new Set(groups.flatMap((g) => g.rules.map((r) => r.name)));
  const metrics = new Map<string, string[]>();
  const groupedBy = new Map<string, Map<string, string[]>>();
  const selectors = new Map<
    string,
    { metric: string; matchers: (readonly [string, string])[]; rules: string[] }
  >();
  for (const rule of groups.flatMap((g) => g.rules)) {
    const visit = (n: Node, by: readonly string[]) => {
      if (n.type === "vectorSelector" || n.type === "matrixSelector") {
        if (recorded.has(n.name) || n.name === "ALERTS" || n.name === "") return;
        add(metrics, n.name, rule.name);
        // Matchers that select something (not `label=""` nor a regex matching the empty value).
        const selecting = n.matchers.filter((m) => m.op === "=" && m.value !== "");
        if (selecting.length > 0) {
          const text = `${n.name}{${selecting.map((m) => `${m.label}=${JSON.stringify(m.value)}`).join(", ")}}`;
          const entry = selectors.get(text) ?? {
            metric: n.name,
            matchers: selecting.map((m) => [m.label, m.value] as const),
            rules: [],
          };
          if (!entry.rules.includes(rule.name)) entry.rules.push(rule.name);
          selectors.set(text, entry);
        }
        const labels = groupedBy.get(n.name) ?? new Map<string, string[]>();
        // Only labels the metric declares, where the catalog says: a cluster-scoped object has
        // no namespace, a target's `up` no object name, and grouping by them is no reliance.
        for (const label of by)
          if (n.knownLabels === undefined || n.knownLabels.includes(label))
            add(labels, label, rule.name);
        groupedBy.set(n.name, labels);
        return;
      }
      // A label that label_replace or label_join writes is not the data's.
      const written =
        n.type === "call" && (n.fn === "label_replace" || n.fn === "label_join")
          ? n.args[1]
          : undefined;
      const inner =
        n.type === "aggregate" && n.grouping?.mode === "by"
          ? [...by, ...n.grouping.labels]
          : written?.type === "string"
            ? by.filter((l) => l !== written.value)
            : by;
      for (const child of childNodes(n)) visit(child, inner);
    };
    visit(rule.expr.node, []);
  }
  return { metrics, groupedBy, selectors };
}
