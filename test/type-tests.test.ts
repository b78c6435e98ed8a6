/**
 * Proves the type tests in test/types/*.typecheck.ts cannot pass vacuously: with every annotation in
 * place each file compiles cleanly, and with each `@ts-expect-error` removed in turn the compiler
 * reports, on that very line, the message given in the `// error:` comment above it.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const dir = path.resolve(import.meta.dirname, "types");
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".typecheck.ts"))
  .sort();

const options: ts.CompilerOptions = (() => {
  const configPath = path.resolve(import.meta.dirname, "../tsconfig.json");
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  return {
    ...ts.parseJsonConfigFileContent(config.config, ts.sys, path.dirname(configPath)).options,
    noEmit: true,
  };
})();

let previous: ts.Program | undefined;

/** Type-checks `file` with `text` as its content; returns its diagnostics as line + message. */
function diagnosticsFor(file: string, text: string): { line: number; message: string }[] {
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, onError) =>
    path.resolve(name) === file
      ? ts.createSourceFile(name, text, lang)
      : getSourceFile(name, lang, onError);
  // Reusing the previous program keeps the library's own files parsed once.
  const program = ts.createProgram([file], options, host, previous);
  previous = program;
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && path.resolve(d.file.fileName) === file)
    .map((d) => ({
      line: d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line,
      message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
    }));
}

it("finds the type-test files", () => {
  expect(files).toContain("promql.typecheck.ts");
});

describe.each(files)("%s", (name) => {
  const file = path.join(dir, name);
  const source = readFileSync(file, "utf8");
  const lines = source.split("\n");
  const cases = lines.flatMap((line, index) => {
    if (!line.trim().startsWith("// @ts-expect-error")) return [];
    const expected = /^\s*\/\/ error: (.*)$/.exec(lines[index - 1] ?? "")?.[1];
    return [
      {
        index,
        line: index + 1,
        reason: line.trim().slice("// @ts-expect-error ".length),
        expected,
      },
    ];
  });

  it("has cases, each with its expected compiler message", () => {
    expect(cases.length).toBeGreaterThanOrEqual(3);
    expect(cases.filter((c) => c.expected === undefined).map((c) => c.line)).toEqual([]);
  });

  it("compiles cleanly with every annotation in place", () => {
    expect(diagnosticsFor(file, source).map((d) => `${d.line + 1}: ${d.message}`)).toEqual([]);
  });

  it.each(cases)("line $line fails without its annotation: $reason", ({ index, expected }) => {
    const stripped = lines.map((line, i) => (i === index ? "" : line)).join("\n");
    const onLine = diagnosticsFor(file, stripped).filter((d) => d.line === index + 1);
    expect(onLine.map((d) => d.message).join("\n")).toContain(expected);
  });
});
