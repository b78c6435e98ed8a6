/**
 * The Go text/template actions in a query (`{{ namespace }}`, `{{.workload}}`). Flagger and Keptn run
 * every query through text/template before sending it, so any `{{` in the text, even inside a PromQL
 * string, is an action: these helpers find them and fill them in the way those tools do.
 */
import { AnalysisError } from "./errors.js";

export interface TemplateAction {
  /** The action as written, e.g. `{{ variables.direction }}`. */
  readonly text: string;
  /** What is between the braces, trimmed, e.g. `variables.direction`. */
  readonly inner: string;
  readonly offset: number;
}

/** Every `{{ ... }}` in `text`, in order; an unclosed `{{` is an error naming its position. */
export function templateActions(text: string, where: string): readonly TemplateAction[] {
  const out: TemplateAction[] = [];
  for (let at = text.indexOf("{{"); at !== -1; at = text.indexOf("{{", at)) {
    const end = text.indexOf("}}", at + 2);
    if (end === -1)
      throw new AnalysisError(
        where,
        `"{{" at offset ${at} is never closed with "}}"; Go's text/template would refuse the query`,
      );
    const actionText = text.slice(at, end + 2);
    out.push({ text: actionText, inner: actionText.slice(2, -2).trim(), offset: at });
    at = end + 2;
  }
  return out;
}

/**
 * Fills in every action with `resolve(inner)`; an action `resolve` does not know (undefined) is an
 * error naming it and listing `known`.
 */
export function renderActions(
  text: string,
  resolve: (inner: string) => string | undefined,
  where: string,
  known: readonly string[],
): string {
  let out = "";
  let from = 0;
  for (const action of templateActions(text, where)) {
    const value = resolve(action.inner);
    if (value === undefined)
      throw new AnalysisError(
        where,
        `no value for the template action ${action.text}; known: ${known.length > 0 ? known.join(", ") : "none"}`,
      );
    out += text.slice(from, action.offset) + value;
    from = action.offset + action.text.length;
  }
  return out + text.slice(from);
}
