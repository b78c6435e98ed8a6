/**
 * Proves the type tests in test/types/*.typecheck.ts cannot pass vacuously, in two compiler runs
 * over all of them: with every annotation in place each file compiles cleanly (an annotation that
 * became unnecessary is an error, TS2578), and with every `@ts-expect-error` removed at once the
 * compiler reports, on each annotated line, the message given in the `// error:` comment above it,
 * and nothing on any other line.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const dir = path.resolve(import.meta.dirname, "types");
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".typecheck.ts"))
  .sort()
  .map((name) => ({
    name,
    file: path.join(dir, name),
    source: readFileSync(path.join(dir, name), "utf8"),
  }));

const options: ts.CompilerOptions = (() => {
  const configPath = path.resolve(import.meta.dirname, "../tsconfig.json");
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  return {
    ...ts.parseJsonConfigFileContent(config.config, ts.sys, path.dirname(configPath)).options,
    noEmit: true,
  };
})();

interface Case {
  /** 0-based index of the line the annotation covers. */
  readonly index: number;
  /** 1-based, as an editor shows it. */
  readonly line: number;
  readonly reason: string;
  readonly expected: string | undefined;
}

function casesOf(source: string): Case[] {
  const lines = source.split("\n");
  return lines.flatMap((line, at) => {
    if (!line.trim().startsWith("// @ts-expect-error")) return [];
    return [
      {
        index: at + 1,
        line: at + 2,
        reason: line.trim().slice("// @ts-expect-error ".length),
        expected: /^\s*\/\/ error: (.*)$/.exec(lines[at - 1] ?? "")?.[1],
      },
    ];
  });
}

/**
 * The compiler prints a union of string literals in the order it created their types, which
 * depends on everything else in the program: compared sorted.
 */
function sortedUnions(message: string): string {
  return message.replace(/"[^"]*"(?: \| "[^"]*")+/g, (union) =>
    union.split(" | ").sort().join(" | "),
  );
}

/** Every annotation line blanked, so the line numbers stay as they are. */
function stripAnnotations(source: string): string {
  return source
    .split("\n")
    .map((line) => (line.trim().startsWith("// @ts-expect-error") ? "" : line))
    .join("\n");
}

type Diagnostics = ReadonlyMap<string, readonly { line: number; message: string }[]>;

/**
 * One compiler run over every type-test file, each with the text `textOf` gives it; the diagnostics
 * of each file by its path, lines 0-based. `previous` lets the second run reuse the library's files.
 */
function compileAll(
  textOf: (source: string) => string,
  previous?: ts.Program,
): { program: ts.Program; diagnostics: Diagnostics } {
  const texts = new Map(files.map((f) => [f.file, textOf(f.source)]));
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, onError) => {
    const text = texts.get(path.resolve(name));
    return text === undefined
      ? getSourceFile(name, lang, onError)
      : ts.createSourceFile(name, text, lang);
  };
  const program = ts.createProgram([...texts.keys()], options, host, previous);
  const diagnostics = new Map<string, { line: number; message: string }[]>(
    files.map((f) => [f.file, []]),
  );
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const list = d.file && diagnostics.get(path.resolve(d.file.fileName));
    if (list === undefined) continue;
    list.push({
      line: d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line,
      message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
    });
  }
  return { program, diagnostics };
}

let annotated: ReturnType<typeof compileAll> | undefined;
let stripped: ReturnType<typeof compileAll> | undefined;
const withAnnotations = () => (annotated ??= compileAll((source) => source));
const withoutAnnotations = () =>
  (stripped ??= compileAll(stripAnnotations, withAnnotations().program));

it("finds the type-test files", () => {
  expect(files.map((f) => f.name)).toContain("promql.typecheck.ts");
});

describe.each(files)("$name", ({ file, source }) => {
  const cases = casesOf(source);
  const covered = new Set(cases.map((c) => c.index));

  it("has cases, each with its expected compiler message", () => {
    expect(cases.length).toBeGreaterThanOrEqual(3);
    expect(cases.filter((c) => c.expected === undefined).map((c) => c.line)).toEqual([]);
  });

  it("compiles cleanly with every annotation in place", () => {
    const found = withAnnotations().diagnostics.get(file) ?? [];
    expect(found.map((d) => `${d.line + 1}: ${d.message}`)).toEqual([]);
  });

  it("without its annotations, reports errors only on annotated lines", () => {
    const found = withoutAnnotations().diagnostics.get(file) ?? [];
    expect(
      found.filter((d) => !covered.has(d.line)).map((d) => `${d.line + 1}: ${d.message}`),
    ).toEqual([]);
  });

  it.each(cases)("line $line fails without its annotation: $reason", ({ index, expected }) => {
    const found = withoutAnnotations().diagnostics.get(file) ?? [];
    const onLine = found.filter((d) => d.line === index);
    expect(onLine.length, "no error at all on this line").toBeGreaterThan(0);
    expect(sortedUnions(onLine.map((d) => d.message).join("\n"))).toContain(
      sortedUnions(expected ?? ""),
    );
  });
});
