/**
 * YAML text for the plain data mixkit writes (maps, lists, single-line printable strings, numbers,
 * booleans, null), byte for byte as the yaml library prints it with mixkit's options (block style,
 * two-space indent, lists indented under their key, no line folding): the library's generality
 * (a document model, visitors, tag tests) was 40 % of a cold build. Anything else (a string with a
 * newline or a character outside printable ASCII, an object met twice, which the library would
 * print as an anchor, a number that is not a plain integer or decimal, a very long key) returns
 * undefined and is left to the library. test/rules-emit.test.ts compares both on generated data.
 */

/** A string that may be written as it is, or that needs quotes, as the library decides. */
function scalarString(text: string, forceDouble: boolean): string | undefined {
  if (!/^[\x20-\x7e]*$/.test(text)) return undefined;
  // A document marker at the start of a line makes the library indent or quote by context.
  if (/^(?:%|---|\.\.\.)/.test(text)) return undefined;
  if (forceDouble) return JSON.stringify(text);
  const plain =
    text !== "" && !/^[\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|:[ \t]|[ \t]#|[\t :]$/.test(text);
  if (plain) return text;
  const hasDouble = text.includes('"');
  const hasSingle = text.includes("'");
  return hasDouble && !hasSingle ? `'${text}'` : JSON.stringify(text);
}

function scalar(value: unknown, forceDouble: (text: string) => boolean): string | undefined {
  if (typeof value === "string") return scalarString(value, forceDouble(value));
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value === null) return "null";
  if (typeof value === "number") {
    const text = String(value);
    // Integers and plain decimals print as JavaScript prints them; -0, exponents, NaN do not.
    return Number.isFinite(value) && !Object.is(value, -0) && /^-?\d+(\.\d+)?$/.test(text)
      ? text
      : undefined;
  }
  return undefined;
}

/** A plain object (a literal, or one without a prototype); class instances, Maps, Dates are not. */
const isMap = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

class Unsupported extends Error {}

/** The YAML text of `value`, or undefined when the library must print it. */
export function plainYaml(
  value: unknown,
  forceDouble: (text: string) => boolean,
): string | undefined {
  const seen = new Set<object>();
  const out: string[] = [];

  const scalarOrThrow = (v: unknown): string => {
    const text = scalar(v, forceDouble);
    if (text === undefined) throw new Unsupported();
    return text;
  };
  const entries = (map: Record<string, unknown>) =>
    Object.entries(map).filter(([, v]) => v !== undefined);
  const enter = (v: object) => {
    if (seen.has(v)) throw new Unsupported();
    seen.add(v);
  };

  /** A map's entries at `indent`; the first line's indent is already written when `inline`. */
  const writeMap = (map: Record<string, unknown>, indent: string, inline: boolean) => {
    entries(map).forEach(([key, v], i) => {
      if (key.length > 1000) throw new Unsupported();
      const lead = i === 0 && inline ? "" : indent;
      writeEntry(`${lead}${scalarOrThrow(key)}:`, v, indent);
    });
  };
  /** `head` (a key and its colon, or a list dash) followed by `v`, nested at `indent` + 2. */
  const writeEntry = (head: string, v: unknown, indent: string) => {
    if (Array.isArray(v)) {
      enter(v);
      if (v.length === 0) out.push(`${head} []\n`);
      else {
        out.push(`${head}\n`);
        writeList(v, `${indent}  `);
      }
    } else if (isMap(v)) {
      enter(v);
      if (entries(v).length === 0) out.push(`${head} {}\n`);
      else {
        out.push(`${head}\n`);
        writeMap(v, `${indent}  `, false);
      }
    } else out.push(`${head} ${scalarOrThrow(v)}\n`);
  };
  const writeList = (list: readonly unknown[], indent: string) => {
    for (const item of list) {
      if (item === undefined || Array.isArray(item)) throw new Unsupported();
      if (isMap(item)) {
        enter(item);
        if (entries(item).length === 0) out.push(`${indent}- {}\n`);
        else {
          out.push(`${indent}- `);
          writeMap(item, `${indent}  `, true);
        }
      } else out.push(`${indent}- ${scalarOrThrow(item)}\n`);
    }
  };

  try {
    if (!isMap(value) || entries(value).length === 0) return undefined;
    enter(value);
    writeMap(value, "", false);
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
  return out.join("");
}
