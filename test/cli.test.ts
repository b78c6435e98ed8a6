/**
 * The `mixkit` command on this repository: `mixkit check` and `mixkit lint` on the committed
 * outputs through the built bin, the repository's config against the published types, and the
 * command line's help, usage errors and exit codes.
 */
import { spawnSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import type { Io } from "../src/cli/io.js";
import { runCli } from "../src/cli/run.js";
import { runAsync } from "./fixtures/run-async.js";

const root = path.resolve(import.meta.dirname, "..");
const bin = path.join(root, "dist/cli/main.js");
const empty = mkdtempSync(path.join(tmpdir(), "mixkit-cli-"));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

function mixkit(args: readonly string[], cwd = root) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** `mixkit` without blocking: the commands that only read the repository run at once. */
const mixkitAsync = (args: readonly string[], cwd = root) =>
  runAsync(process.execPath, [bin, ...args], cwd);

/** Every file under `dir` whose name ends with `suffix`, relative to the repository. */
function filesEndingWith(dir: string, suffix: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

/** Runs the command line in process, collecting what it prints. */
async function cli(args: readonly string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { cwd: empty, out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await runCli(args, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("mixkit on this repository", () => {
  it.concurrent(
    "check: the committed rules/ and dashboards/ are what mixkit.config.ts builds",
    async ({ expect }) => {
      const r = await mixkitAsync(["check"]);
      expect(r.err).toBe("");
      expect(r.out).toMatch(/^mixkit check: the \d+ files in \. match mixkit\.config\.ts\n$/);
      expect(r.code).toBe(0);
    },
  );

  it.concurrent(
    "lint: every shipped mixin's rules and dashboards are clean",
    async ({ expect }) => {
      const r = await mixkitAsync(["lint", "--format", "json"]);
      const report = JSON.parse(r.out) as {
        findings: unknown[];
        silenced: number;
        silencedFindings: { file: string; check: string; reason: string }[];
      };
      expect(report.findings).toEqual([]);
      expect(r.code).toBe(0);
      // What is silenced is listed, each with its reason, in JSON and with --silenced.
      expect(report.silenced).toBeGreaterThan(0);
      expect(report.silencedFindings).toHaveLength(report.silenced);
      for (const f of report.silencedFindings) expect(f.reason.length, f.check).toBeGreaterThan(5);
      const [text, listed] = await Promise.all([
        mixkitAsync(["lint"]),
        mixkitAsync(["lint", "--silenced"]),
      ]);
      expect(text.out).toContain(
        `(${report.silenced} silenced with a reason; --silenced lists them)`,
      );
      const lines = listed.out.trimEnd().split("\n");
      expect(lines.filter((l) => / silenced: \S/.test(l))).toHaveLength(report.silenced);
      expect(lines.at(-1)).toContain(`(${report.silenced} silenced with a reason)`);
      expect(listed.code).toBe(0);
    },
  );

  it.concurrent(
    "test: every committed promtool test file runs and passes, one per evaluation interval",
    async ({ expect }) => {
      const r = await mixkitAsync(["test"]);
      const committed = filesEndingWith("rules", ".test.yaml");
      // Flux's day-long scenarios are in a test file of their own, evaluated every 10 minutes.
      expect(committed).toContain("rules/flux/flux.rules.eval-10m.test.yaml");
      const ran = [...r.out.matchAll(/^ {2}ok {6}(\S+)$/gm)].map((m) => m[1]).sort();
      // And again with the External Secrets 3m group held between its evaluations.
      const held = "rules/external-secrets/external-secrets.rules.group-intervals.test.yaml";
      expect(ran).toEqual([...committed, held].sort());
      expect(r.out).toContain(
        `mixkit test: ${ran.length} test files, ${ran.length} passed, 0 failed`,
      );
      expect(r.code).toBe(0);
    },
  );

  it("mixkit.config.ts type-checks against the published types", () => {
    const file = path.join(root, "mixkit.config.ts");
    const program = ts.createProgram([file], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      exactOptionalPropertyTypes: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    });
    const errors = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName === file)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(errors).toEqual([]);
    expect(readFileSync(file, "utf8")).toContain('from "mixkit"');
  });

  it("without a config, says where it looked and how to make one, and exits 2", () => {
    const r = mixkit(["build"], empty);
    expect(r.err).toContain(
      `mixkit.config.ts: not found in ${empty}; create one with \`mixkit init\``,
    );
    expect(r.code).toBe(2);
    const named = mixkit(["check", "--config", "nope.ts"], empty);
    expect(named.err).toContain("nope.ts: not found");
    expect(named.code).toBe(2);
  });
});

describe("the README's project config", () => {
  it("builds, its promtool tests pass and it lints clean", async () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const config =
      [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
        .map((m) => m[1] as string)
        .find((block) => block.includes("export default defineConfig(")) ?? "";
    expect(config).toContain("export default defineConfig(");
    const project = mkdtempSync(path.join(empty, "readme-"));
    mkdirSync(path.join(project, "node_modules"));
    symlinkSync(root, path.join(project, "node_modules/mixkit"));
    writeFileSync(path.join(project, "mixkit.config.ts"), config);
    const build = mixkit(["build"], project);
    expect(build.err).toBe("");
    expect(build.code).toBe(0);
    expect(readdirSync(path.join(project, "deploy/monitoring/rules")).sort()).toEqual([
      "external-secrets",
      "payments",
    ]);
    const [test, lint] = await Promise.all([
      mixkitAsync(["test"], project),
      mixkitAsync(["lint", "--format", "json"], project),
    ]);
    // External Secrets has a day-long scenario (10m steps) and a 3m group held at its interval.
    expect(test.out).toContain("4 test files, 4 passed, 0 failed");
    expect(test.code).toBe(0);
    // Clean but for the links an example cannot know: where the reader's Grafana and runbooks are.
    const { findings } = JSON.parse(lint.out) as { findings: { kind: string; check: string }[] };
    for (const f of findings)
      expect(["runbook-base-url-unset", "grafana-url-unset"]).toContain(f.check);
  });
});

describe("the command line", () => {
  const commands = ["build", "check", "test", "lint", "init"];

  it("prints usage with every command, and --version", async () => {
    for (const args of [["--help"], ["-h"], ["help"]]) {
      const r = await cli(args);
      expect(r.code).toBe(0);
      expect(r.out).toContain("Usage: mixkit <command> [options]");
      for (const c of commands) expect(r.out).toMatch(new RegExp(`^  ${c} +\\S`, "m"));
    }
    const version = await cli(["--version"]);
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
      version: string;
    };
    expect(version.out).toBe(pkg.version);
  });

  it("prints each command's help with --help, -h and `help <command>`", async () => {
    for (const c of commands)
      for (const args of [
        [c, "--help"],
        [c, "-h"],
        ["help", c],
      ]) {
        const r = await cli(args);
        expect(r.code, args.join(" ")).toBe(0);
        expect(r.out).toMatch(new RegExp(`^Usage: mixkit ${c}`));
        expect(r.out).toContain("-h, --help");
      }
  });

  it("exits 2 on usage errors, naming the problem", async () => {
    const cases: [string[], RegExp][] = [
      [[], /^mixkit: no command given\n\nUsage: mixkit <command> \[options\]/],
      [["frobnicate"], /^mixkit: unknown command "frobnicate"\n/],
      [["biuld"], /^mixkit: unknown command "biuld"; did you mean "build"\?\n/],
      [["lnit"], /^mixkit: unknown command "lnit"; did you mean "lint"\?\n/],
      [["build", "--ot", "x"], /^mixkit build: Unknown option '--ot'.*; did you mean --out\?\n/],
      [
        ["lint", "--formt", "json"],
        /^mixkit lint: Unknown option '--formt'.*; did you mean --format\?\n/,
      ],
      [["help", "frobnicate"], /mixkit: unknown command "frobnicate"/],
      [["build", "--bogus"], /mixkit build: Unknown option '--bogus'/],
      [["check", "extra"], /mixkit check: Unexpected argument 'extra'/],
      [["build", "--out"], /mixkit build: Option '-o, --out <value>' argument missing/],
      [["lint", "--format", "xml"], /mixkit lint: --format is text, json or github, not xml/],
      [["test", "--parallel", "0"], /mixkit test: --parallel takes a whole number above 0, not 0/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.err, args.join(" ")).toMatch(message);
      expect(r.code, args.join(" ")).toBe(2);
    }
  });
});
