/**
 * Alert annotation and label templates. A template is a static string or a function of a typed scope:
 * `(t) => \`${t.labels.name} failed\`` may only name labels `L` the alert's expression keeps (a
 * compile error otherwise). The same function renders the Go template Prometheus needs and, given
 * concrete labels and a value, the exact text promtool must see in a scenario.
 */
import { formatGoFloat, humanize, humanizePercentage } from "./go-format.js";

export interface TemplateScope<L extends string> {
  /** `{{ $labels.x }}` for each label the expression keeps. */
  readonly labels: { readonly [P in L]: string };
  /** `{{ $value }}`, the alert's sample value. */
  readonly value: string;
  /** `{{ $value | humanize }}`. */
  readonly humanizedValue: string;
  /** `{{ $value | humanizePercentage }}` (value is a ratio, 0.05 shows as 5%). */
  readonly valueAsPercentage: string;
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

const simpleAction =
  /\{\{-?\s*(?:\$labels\.([A-Za-z_][A-Za-z0-9_]*)|\.Labels\.([A-Za-z_][A-Za-z0-9_]*)|(\$value|\.Value)(?:\s*\|\s*(humanize|humanizePercentage))?)\s*-?\}\}/g;

/**
 * The text Prometheus would produce for concrete labels and value. Function templates are evaluated
 * directly; string templates may use `{{ $labels.x }}`, `{{ $value }}` and `{{ $value | humanize }}`
 * or `humanizePercentage` (anything else cannot be rendered here and is reported).
 */
export function renderTemplate(
  template: Template<string>,
  labels: Readonly<Record<string, string>>,
  value: number | undefined,
): { text: string } | { error: string } {
  const valueText = (f: (v: number) => string) => (value === undefined ? undefined : f(value));
  if (typeof template === "function") {
    let missingValue = false;
    const need = (f: (v: number) => string): string => {
      const out = valueText(f);
      if (out === undefined) missingValue = true;
      return out ?? "";
    };
    const scope: TemplateScope<string> = {
      labels: new Proxy({} as Record<string, string>, {
        get: (_, name) => (typeof name === "string" ? (labels[name] ?? "") : undefined),
      }),
      get value() {
        return need(formatGoFloat);
      },
      get humanizedValue() {
        return need(humanize);
      },
      get valueAsPercentage() {
        return need(humanizePercentage);
      },
    };
    const text = template(scope);
    return missingValue
      ? { error: "the template uses the alert's value; give the expected value" }
      : { text };
  }
  let error: string | undefined;
  const text = template.replace(
    simpleAction,
    (_, label1?: string, label2?: string, val?: string, fn?: string) => {
      const label = label1 ?? label2;
      if (label !== undefined) return labels[label] ?? "";
      const f =
        fn === "humanize"
          ? humanize
          : fn === "humanizePercentage"
            ? humanizePercentage
            : formatGoFloat;
      const out = val ? valueText(f) : undefined;
      if (out === undefined) error = "the template uses the alert's value; give the expected value";
      return out ?? "";
    },
  );
  if (error) return { error };
  if (text.includes("{{")) {
    return {
      error: `the template uses Go template actions beyond $labels and $value; give the expected text: ${template}`,
    };
  }
  return { text };
}
