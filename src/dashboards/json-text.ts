/**
 * JSON text in the layout prettier gives it (printWidth 100, the project's setting), so committed
 * dashboards stay unchanged under `prettier --write` and diffs stay quiet. Objects are always
 * expanded (prettier keeps an object expanded when its source is); an array goes on one line when
 * it holds no object and fits, numbers fill lines, anything else takes one line per element.
 */
export const jsonPrintWidth = 100;

const narrowText = /^[\u0000-\u02ff]*$/;

/** Display width as prettier counts it: wide East Asian characters and emoji count 2, marks 0. */
function width(text: string): number {
  // Below U+0300 every character counts 1: most text (keys, PromQL, titles) takes this path.
  if (narrowText.test(text)) return text.length;
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x300 && cp <= 0x36f) continue;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      cp >= 0x1f300;
    w += wide ? 2 : 1;
  }
  return w;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** Text JSON prints between quotes as it is: no quote, backslash or control character. */
const verbatim = /^[^"\\\u0000-\u001f\u2028\u2029\ud800-\udfff]*$/;

/** A JSON scalar as prettier prints it (`1e+21` becomes `1e21`). */
function scalar(value: unknown): string {
  if (typeof value === "string") return verbatim.test(value) ? `"${value}"` : JSON.stringify(value);
  const text = JSON.stringify(value) ?? "null";
  return typeof value === "number" ? text.replace("e+", "e") : text;
}

/**
 * True when `value` cannot be printed on one line: it contains a non-empty object, or it is a
 * matrix (several arrays of several elements each), which prettier always breaks.
 */
function mustBreak(value: unknown): boolean {
  if (isObject(value)) return Object.keys(value).length > 0;
  if (!Array.isArray(value)) return false;
  const matrix = value.length > 1 && value.every((v) => Array.isArray(v) && v.length > 1);
  return matrix || value.some(mustBreak);
}

/** One-line form of a value that does not need to break. */
function flat(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flat).join(", ")}]`;
  if (isObject(value)) return "{}";
  return scalar(value);
}

const indents = Array.from({ length: 32 }, (_, i) => "  ".repeat(i));
const indent = (level: number) => indents[level] ?? "  ".repeat(level);

/**
 * Appends `value` printed at nesting `level` to `out`, its first character at column `column`,
 * followed on the same line by `trailing` characters (a comma). Pieces go to one buffer, joined
 * once: joining each level's lines copied the text again at every level of nesting.
 */
function print(
  value: unknown,
  level: number,
  column: number,
  trailing: number,
  sorted: boolean,
  out: string[],
): void {
  const pad = indent(level + 1);
  const close = indent(level);
  if (isObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined);
    if (sorted) keys.sort();
    if (keys.length === 0) {
      out.push("{}");
      return;
    }
    out.push("{\n");
    keys.forEach((k, i) => {
      const key = `${scalar(k)}: `;
      const rest = i < keys.length - 1 ? 1 : 0;
      out.push(pad, key);
      print(value[k], level + 1, pad.length + width(key), rest, sorted, out);
      out.push(rest ? ",\n" : "\n");
    });
    out.push(close, "}");
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push("[]");
      return;
    }
    if (!mustBreak(value)) {
      const one = flat(value);
      if (column + width(one) + trailing <= jsonPrintWidth) {
        out.push(one);
        return;
      }
      if (value.every((v) => typeof v === "number")) {
        out.push(fill(value as number[], pad, close));
        return;
      }
    }
    out.push("[\n");
    value.forEach((v, i) => {
      const rest = i < value.length - 1 ? 1 : 0;
      out.push(pad);
      print(v, level + 1, pad.length, rest, sorted, out);
      out.push(rest ? ",\n" : "\n");
    });
    out.push(close, "]");
    return;
  }
  out.push(scalar(value));
}

/** Numbers fill each line, as prettier prints long numeric arrays. */
function fill(values: readonly number[], pad: string, close: string): string {
  const lines: string[] = [];
  let line = "";
  values.forEach((n, i) => {
    const item = scalar(n) + (i < values.length - 1 ? "," : "");
    const candidate = line === "" ? item : `${line} ${item}`;
    if (line !== "" && width(pad + candidate) > jsonPrintWidth) {
      lines.push(line);
      line = item;
    } else line = candidate;
  });
  lines.push(line);
  return `[\n${lines.map((l) => pad + l).join("\n")}\n${close}]`;
}

/** The JSON text of `value` with a trailing newline; `sortKeys` prints every object's keys sorted. */
export function formatJson(value: unknown, options: { readonly sortKeys?: boolean } = {}): string {
  const out: string[] = [];
  print(value, 0, 0, 0, options.sortKeys ?? false, out);
  out.push("\n");
  return out.join("");
}
