/**
 * Run-time checks of the label rules the types enforce: a matcher, grouping, vector matching or
 * label-function argument may only name labels the vector carries. They hold wherever the labels are
 * known (declared metrics, recorded series, raw PromQL with `labels`), so a plain-JavaScript config
 * or one under `// @ts-nocheck` is refused as tsc refuses a typed one.
 */
import type { Node } from "./ast.js";
import { PromQLError } from "./errors.js";
import { inferLabels, type LabelSet } from "./labels.js";
import { print } from "./printer.js";

/** The expression as a reader finds it in the config: printed, shortened when long. */
export function shortExpr(node: Node): string {
  const text = print(node);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function labelList(labels: LabelSet): string {
  return labels.size === 0 ? "no labels" : [...labels].sort().join(", ");
}

/**
 * Throws when a label in `names` is not carried by `node`'s result. `context` names the call, e.g.
 * `sum(...).by(...)`; unknown labels (raw PromQL without `labels`) are not checked.
 */
export function assertCarries(node: Node, names: readonly string[], context: string): void {
  const labels = inferLabels(node);
  if (!labels) return;
  const missing = names.filter((n) => !labels.has(n));
  if (missing.length === 0) return;
  throw new PromQLError(
    `${context}: ${missing.map((m) => `"${m}"`).join(", ")} ${missing.length === 1 ? "is not a label" : "are not labels"} of ${shortExpr(node)} (its labels: ${labelList(labels)})`,
  );
}

/** `ignoring(...)` may name a label of either side; one that neither side carries is a mistake. */
export function assertEitherCarries(
  lhs: Node,
  rhs: Node,
  names: readonly string[],
  context: string,
): void {
  const [left, right] = [inferLabels(lhs), inferLabels(rhs)];
  if (!left || !right) return;
  const missing = names.filter((n) => !left.has(n) && !right.has(n));
  if (missing.length === 0) return;
  throw new PromQLError(
    `${context}: ${missing.map((m) => `"${m}"`).join(", ")} ${missing.length === 1 ? "is a label" : "are labels"} of neither side (left: ${labelList(left)}; right: ${labelList(right)})`,
  );
}
