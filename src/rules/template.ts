/**
 * Alert annotation and label templates. A template is a static string or a function of a typed scope:
 * `(t) => \`${t.labels.name} failed\`` may only name labels `L` the alert's expression keeps (a
 * compile error otherwise). The same function renders the Go template Prometheus needs and, given
 * concrete labels and a value, the exact text promtool must see in a scenario.
 */
import {
  formatGoFloat,
  humanize,
  humanizeDuration,
  humanizePercentage,
  humanizeTimestamp,
} from "./go-format.js";

export interface TemplateScope<L extends string> {
  /** `{{ $labels.x }}` for each label the expression keeps. */
  readonly labels: { readonly [P in L]: string };
  /** `{{ $value }}`, the alert's sample value. */
  readonly value: string;
  /** `{{ $value | humanize }}`. */
  readonly humanizedValue: string;
  /** `{{ $value | humanizePercentage }}` (value is a ratio, 0.05 shows as 5%). */
  readonly valueAsPercentage: string;
  /** `{{ $value | humanizeDuration }}` (value in seconds: 93784 shows as `1d 2h 3m 4s`, 0.5 as `500ms`). */
  readonly valueAsDuration: string;
  /**
   * `{{ $value | humanizeTimestamp }}` (value in Unix seconds, e.g. a certificate's expiry: shows as
   * `2026-12-07 16:30:00 +0000 UTC`).
   */
  readonly valueAsTimestamp: string;
  /**
   * `{{ if $labels.x }}then{{ else }}otherwise{{ end }}`: text for a label that may be empty or
   * missing (e.g. a version a source does not know yet), so the annotation does not read "( )".
   */
  ifLabel(label: L, then: string, otherwise?: string): string;
}

export type Template<L extends string> = string | ((scope: TemplateScope<L>) => string);

/** What rendering a template needed: used to know whether a scenario must supply a value. */
export interface RenderResult {
  readonly text: string;
  readonly usesValue: boolean;
  readonly labelsUsed: readonly string[];
}

/** The Go template text Prometheus evaluates. */
export function toGoTemplate(template: Template<string>): RenderResult {
  if (typeof template === "string") return { text: template, ...referencesIn(template) };
  const labelsUsed = new Set<string>();
  let usesValue = false;
  const labels = new Proxy({} as Record<string, string>, {
    get: (_, name) => {
      if (typeof name !== "string") return undefined;
      labelsUsed.add(name);
      return `{{ $labels.${name} }}`;
    },
  });
  const scope: TemplateScope<string> = {
    labels,
    get value() {
      usesValue = true;
      return "{{ $value }}";
    },
    get humanizedValue() {
      usesValue = true;
      return "{{ $value | humanize }}";
    },
    get valueAsPercentage() {
      usesValue = true;
      return "{{ $value | humanizePercentage }}";
    },
    get valueAsDuration() {
      usesValue = true;
      return "{{ $value | humanizeDuration }}";
    },
    get valueAsTimestamp() {
      usesValue = true;
      return "{{ $value | humanizeTimestamp }}";
    },
    ifLabel: (label, then, otherwise = "") => {
      labelsUsed.add(label);
      const orElse = otherwise === "" ? "" : `{{ else }}${otherwise}`;
      return `{{ if $labels.${label} }}${then}${orElse}{{ end }}`;
    },
  };
  const text = template(scope);
  return { text, usesValue, labelsUsed: [...labelsUsed].sort() };
}

const labelReference = /\$labels\.([A-Za-z_][A-Za-z0-9_]*)|\.Labels\.([A-Za-z_][A-Za-z0-9_]*)/g;
const valueReference = /\$value\b|\.Value\b/;

/** The `$labels.x` and `$value` references in a Go template string. */
export function referencesIn(text: string): { usesValue: boolean; labelsUsed: readonly string[] } {
  const labels = new Set<string>();
  for (const m of text.matchAll(labelReference)) labels.add((m[1] ?? m[2]) as string);
  return { usesValue: valueReference.test(text), labelsUsed: [...labels].sort() };
}

/** Unbalanced `{{ }}` is the template mistake a static check can name precisely. */
export function templateSyntaxProblem(text: string): string | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith("{{", i)) {
      if (depth > 0) return `"{{" at position ${i} opens an action inside another action`;
      depth++;
      i++;
    } else if (text.startsWith("}}", i)) {
      if (depth === 0) return `"}}" at position ${i} closes no action`;
      depth--;
      i++;
    }
  }
  return depth > 0 ? 'an action opened with "{{" is never closed with "}}"' : undefined;
}

/** The value functions a scenario can render, by their Go template name. */
const valueFunctions: Readonly<Record<string, (v: number) => string | undefined>> = {
  humanize,
  humanizePercentage,
  humanizeDuration,
  humanizeTimestamp,
};

/**
 * The actions a scenario can render: `$labels.x` / `.Labels.x`, and `$value` / `.Value` alone, piped
 * into a value function (`$value | humanize`) or given to one (`humanize $value`). Trim markers
 * (`{{-`, `-}}`) are honoured as Go does.
 */
const action = /\{\{(-\s)?\s*(.*?)\s*(\s-)?\}\}/gs;
const labelAction = /^(?:\$labels|\.Labels)\.([A-Za-z_][A-Za-z0-9_]*)$/;
const valueAction =
  /^(?:(?:\$value|\.Value)(?:\s*\|\s*([A-Za-z]+))?|([A-Za-z]+)\s+(?:\$value|\.Value))$/;

const valueNeeded = "the template uses the alert's value; give the expected value";

/**
 * `{{ if $labels.x }}...{{ else }}...{{ end }}` on a label alone, not nested: Go takes the first
 * branch for a label that is set and not empty.
 */
const labelConditional =
  /\{\{\s*if\s+(?:\$labels|\.Labels)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}((?:(?!\{\{\s*(?:if|else|end)\b).)*?)(?:\{\{\s*else\s*\}\}((?:(?!\{\{\s*(?:if|else|end)\b).)*?))?\{\{\s*end\s*\}\}/gs;

/**
 * The text Prometheus would produce for concrete labels and value. A function template is first
 * turned into its Go template text, so what it returns, raw `{{ ... }}` actions included, is read
 * exactly as Prometheus reads it. Both kinds may use `{{ $labels.x }}`, `{{ $value }}` and `$value`
 * through `humanize`, `humanizePercentage`, `humanizeDuration` or `humanizeTimestamp`; anything else
 * cannot be rendered here and is reported.
 */
export function renderTemplate(
  template: Template<string>,
  labels: Readonly<Record<string, string>>,
  value: number | undefined,
): { text: string } | { error: string } {
  const text = toGoTemplate(template).text.replace(
    labelConditional,
    (_, label: string, then: string, otherwise: string | undefined) =>
      (labels[label] ?? "") !== "" ? then : (otherwise ?? ""),
  );
  let out = "";
  let last = 0;
  let trimNext = false;
  const unsupported: string[] = [];
  let missingValue = false;
  for (const m of text.matchAll(action)) {
    let literal = text.slice(last, m.index);
    if (trimNext) literal = literal.replace(/^\s+/, "");
    if (m[1] !== undefined) literal = literal.replace(/\s+$/, "");
    out += literal;
    last = m.index + m[0].length;
    trimNext = m[3] !== undefined;
    const body = m[2] ?? "";
    const label = labelAction.exec(body)?.[1];
    if (label !== undefined) {
      out += labels[label] ?? "";
      continue;
    }
    const call = valueAction.exec(body);
    const fnName = call?.[1] ?? call?.[2];
    const fn = fnName === undefined ? formatGoFloat : valueFunctions[fnName];
    if (call === null || fn === undefined) {
      unsupported.push(m[0]);
      continue;
    }
    if (value === undefined) {
      missingValue = true;
      continue;
    }
    const rendered = fn(value);
    if (rendered === undefined)
      return {
        error: `${fnName} cannot print ${formatGoFloat(value)}: Prometheus fails the template; give another value`,
      };
    out += rendered;
  }
  let tail = text.slice(last);
  if (trimNext) tail = tail.replace(/^\s+/, "");
  out += tail;
  if (unsupported.length > 0)
    return {
      error: `the template uses Go template actions a scenario cannot render (${unsupported.join(", ")}); give the expected text`,
    };
  if (missingValue) return { error: valueNeeded };
  return { text: out };
}
