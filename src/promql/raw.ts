/**
 * The escape hatch: hand-written PromQL, declared with the value kind, sample kind and labels the
 * compiler cannot infer. The text is checked with lezer-promql when it is declared (Grafana variables
 * allowed); a syntax error names the expression and the position.
 */
import type { RawNode } from "./ast.js";
import { InstantVector, RangeVector, Scalar } from "./expr.js";
import type { SampleKind } from "./kinds.js";
import { checkSyntax, precedenceOf } from "./parse.js";

export interface RawOptions<L extends string, K extends SampleKind> {
  /** The labels the result carries (used to check legends, `$labels` and groupings); unknown if omitted. */
  readonly labels?: readonly L[];
  readonly kind?: K;
  /** Named in errors, e.g. the rule or panel the expression belongs to. */
  readonly where?: string;
}

function rawNode(text: string, options: RawOptions<string, SampleKind>): RawNode {
  const trimmed = text.trim();
  checkSyntax(trimmed, options.where ?? `raw(${JSON.stringify(trimmed)})`);
  const node: RawNode = { type: "raw", text: trimmed, precedence: precedenceOf(trimmed) };
  return {
    ...node,
    ...(options.labels ? { knownLabels: [...options.labels] } : {}),
    ...(options.kind ? { knownKind: options.kind } : {}),
  };
}

/** Hand-written PromQL giving an instant vector. */
export function raw<const L extends string = never, const K extends SampleKind = "gauge">(
  text: string,
  options: RawOptions<L, K> = {},
): InstantVector<L, K> {
  return new InstantVector(rawNode(text, options));
}

/** Hand-written PromQL giving a range vector (a matrix selector or subquery). */
export function rawRange<const L extends string = never, const K extends SampleKind = "gauge">(
  text: string,
  options: RawOptions<L, K> = {},
): RangeVector<L, K> {
  return new RangeVector(rawNode(text, options));
}

/** Hand-written PromQL giving a scalar. */
export function rawScalar(text: string, options: { readonly where?: string } = {}): Scalar {
  return new Scalar(rawNode(text, { labels: [], ...options }));
}
