/**
 * PromQL durations (`5m`, `1h30m`) and the variables that may stand in for them: Grafana's
 * (`$__rate_interval`, `$__interval`, `$__range`, `$var`, `${var}`) and Go text/template actions
 * filled in by the tool that runs the query (Flagger's `{{ interval }}`, a Keptn argument `{{.window}}`).
 */
import { PromQLError } from "./errors.js";

type Unit = "ms" | "s" | "m" | "h" | "d" | "w" | "y";
type Part = `${number}${Unit}`;
/** A duration literal such as `30s`, `5m` or `1h30m` (checked again at run time). */
export type DurationLiteral =
  Part | `${number}${Unit}${Part}` | `${number}${Unit}${number}${Unit}${Part}`;
/** Grafana's built-in interval variables, or a dashboard variable `$name` / `${name}`. */
export type GrafanaDuration = "$__rate_interval" | "$__interval" | "$__range" | `$${string}`;
/**
 * A Go text/template action standing for a duration, e.g. Flagger's `{{ interval }}` in a
 * MetricTemplate query: a name or a dotted field path, nothing else (no pipes, no functions).
 */
export type TemplateDuration = `{{${string}}}`;
export type DurationInput = DurationLiteral | GrafanaDuration | TemplateDuration;

export type Duration =
  | { readonly kind: "literal"; readonly ms: number }
  | { readonly kind: "variable"; readonly text: string };

const unitMs: Readonly<Record<Unit, number>> = {
  y: 365 * 24 * 3600_000,
  w: 7 * 24 * 3600_000,
  d: 24 * 3600_000,
  h: 3600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
};
// Largest first: Prometheus requires units in this order and prints them this way.
const unitOrder: readonly Unit[] = ["y", "w", "d", "h", "m", "s", "ms"];
const partPattern = /(\d+)(ms|y|w|d|h|m|s)/y;
const variablePattern = /^\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*(?::[A-Za-z]+)?\})$/;
/** `{{ interval }}`, `{{.window}}`, `{{ variables.x }}`: one name or field path between the braces. */
const templateActionPattern =
  /^\{\{ *\.?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)* *\}\}$/;

/** Parses `1h30m` into milliseconds following Prometheus' rules (integers, units largest first). */
export function parseDurationMs(text: string): number {
  if (text === "") throw new PromQLError(`invalid duration "": empty`);
  let pos = 0;
  let total = 0;
  let lastUnit = -1;
  while (pos < text.length) {
    partPattern.lastIndex = pos;
    const m = partPattern.exec(text);
    if (!m) {
      const digits = /\d*/y;
      digits.lastIndex = pos;
      const at = pos + (digits.exec(text)?.[0].length ?? 0);
      const wanted = at === pos ? "an integer" : `a unit (${unitOrder.join(", ")})`;
      throw new PromQLError(
        `invalid duration "${text}" at position ${at}: expected ${wanted}, e.g. 5m or 1h30m`,
      );
    }
    const unit = m[2] as Unit;
    const rank = unitOrder.indexOf(unit);
    if (rank <= lastUnit) {
      throw new PromQLError(
        `invalid duration "${text}": units must appear once each, largest first (e.g. 1h30m, not 30m1h)`,
      );
    }
    lastUnit = rank;
    total += Number(m[1]) * unitMs[unit];
    pos = partPattern.lastIndex;
  }
  if (!Number.isSafeInteger(total)) throw new PromQLError(`invalid duration "${text}": too large`);
  return total;
}

/** Canonical form, as Prometheus prints it: `90m` becomes `1h30m`, `0` becomes `0s`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  let rest = ms;
  let out = "";
  for (const unit of unitOrder) {
    const size = unitMs[unit];
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

export function isGrafanaVariable(text: string): boolean {
  return variablePattern.test(text);
}

/** Whether `text` is a Go template action naming one value, such as `{{ interval }}` or `{{.window}}`. */
export function isTemplateAction(text: string): boolean {
  return templateActionPattern.test(text);
}

export function duration(input: DurationInput | Duration): Duration {
  if (typeof input !== "string") return input;
  if (input.startsWith("{{")) {
    if (!isTemplateAction(input)) {
      throw new PromQLError(
        `invalid template action "${input}" used as a duration: expected one name or field path, e.g. {{ interval }} or {{.window}}`,
      );
    }
    return { kind: "variable", text: input };
  }
  if (input.startsWith("$")) {
    if (!isGrafanaVariable(input)) {
      throw new PromQLError(
        `invalid Grafana variable "${input}" used as a duration: expected $name or \${name}`,
      );
    }
    return { kind: "variable", text: input };
  }
  return { kind: "literal", ms: parseDurationMs(input) };
}

export function printDuration(d: Duration): string {
  return d.kind === "literal" ? formatDuration(d.ms) : d.text;
}
