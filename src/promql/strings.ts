/**
 * PromQL string literals and names. Quoting follows Go's strconv rules, which Prometheus uses to
 * read string literals, so any label value (quotes, backslashes, newlines, `}`, unicode) round-trips.
 */
import { PromQLError } from "./errors.js";

const labelNamePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;
const metricNamePattern = /^[A-Za-z_:][A-Za-z0-9_:]*$/;

export function isValidLabelName(name: string): boolean {
  return labelNamePattern.test(name);
}

export function isValidMetricName(name: string): boolean {
  return metricNamePattern.test(name);
}

export function assertLabelName(name: string, where: string): void {
  if (!isValidLabelName(name)) {
    throw new PromQLError(
      `${where}: invalid label name ${JSON.stringify(name)}: must match [a-zA-Z_][a-zA-Z0-9_]*`,
    );
  }
}

export function assertMetricName(name: string, where: string): void {
  if (!isValidMetricName(name)) {
    throw new PromQLError(
      `${where}: invalid metric name ${JSON.stringify(name)}: must match [a-zA-Z_:][a-zA-Z0-9_:]*`,
    );
  }
}

const shortEscapes: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  '"': '\\"',
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\x07": "\\a",
  "\b": "\\b",
  "\f": "\\f",
  "\v": "\\v",
};

/** A double-quoted PromQL string literal. Control characters are escaped; other unicode is kept as is. */
export function quote(value: string): string {
  if (!value.isWellFormed()) {
    throw new PromQLError(
      `string ${JSON.stringify(value)} is not well-formed unicode (lone surrogate): Prometheus label values must be valid UTF-8`,
    );
  }
  let out = '"';
  for (const ch of value) {
    const short = shortEscapes[ch];
    if (short !== undefined) out += short;
    else if (ch < " " || ch === "\x7f")
      out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return out + '"';
}

const simpleUnescapes: Readonly<Record<string, string>> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
};

/**
 * Reads a PromQL string literal (double, single or back quotes) the way Go's strconv.Unquote does.
 * `\x` and octal escapes denote bytes; runs of them are decoded as UTF-8.
 */
export function unquote(literal: string): string {
  const q = literal[0];
  if (
    literal.length < 2 ||
    (q !== '"' && q !== "'" && q !== "`") ||
    literal[literal.length - 1] !== q
  ) {
    throw new PromQLError(`not a string literal: ${literal}`);
  }
  const body = literal.slice(1, -1);
  if (q === "`") return body;
  const out: string[] = [];
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length === 0) return;
    out.push(new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(bytes)));
    bytes = [];
  };
  for (let i = 0; i < body.length;) {
    const ch = body[i] as string;
    if (ch !== "\\") {
      if (ch === q || ch === "\n")
        throw new PromQLError(`unescaped ${JSON.stringify(ch)} in string literal ${literal}`);
      flush();
      const cp = body.codePointAt(i) as number;
      out.push(String.fromCodePoint(cp));
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined)
      throw new PromQLError(`string literal ${literal} ends with a lone backslash`);
    const simple = simpleUnescapes[e];
    if (simple !== undefined || e === q) {
      flush();
      out.push(simple ?? e);
      i += 2;
    } else if (e === "x") {
      bytes.push(parseHex(body.slice(i + 2, i + 4), 2, literal));
      i += 4;
    } else if (e === "u" || e === "U") {
      const width = e === "u" ? 4 : 8;
      const cp = parseHex(body.slice(i + 2, i + 2 + width), width, literal);
      // Go refuses what is not a Unicode scalar value: surrogates and anything past U+10FFFF.
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        throw new PromQLError(
          `escape \\${e}${body.slice(i + 2, i + 2 + width)} in string literal ${literal} is not a Unicode code point`,
        );
      }
      flush();
      out.push(String.fromCodePoint(cp));
      i += 2 + width;
    } else if (e >= "0" && e <= "7") {
      const oct = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(oct) || Number.parseInt(oct, 8) > 255) {
        throw new PromQLError(`invalid octal escape \\${oct} in string literal ${literal}`);
      }
      bytes.push(Number.parseInt(oct, 8));
      i += 4;
    } else {
      throw new PromQLError(`unknown escape sequence \\${e} in string literal ${literal}`);
    }
  }
  flush();
  return out.join("");
}

function parseHex(digits: string, width: number, literal: string): number {
  if (digits.length !== width || !/^[0-9a-fA-F]+$/.test(digits)) {
    throw new PromQLError(`invalid hex escape in string literal ${literal}`);
  }
  return Number.parseInt(digits, 16);
}

// Constructs JavaScript accepts but RE2 (Prometheus' regex engine) rejects.
const re2Unsupported: readonly [RegExp, string][] = [
  [
    /\(\?<?[=!]/,
    "lookaround assertions ((?=...), (?!...), (?<=...), (?<!...)) are not supported by RE2",
  ],
  [/\\[1-9]/, "backreferences (\\1 ...) are not supported by RE2"],
  [/\(\?<[A-Za-z]/, "named groups must be written (?P<name>...) in RE2 as used by Prometheus 2.42"],
];

/**
 * Checks that a regex matcher is valid RE2 as far as can be told without RE2 itself: the RE2-only
 * syntax JavaScript lacks is accepted, the JavaScript-only syntax RE2 lacks is refused, and the rest
 * must compile. Grafana variables (`$var`, `${var}`) are treated as literal text.
 */
export function checkRegex(pattern: string, where: string): void {
  const withoutVars = pattern.replace(
    /\$\{[A-Za-z_][A-Za-z0-9_:]*\}|\$__[A-Za-z_]+|\$[A-Za-z_][A-Za-z0-9_]*/g,
    "x",
  );
  for (const [construct, why] of re2Unsupported) {
    if (construct.test(withoutVars))
      throw new PromQLError(`${where}: invalid regex ${JSON.stringify(pattern)}: ${why}`);
  }
  // RE2 flag groups and named groups, POSIX classes and \z have no JavaScript equivalent: neutralise them.
  const jsPattern = withoutVars
    .replace(/^\(\?[imsU]+\)/, "")
    .replace(/\(\?[imsU]*(?:-[imsU]+)?:/g, "(?:")
    .replace(/\(\?P<[A-Za-z_][A-Za-z0-9_]*>/g, "(")
    .replace(/\[:\^?[a-z]+:\]/g, "a")
    .replace(/\\[zApPQE]/g, "");
  try {
    new RegExp(`^(?:${jsPattern})$`);
  } catch (err) {
    const reason =
      err instanceof Error
        ? err.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, "")
        : String(err);
    throw new PromQLError(`${where}: invalid regex ${JSON.stringify(pattern)}: ${reason}`);
  }
}

/** Escapes a literal string so that it matches itself inside a regex matcher (like Go's regexp.QuoteMeta). */
export function escapeRegex(literal: string): string {
  return literal.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&");
}
