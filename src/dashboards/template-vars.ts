/**
 * The dashboard variables a text refers to: `$name`, `${name}`, `${name:format}` and `[[name]]`.
 * Grafana's own variables (`$__rate_interval`, `${__field.labels.x}`, ...) start with `__` and are skipped.
 */
const reference =
  /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)|\[\[([A-Za-z_][A-Za-z0-9_]*)(?::[^\]]*)?\]\]/g;

export function variableReferences(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(reference)) {
    const name = m[1] ?? m[2] ?? m[3] ?? "";
    if (!name.startsWith("__") && !names.includes(name)) names.push(name);
  }
  return names;
}

export const variableNamePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Label matchers comparing a label with `=` or `!=` to a value holding a variable, e.g.
 * `namespace="$namespace"`: wrong for a multi-valued variable, whose value is a regex alternation.
 */
export function equalityMatchersOn(expr: string): { label: string; variable: string }[] {
  const out: { label: string; variable: string }[] = [];
  // `=~` and `!~` never match here: the `=` must be followed by the opening quote.
  for (const m of expr.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*!?=\s*"((?:[^"\\]|\\.)*)"/g)) {
    for (const variable of variableReferences(m[2] ?? ""))
      out.push({ label: m[1] ?? "", variable });
  }
  return out;
}
