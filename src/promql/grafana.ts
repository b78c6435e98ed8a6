/**
 * Grafana template variables inside PromQL text, and Go template actions naming one value (Flagger's
 * `{{ interval }}`, Keptn's `{{.window}}`; `{{` never starts valid PromQL). They are not PromQL, so
 * before an expression is parsed each one is replaced by a placeholder of the same length (positions
 * in errors stay right): a duration inside `[...]`, a number elsewhere. Variables inside string
 * literals are left alone.
 */
const variable =
  /\$__[A-Za-z_]+|\$\{[A-Za-z_][A-Za-z0-9_]*(?::[A-Za-z]+)?\}|\$[A-Za-z_][A-Za-z0-9_]*|\[\[[A-Za-z_][A-Za-z0-9_]*\]\]|\{\{ *\.?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)* *\}\}/y;

/**
 * Prepares PromQL text for lezer-promql: Grafana variables become placeholders, and `holt_winters`
 * (PromQL before 3.0, which the current grammar no longer knows) becomes a same-length function call.
 */
export function substituteGrafanaVariables(text: string): string {
  let out = "";
  let depth = 0;
  for (let i = 0; i < text.length;) {
    const ch = text[i] as string;
    if (ch === '"' || ch === "'" || ch === "`") {
      const end = endOfString(text, i);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    if (ch === "#") {
      const end = text.indexOf("\n", i);
      const stop = end === -1 ? text.length : end;
      out += text.slice(i, stop);
      i = stop;
      continue;
    }
    if (isHoltWintersCall(text, i)) {
      out += "label_join  ";
      i += "holt_winters".length;
      continue;
    }
    variable.lastIndex = i;
    const m =
      ch === "$" || ((ch === "[" || ch === "{") && text[i + 1] === ch) ? variable.exec(text) : null;
    if (m) {
      out += (depth > 0 ? "1m" : "1").padEnd(m[0].length, " ");
      i += m[0].length;
      continue;
    }
    if (ch === "[") depth++;
    if (ch === "]") depth = Math.max(0, depth - 1);
    out += ch;
    i++;
  }
  return out;
}

/** `holt_winters(` as a call; a metric or label that merely starts with or equals the name stays. */
function isHoltWintersCall(text: string, at: number): boolean {
  const name = "holt_winters";
  return (
    text.startsWith(name, at) &&
    !/[A-Za-z0-9_:]/.test(text[at - 1] ?? "") &&
    /^\s*\(/.test(text.slice(at + name.length))
  );
}

function endOfString(text: string, start: number): number {
  const q = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\" && q !== "`") i++;
    else if (text[i] === q) return i + 1;
  }
  return text.length;
}
