/**
 * Run-time checks of the value and sample kinds the types enforce, so a plain-JavaScript config or
 * one under `// @ts-nocheck` is refused as tsc refuses a typed one: a range vector where an instant
 * vector belongs, `rate` of a gauge, `delta` of a counter. Values are told apart by the brand the
 * types use (`__value`, set on each class's prototype), which also holds for values made by another
 * copy of the package.
 */
import { PromQLError } from "./errors.js";
import { shortExpr } from "./label-checks.js";
import { inferKinds } from "./sample-kinds.js";
import type { Node } from "./ast.js";

type ValueName = "instant vector" | "range vector" | "scalar" | "string";

function valueOf(x: unknown): ValueName | undefined {
  if (typeof x === "number") return "scalar";
  if (typeof x !== "object" || x === null) return undefined;
  return (x as { __value?: ValueName }).__value;
}

function described(x: unknown): string {
  const value = valueOf(x);
  if (typeof x === "number") return `the number ${x}`;
  if (value === undefined) return x === null ? "null" : `a ${typeof x}`;
  return `the ${value} ${shortExpr((x as { node: Node }).node)}`;
}

const hints: Partial<Record<ValueName, Partial<Record<ValueName, string>>>> = {
  "range vector": { "instant vector": ' (select a range with .range("5m"))' },
  "instant vector": { "range vector": " (drop the .range(...), or apply a function such as rate)" },
};

function assertValue(x: unknown, expected: ValueName, context: string): void {
  const value = valueOf(x);
  if (value === expected) return;
  const hint = (value && hints[expected]?.[value]) ?? "";
  throw new PromQLError(
    `${context} needs ${article(expected)} ${expected}, got ${described(x)}${hint}`,
  );
}

const article = (v: ValueName) => (v === "instant vector" ? "an" : "a");

export const assertInstant = (x: unknown, context: string) =>
  assertValue(x, "instant vector", context);
export const assertRange = (x: unknown, context: string) => assertValue(x, "range vector", context);
export const assertScalar = (x: unknown, context: string) => assertValue(x, "scalar", context);

/** Counter functions take only counters; the rest of the range functions refuse them. */
export function assertKinds(
  x: { readonly node: Node },
  takes: "counter" | "not counter",
  context: string,
): void {
  const kinds = inferKinds(x.node);
  if (!kinds) return;
  const kind = [...kinds].map((k) => `a ${k}`).join(" or ");
  if (takes === "counter" && [...kinds].some((k) => k !== "counter")) {
    throw new PromQLError(
      `${context} takes only counters: ${shortExpr(x.node)} is ${kind}; for a gauge use delta(...), deriv(...) or an *_over_time function`,
    );
  }
  if (takes === "not counter" && kinds.has("counter")) {
    throw new PromQLError(
      `${context} does not take a counter: ${shortExpr(x.node)} is ${kind}; use rate(...) or increase(...)`,
    );
  }
}

/** An operand of an arithmetic or comparison operator: an instant vector or a scalar. */
export function assertOperand(x: unknown, context: string): void {
  const value = valueOf(x);
  if (value === "instant vector" || value === "scalar") return;
  throw new PromQLError(`${context} needs an instant vector or a scalar, got ${described(x)}`);
}
