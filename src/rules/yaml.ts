/**
 * Deterministic YAML text for rule files and manifests. Strings that a YAML 1.1 reader (Kubernetes
 * tooling, prometheus-operator) or a YAML 1.2 reader would take for a boolean, number or null (`No`,
 * `on`, `1e3`, `0o17`, `~`) are double-quoted, so every reader sees the same string.
 */
import { Document, isScalar, parse, visit } from "yaml";
import { plainYaml } from "./yaml-plain.js";

/**
 * True for single-line text that certainly reads back as itself in YAML 1.1 and 1.2, decided without
 * parsing (parsing every scalar twice made a 10,000-rule build take over a minute): printable ASCII,
 * a first character that starts a plain scalar (no indicator, no `.` of a `...` marker, no space),
 * no `: ` or ` #` and no trailing `:` or space (so it stays one plain scalar), and a character no
 * null, boolean, number, timestamp or merge key of either version contains (so it stays a string).
 * PromQL expressions and templated descriptions take this path; anything else is parsed.
 */
const certainlyPlain = /^(?=[^\n]*[(){}[\]$/="',!*|%@&;?\\`<>#^])[A-Za-z0-9_/($][\x20-\x7e]*$/;
const plainBreakers = /: | #|[: ]$/;
/**
 * Names (record and alert names, label values like `not_ready`): a letter or `_` first, then word
 * characters and colons. Such a name reads as a string unless it is a boolean or null word (`no`,
 * `False`, `NULL`: five characters at most); no number, timestamp or `.inf` starts with a letter.
 */
const longName = /^[A-Za-z_][A-Za-z0-9_:]{5,}$/;

/**
 * Words and sentences (labels' help, summaries, API groups like `external-secrets.io`): a letter
 * first, then letters, digits, spaces, `.`, `_`, `-` and `/`. Such a text is a string in both
 * versions unless it is a boolean or null word (checked without regard to case, which only sends
 * more texts to the parser) or YAML 1.1's float of an exponent alone (`e1`, `E-5`); no other
 * number, timestamp, `.inf` or merge key starts with a letter.
 */
const plainWords = /^[A-Za-z][A-Za-z0-9 ._/-]*$/;
const booleanOrNull = /^(?:y|yes|n|no|true|false|on|off|null)$/i;
const exponentAlone = /^[eE][-+]?[0-9]+$/;
/**
 * Prometheus durations (`10m`, `1h30m`): digits and unit letters. Not a number in either version
 * (no unit is `e`, `x`, `o` or `b`, and there is no `.`, `:` or `-`).
 */
const duration = /^(?:[0-9]+(?:ms|[smhdwy]))+$/;

/**
 * promtool's series notation (`1x19`, `0+60x9 1440x34`, `_x6 stale`): values with an `x` count,
 * `_` or `stale`. Not a number in either version, unless it starts like a hexadecimal integer.
 */
const seriesToken = "(?:(?:_|-?[0-9]+(?:\\.[0-9]+)?)(?:[+-][0-9]+(?:\\.[0-9]+)?)?x[0-9]+|stale|_)";
const seriesNotation = new RegExp(`^${seriesToken}(?: ${seriesToken})*$`);
const hexadecimal = /^[-+]?0x/;

/** True when `text` certainly reads back as itself in YAML 1.1 and 1.2, decided without parsing. */
export function readsAsItselfWithoutParsing(text: string): boolean {
  if (text.includes("\n") || plainBreakers.test(text)) return false;
  return (
    certainlyPlain.test(text) ||
    longName.test(text) ||
    duration.test(text) ||
    (seriesNotation.test(text) && !hexadecimal.test(text)) ||
    (plainWords.test(text) && !booleanOrNull.test(text) && !exponentAlone.test(text))
  );
}

/** True when a YAML 1.1 or 1.2 reader takes `text`, written plain, for something else. */
export function parsesAsSomethingElse(text: string): boolean {
  try {
    const read = (version: "1.1" | "1.2") => parse(text, { version, logLevel: "error" }) as unknown;
    return read("1.1") !== text || read("1.2") !== text;
  } catch {
    return false; // not a plain scalar at all: the library quotes it anyway
  }
}

/** Answers for the short texts that repeat (keys, severities, durations, summaries). */
const answers = new Map<string, boolean>();
const maxAnswers = 10_000;

function readsAsSomethingElse(text: string): boolean {
  if (text.includes("\n") || readsAsItselfWithoutParsing(text)) return false;
  let answer = answers.get(text);
  if (answer === undefined) {
    answer = parsesAsSomethingElse(text);
    if (answers.size >= maxAnswers) answers.clear();
    answers.set(text, answer);
  }
  return answer;
}

export function toYaml(value: unknown): string {
  return plainYaml(value, readsAsSomethingElse) ?? libraryYaml(value);
}

/** The yaml library's text of `value`, with the same quoting: what plainYaml must equal. */
export function libraryYaml(value: unknown): string {
  const doc = new Document(value, { version: "1.2" });
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === "string" && readsAsSomethingElse(node.value))
        node.type = "QUOTE_DOUBLE";
    },
    Pair(_, pair) {
      if (
        isScalar(pair.key) &&
        typeof pair.key.value === "string" &&
        readsAsSomethingElse(pair.key.value)
      ) {
        pair.key.type = "QUOTE_DOUBLE";
      }
    },
  });
  return doc.toString({ lineWidth: 0, minContentWidth: 0 });
}

/**
 * True when the library would print `text` as a plain literal block (`|`): several lines, one
 * trailing newline, no leading blank, no empty line, no trailing blank on a line, no character it
 * escapes. JSON text as formatJson prints it always fits, unless a string holds a C1 control
 * character.
 */
export function fitsLiteralBlock(text: string): boolean {
  return (
    text.endsWith("\n") &&
    text.indexOf("\n") < text.length - 1 &&
    !/^[ \t\n]|\n\n|[ \t]\n/.test(text) &&
    !/[\x00-\x09\x0b-\x1f\x7f-\x9f]|[\ud800-\udfff]/u.test(text)
  );
}

const blockPlaceholder = "mixkit-literal-block-placeholder";

/**
 * toYaml of `build(text)`, a value holding the multi-line `text` at one place (a dashboard's JSON
 * inside a manifest). When the text fits a literal block it is written as one directly, at the
 * indentation the library gives that place: the library's own checks scan a long text several
 * times. Otherwise the library prints it.
 */
export function toYamlWithText(build: (text: string) => unknown, text: string): string {
  if (!fitsLiteralBlock(text)) return toYaml(build(text));
  const yaml = toYaml(build(blockPlaceholder));
  const marker = `: ${blockPlaceholder}\n`;
  const at = yaml.indexOf(marker);
  if (at < 0 || yaml.indexOf(marker, at + 1) >= 0) return toYaml(build(text));
  const lineStart = yaml.lastIndexOf("\n", at) + 1;
  // The key's column: past the indentation and any `- ` of sequence items.
  let keyIndent = 0;
  while (
    yaml[lineStart + keyIndent] === " " ||
    (yaml[lineStart + keyIndent] === "-" && yaml[lineStart + keyIndent + 1] === " ")
  )
    keyIndent++;
  const indent = " ".repeat(keyIndent + 2);
  const body = indent + text.slice(0, -1).replaceAll("\n", `\n${indent}`) + "\n";
  return `${yaml.slice(0, at)}: |\n${body}${yaml.slice(at + marker.length)}`;
}
