/**
 * Renames labels throughout an expression: matchers, groupings, vector matching and the label
 * arguments of label_replace / label_join / count_values. Mixins write queries against the symbolic
 * `exported_namespace` and `cluster` labels; this maps them to the labels a user's setup really has.
 */
import type { Node } from "./ast.js";
import { PromQLError } from "./errors.js";
import { parsePromQL } from "./parse.js";
import { mapChildren } from "./walk.js";

export type LabelRenames = Readonly<Record<string, string>>;

/** Calls whose string arguments at these positions are label names. */
const labelArgs: Readonly<Record<string, readonly number[] | "from1">> = {
  label_replace: [1, 3],
  label_join: "from1",
};

export function renameLabels(node: Node, renames: LabelRenames): Node {
  if (Object.entries(renames).every(([from, to]) => from === to)) return node;
  const r = (label: string) => renames[label] ?? label;
  const rl = (labels: readonly string[]) => labels.map(r);
  const visit = (n: Node): Node => {
    switch (n.type) {
      case "vectorSelector":
      case "matrixSelector":
        return {
          ...n,
          matchers: n.matchers.map((m) => ({ ...m, label: r(m.label) })),
          ...(n.knownLabels ? { knownLabels: rl(n.knownLabels) } : {}),
        };
      case "raw":
        // Raw text is read into a tree so that its labels are renamed too, never silently kept.
        return visit(parseRaw(n.text));
      case "subquery":
        return { ...n, expr: visit(n.expr) };
      case "unary":
        return { ...n, expr: visit(n.expr) };
      case "call": {
        const positions = labelArgs[n.fn];
        return {
          ...n,
          args: n.args.map((a, i) => {
            const isLabel = positions === "from1" ? i >= 1 && i !== 2 : positions?.includes(i);
            return isLabel && a.type === "string" ? { ...a, value: r(a.value) } : visit(a);
          }),
        };
      }
      case "aggregate":
        return {
          ...n,
          expr: visit(n.expr),
          ...(n.param
            ? {
                param:
                  n.op === "count_values" && n.param.type === "string"
                    ? { ...n.param, value: r(n.param.value) }
                    : visit(n.param),
              }
            : {}),
          ...(n.grouping ? { grouping: { ...n.grouping, labels: rl(n.grouping.labels) } } : {}),
        };
      case "binary":
        return {
          ...n,
          lhs: visit(n.lhs),
          rhs: visit(n.rhs),
          ...(n.matching
            ? {
                matching: {
                  ...n.matching,
                  labels: rl(n.matching.labels),
                  ...(n.matching.group
                    ? { group: { ...n.matching.group, include: rl(n.matching.group.include) } }
                    : {}),
                },
              }
            : {}),
        };
      default:
        return n;
    }
  };
  return visit(node);
}

function parseRaw(text: string, what = "labels"): Node {
  try {
    return parsePromQL(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new PromQLError(
      `cannot rename ${what} inside raw PromQL ${JSON.stringify(text)}: ${reason}`,
    );
  }
}

/** The same renames inside Go template text: `$labels.x` and `.Labels.x`. */
export function renameTemplateLabels(text: string, renames: LabelRenames): string {
  return text.replace(
    /(\$labels\.|\.Labels\.)([A-Za-z_][A-Za-z0-9_]*)/g,
    (_, prefix: string, label: string) => `${prefix}${renames[label] ?? label}`,
  );
}

/**
 * Renames metrics throughout an expression: selectors by name, and `__name__` equality matchers.
 * Raw text is read into a tree first, as for labels.
 */
export function renameMetrics(node: Node, renames: ReadonlyMap<string, string>): Node {
  if (renames.size === 0) return node;
  const m = (name: string) => renames.get(name) ?? name;
  const visit = (n: Node): Node => {
    if (n.type === "vectorSelector" || n.type === "matrixSelector")
      return {
        ...n,
        name: m(n.name),
        matchers: n.matchers.map((x) =>
          x.label === "__name__" && x.op === "=" ? { ...x, value: m(x.value) } : x,
        ),
      };
    if (n.type === "raw") return visit(parseRaw(n.text, "metrics"));
    return mapChildren(n, visit);
  };
  return visit(node);
}
