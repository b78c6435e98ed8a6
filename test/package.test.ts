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

/** The README's ```ts block holding `marker`, and the one after it. */
function readmeBlock(marker: string): [string, string | undefined] {
  const blocks = readmeBlocks();
  const at = blocks.findIndex((b) => b.includes(marker));
  expect(at, `a \`\`\`ts block of the README holding ${marker}`).toBeGreaterThanOrEqual(0);
  return [blocks[at] as string, blocks[at + 1]];
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
    const [tour] = readmeBlock("const p99 =");
    expect(tour).toContain('from "mixkit"');
    expect(typeErrors(`${tour}\nexport { notReady, failing, p99 };\n`)).toEqual([]);
  });

  it("compiles the README's rules example against the published types", () => {
    const [rules] = readmeBlock("compileTests(");
    expect(rules).toContain("compileTests");
    expect(typeErrors(rules as string)).toEqual([]);
  });

  it("compiles the README's dashboard example against the published types", () => {
    const [dashboards] = readmeBlock("dashboardArtifacts(");
    expect(dashboards).toContain("dashboardArtifacts");
    expect(typeErrors(`${dashboards}\nexport { files };\n`)).toEqual([]);
  });

  it("compiles the README's project config against the published types", () => {
    const [project] = readmeBlock("defineConfig({");
    expect(project).toContain("export default defineConfig(");
    expect(typeErrors(project as string)).toEqual([]);
  });

  it("compiles the README's overrides example against the published types", () => {
    const [overrides] = readmeBlock("overrides: {");
    expect(overrides).toContain("FluxReconcileSlow");
    expect(typeErrors(overrides as string)).toEqual([]);
    // A typo in a rule name does not compile.
    const typo = (overrides as string).replace("FluxResourceSuspended:", "FluxResourceSuspend:");
    expect(
      typeErrors(typo)
        .map((e) => e.message)
        .join("\n"),
    ).toContain("FluxResourceSuspend");
  });

  it("compiles the README's defineMixin example against the published types", () => {
    const [own] = readmeBlock("defineMixin({");
    expect(typeErrors(own as string)).toEqual([]);
    // Its overrides are typed by its rule names.
    const typo = (own as string).replace(
      "overrides: { CertManagerCertificateNotReady:",
      "overrides: { CertManagerCertificateNotReadyy:",
    );
    expect(typo).not.toBe(own);
    expect(
      typeErrors(typo)
        .map((e) => e.message)
        .join("\n"),
    ).toContain("CertManagerCertificateNotReadyy");
  });

  it("compiles the README's analysis-as-code example against the published types", () => {
    const analysis = readmeBlocks().find((b) => b.includes("metricTemplate("));
    expect(analysis).toContain("analysisArtifacts");
    expect(typeErrors(`${analysis}\nexport { files };\n`)).toEqual([]);
  });

  it("rejects every line of the README's list of compile errors", () => {
    const [tour, refused] = readmeBlock("const p99 =");
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

/** What `npm pack` puts in the tarball: paths relative to the package root. */
function packedFiles(): Set<string> {
  const r = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: root,
    encoding: "utf8",
  });
  expect(r.status, r.stderr).toBe(0);
  const [pack] = JSON.parse(r.stdout) as { files: { path: string }[] }[];
  return new Set((pack?.files ?? []).map((f) => f.path));
}

/** GitHub's anchor of a markdown heading. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\w\- ]/g, "")
    .replace(/ /g, "-");
}

/** The links of a markdown text (inline `[text](target)`), outside code blocks and spans. */
function linksOf(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string);
}

describe("the packed tarball", () => {
  const files = packedFiles();
  const markdown = [...files].filter((f) => f.endsWith(".md")).sort();

  it("holds the README, the LICENSE, the declarations, the mixins' docs and runbooks and the Alertmanager guide", () => {
    for (const f of ["README.md", "LICENSE", "package.json", "dist/index.d.ts", "dist/cli/main.js"])
      expect(files, f).toContain(f);
    expect(markdown).toEqual(
      [
        "README.md",
        "docs/alertmanager.md",
        ...["external-secrets", "flux", "progressive-delivery", "spire"].flatMap((m) => [
          `docs/mixins/${m}.md`,
          `docs/runbooks/${m}.md`,
        ]),
      ].sort(),
    );
    expect([...files].filter((f) => f.startsWith("test/") || f.endsWith(".tsbuildinfo"))).toEqual(
      [],
    );
    const license = readFileSync(path.join(root, "LICENSE"), "utf8");
    expect(license).toMatch(/^\s+Apache License\n\s+Version 2\.0, January 2004\n/);
    expect(license).toContain("END OF TERMS AND CONDITIONS");
  });

  it("says where it comes from: license, repository, homepage, bugs", () => {
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(pkg["license"]).toBe("Apache-2.0");
    const repo = (pkg["repository"] as { type: string; url: string }).url;
    expect(repo).toMatch(/^git\+https:\/\/github\.com\/[\w-]+\/[\w-]+\.git$/);
    const home = repo.replace(/^git\+/, "").replace(/\.git$/, "");
    expect(pkg["homepage"]).toBe(`${home}#readme`);
    expect(pkg["bugs"]).toEqual({ url: `${home}/issues` });
  });

  it("links, from every markdown file it ships, only to files and headings inside it", () => {
    const problems: string[] = [];
    for (const file of markdown) {
      for (const link of linksOf(readFileSync(path.join(root, file), "utf8"))) {
        if (/^https?:\/\//.test(link)) continue;
        if (/^[a-z]+:/.test(link)) {
          problems.push(`${file}: ${link} (not a relative or http(s) link)`);
          continue;
        }
        const [target = "", anchor] = link.split("#");
        const resolved =
          target === ""
            ? file
            : path.posix.normalize(path.posix.join(path.posix.dirname(file), target));
        if (!files.has(resolved)) {
          problems.push(`${file}: ${link} (${resolved} is not in the tarball)`);
          continue;
        }
        if (anchor !== undefined && resolved.endsWith(".md")) {
          const headings = [
            ...readFileSync(path.join(root, resolved), "utf8").matchAll(/^#+ (.*)$/gm),
          ];
          if (!headings.some((h) => anchorOf(h[1] as string) === anchor))
            problems.push(`${file}: ${link} (no heading #${anchor} in ${resolved})`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(linksOf(readFileSync(path.join(root, "README.md"), "utf8"))).toContain(
      "docs/mixins/flux.md",
    );
  });

  it("keeps the commands that build and test a clone in the README", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    expect(readme).toContain("npm ci && npm run build");
    expect(readme).toContain("npm test");
    expect(readme).toContain("npx tsc --noEmit");
    expect(readme).not.toContain(".ci/run");
  });
});
