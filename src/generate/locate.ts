/**
 * Where things are in the generated files, read from their text: a rule in a rule file, a JSON path
 * in a dashboard, a test group of a promtool test file, the first line where two texts differ. For
 * reports that point at lines (`mixkit lint --format json`, annotations on a pull request). Pure.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";

/** A place in a text: 1-based line and column. */
export interface Location {
  readonly line: number;
  readonly column: number;
}

function offsetLocation(text: string, offset: number): Location {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** The line of `text` where it first differs from `other`, always a line `text` has. */
export function firstDifferentLine(text: string, other: string): number {
  const lines = text.split("\n");
  const others = other.split("\n");
  let i = 0;
  while (i < lines.length && i < others.length && lines[i] === others[i]) i++;
  const count = text.endsWith("\n") ? lines.length - 1 : lines.length;
  return Math.max(1, Math.min(i + 1, count));
}

function yamlDocument(text: string) {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const at = (node: Node | null | undefined): Location | undefined => {
    const offset = node?.range?.[0];
    if (offset === undefined) return undefined;
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  return { doc, at };
}

/** The first key of a YAML map (`alert`, `record`, `name`...) as written, with its node. */
function firstKey(node: unknown): Node | undefined {
  if (!isMap(node)) return undefined;
  const key = node.items[0]?.key;
  return isScalar(key) ? key : undefined;
}

/**
 * In a Prometheus rule file, the `name:` line of group `group` (an index in `groups:`), or with
 * `rule`, the first line of that rule in it (`- alert: Name` or `- record: name`).
 */
export function ruleLocation(text: string, group: number, rule?: number): Location | undefined {
  const { doc, at } = yamlDocument(text);
  if (rule === undefined) {
    const g = doc.getIn(["groups", group], true);
    return isMap(g)
      ? at(g.items.find((p) => isScalar(p.key) && p.key.value === "name")?.key as Node)
      : undefined;
  }
  return at(firstKey(doc.getIn(["groups", group, "rules", rule], true)));
}

/** A test group of a promtool test file: its name, where its `name:` is, and what it tests. */
export interface TestGroupLocation extends Location {
  readonly name: string;
  /** The `expr` of each of its `promql_expr_test` entries. */
  readonly exprs: readonly string[];
}

export function testGroupLocations(text: string): TestGroupLocation[] {
  const { doc, at } = yamlDocument(text);
  const tests = doc.get("tests", true);
  if (!isSeq(tests)) return [];
  return tests.items.flatMap((t) => {
    if (!isMap(t)) return [];
    const name = t.items.find((p) => isScalar(p.key) && p.key.value === "name");
    const where = at(name?.key as Node | undefined);
    if (name === undefined || where === undefined || !isScalar(name.value)) return [];
    const exprTests = t.get("promql_expr_test", true);
    const exprs = isSeq(exprTests)
      ? exprTests.items.flatMap((e) => (isMap(e) ? [String(e.get("expr"))] : []))
      : [];
    return [{ name: String(name.value.value), ...where, exprs }];
  });
}

/** An expression as promtool quotes it (Go's %q), back to its text. */
function unquote(quoted: string): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return quoted.slice(1, -1);
  }
}

/**
 * The test group each of promtool's failure blocks belongs to (see testRules' `failures`), or
 * undefined when a block names none. promtool reports the groups in order, in each its alerts'
 * blocks (which start with the group's `name:`) before its expressions' (which name only their
 * `expr:`), so each block goes to the first matching group from the previous block's on (after
 * it, for an alert's block that follows an expression's), else to any matching group.
 */
export function failedTestGroups(
  groups: readonly TestGroupLocation[],
  failures: readonly string[],
): (TestGroupLocation | undefined)[] {
  let cursor = 0;
  let afterExpr = false;
  return failures.map((block) => {
    const first = block.trimStart().split("\n", 1)[0]?.trimEnd() ?? "";
    const name = /^name: (.*),$/.exec(first)?.[1];
    const expr = /^expr: (".*"), time: /.exec(first)?.[1];
    if (name === undefined && expr === undefined) return undefined;
    const matches = (g: TestGroupLocation) =>
      name !== undefined ? g.name === name : g.exprs.includes(unquote(expr as string));
    const from = name !== undefined && afterExpr ? cursor + 1 : cursor;
    let index = groups.findIndex((g, i) => i >= from && matches(g));
    if (index === -1) index = groups.findIndex(matches);
    if (index === -1) return undefined;
    cursor = index;
    afterExpr = expr !== undefined;
    return groups[index];
  });
}

/** `panels[3].targets[0].expr` -> ["panels", 3, "targets", 0, "expr"]. */
export function jsonPathSegments(jsonPath: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const m of jsonPath.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    segments.push(m[2] === undefined ? (m[1] as string) : Number(m[2]));
  return segments;
}

/** What the scan of a JSON text found along a path: the offset of each segment found, in order. */
interface JsonScan {
  /** Offset of each found segment: its key in an object, its value in an array. */
  readonly found: number[];
  /** Offset of the "title" or "name" key of each container along the path (root first). */
  readonly labels: (number | undefined)[];
}

/** A minimal JSON scanner that follows one path and skips everything else. */
function scanJson(text: string, path: readonly (string | number)[]): JsonScan {
  const found: number[] = [];
  const labels: (number | undefined)[] = [];
  let pos = 0;
  const space = () => {
    while (pos < text.length && " \t\r\n".includes(text[pos] as string)) pos++;
  };
  const string = (): string => {
    const start = pos++;
    while (pos < text.length && text[pos] !== '"') pos += text[pos] === "\\" ? 2 : 1;
    pos++;
    return JSON.parse(text.slice(start, pos)) as string;
  };
  /** Scans the value at pos; `depth` is how many segments led here, or -1 off the path. */
  const value = (depth: number): void => {
    space();
    const onPath = depth >= 0 && depth === found.length;
    const want = onPath ? path[depth] : undefined;
    const c = text[pos];
    if (c === "{") {
      pos++;
      let label: number | undefined;
      let titled = false;
      space();
      while (text[pos] !== "}" && pos < text.length) {
        const keyAt = pos;
        const key = string();
        if (key === "title" || (key === "name" && !titled)) {
          label = keyAt;
          titled = key === "title";
        }
        space();
        pos++; // :
        const hit = typeof want === "string" && key === want && found.length === depth;
        if (hit) found.push(keyAt);
        value(hit ? depth + 1 : -1);
        space();
        if (text[pos] === ",") pos++;
        space();
      }
      pos++;
      if (onPath) labels[depth] = label;
    } else if (c === "[") {
      pos++;
      let index = 0;
      space();
      while (text[pos] !== "]" && pos < text.length) {
        space();
        const hit = want === index && found.length === depth;
        if (hit) found.push(pos);
        value(hit ? depth + 1 : -1);
        space();
        if (text[pos] === ",") pos++;
        space();
        index++;
      }
      pos++;
    } else if (c === '"') {
      string();
    } else {
      while (pos < text.length && !",}] \t\r\n".includes(text[pos] as string)) pos++;
    }
  };
  value(0);
  return { found, labels };
}

/**
 * Where a JSON path points in a JSON text (a dashboard): the line of its key (of the element, in an
 * array). When the path does not exist (a field the finding says is missing) or is empty (the whole
 * document), the `"title"` (else `"name"`) line of the nearest object along it that has one: the
 * panel, the variable, the dashboard.
 */
export function jsonPathLocation(text: string, jsonPath: string): Location | undefined {
  const segments = jsonPathSegments(jsonPath);
  const { found, labels } = scanJson(text, segments);
  const exact = segments.length > 0 && found.length === segments.length;
  const offset = exact
    ? found.at(-1)
    : labels.slice(0, found.length + 1).findLast((l) => l !== undefined);
  return offset === undefined ? undefined : offsetLocation(text, offset);
}
