/**
 * The package as a consumer sees it: the compiled dist/ (built once by test/cli-global-setup.ts)
 * imported by name through the `exports` map, its type declarations, the `mixkit` bin, and the
 * README's examples compiled against them. test/cli-consumer.test.ts installs the packed tarball.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

function run(cmd: string, args: string[], cwd = root) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8" });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** The ```ts blocks of the README, in order. */
function readmeBlocks(): string[] {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

const compilerOptions: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
};
const consumerFile = path.join(root, "test", `.consumer-${process.pid}.ts`);
/**
 * A compiler host that parses every file but the consumer module once for all the compiles of
 * this file (dist/'s declarations and TypeScript's libs do not change while it runs).
 */
const compilerHost = ts.createCompilerHost(compilerOptions);
{
  const read = compilerHost.getSourceFile.bind(compilerHost);
  const parsed = new Map<string, ts.SourceFile | undefined>();
  compilerHost.getSourceFile = (fileName, ...rest) => {
    if (path.resolve(fileName) === consumerFile) return read(fileName, ...rest);
    if (!parsed.has(fileName)) parsed.set(fileName, read(fileName, ...rest));
    return parsed.get(fileName);
  };
}

/** Type-checks `code` as a consumer module inside the repository (so `mixkit` resolves to itself). */
function typeErrors(code: string): { line: number; message: string }[] {
  const file = consumerFile;
  writeFileSync(file, code);
  try {
    const program = ts.createProgram([file], compilerOptions, compilerHost);
    return ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName === file)
      .map((d) => ({
        line: d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line,
        message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
      }));
  } finally {
    rmSync(file, { force: true });
  }
}

describe("the built package", () => {
  it("is importable by name through its exports map", () => {
    const script = path.join(root, `.consumer-${process.pid}.mjs`);
    writeFileSync(
      script,
      'import { counter, rate, sum } from "mixkit";\n' +
        'const c = counter("externalsecret_sync_calls_error", ["name"]);\n' +
        'console.log(String(sum(rate(c.range("5m"))).by("name")));\n',
    );
    try {
      const r = run("node", [script]);
      expect(r.out.trim()).toBe("sum by (name) (rate(externalsecret_sync_calls_error[5m]))");
      expect(r.code).toBe(0);
    } finally {
      rmSync(script, { force: true });
    }
  });

  it("ships a bin that prints usage", () => {
    const r = run("node", [path.join(root, "dist/cli/main.js"), "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Usage: mixkit <command>");
    const bad = run("node", [path.join(root, "dist/cli/main.js"), "frobnicate"]);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('unknown command "frobnicate"');
  });

  it("has declaration files small enough to read, naming durations instead of spelling them out", () => {
    const dist = path.join(root, "dist");
    const declarations = readdirSync(dist, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".d.ts"))
      .sort();
    expect(declarations).toContain(path.join("mixins", "external-secrets", "config.d.ts"));
    const sizes = declarations.map((f) => ({ f, bytes: statSync(path.join(dist, f)).size }));
    // Each config's declarations were 98 to 153 KB when its durations were inferred.
    expect(sizes.filter((s) => s.bytes > 30_000)).toEqual([]);
    // The union is written once, where DurationLiteral is declared.
    const spelt = declarations.filter((f) =>
      readFileSync(path.join(dist, f), "utf8").includes("`${number}ms${number}"),
    );
    expect(spelt).toEqual([]);
  });

  it("compiles the README's tour against the published types", () => {
    const [tour] = readmeBlocks();
    expect(tour).toContain('from "mixkit"');
    expect(typeErrors(`${tour}\nexport { notReady, failing, p99 };\n`)).toEqual([]);
  });

  it("compiles the README's rules example against the published types", () => {
    const rules = readmeBlocks()[2];
    expect(rules).toContain("compileTests");
    expect(typeErrors(rules as string)).toEqual([]);
  });

  it("compiles the README's dashboard example against the published types", () => {
    const dashboards = readmeBlocks()[3];
    expect(dashboards).toContain("dashboardArtifacts");
    expect(typeErrors(`${dashboards}\nexport { files };\n`)).toEqual([]);
  });

  it("compiles the README's project config against the published types", () => {
    const project = readmeBlocks()[4];
    expect(project).toContain("export default defineConfig(");
    expect(typeErrors(project as string)).toEqual([]);
  });

  it("compiles the README's analysis-as-code example against the published types", () => {
    const analysis = readmeBlocks().find((b) => b.includes("metricTemplate("));
    expect(analysis).toContain("analysisArtifacts");
    expect(typeErrors(`${analysis}\nexport { files };\n`)).toEqual([]);
  });

  it("rejects every line of the README's list of compile errors", () => {
    const [tour, refused] = readmeBlocks();
    const refusedLines = (refused ?? "").trim().split("\n");
    const code = `${tour}\n${refusedLines.join("\n")}\n`;
    const offset = (tour ?? "").split("\n").length;
    const failing = new Set(typeErrors(code).map((d) => d.line - offset));
    expect(refusedLines.length).toBeGreaterThanOrEqual(5);
    refusedLines.forEach((line, i) =>
      expect(failing.has(i), `no type error for README line: ${line}`).toBe(true),
    );
  });
});
