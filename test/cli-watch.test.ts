/**
 * `mixkit build --watch` through the built bin on a real folder: a round per change of the config or
 * of a file it imports (one found later included), one line each, only changed files written; a
 * config error shown while the last good output stays; recovery; Ctrl-C exits 0.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkedProject } from "./fixtures/linked-project.js";
import { snapshot as snapshotOf } from "./fixtures/file-tree.js";

const root = path.resolve(import.meta.dirname, "..");
/** The Node.js that runs the bin: this one, or MIXKIT_TEST_NODE to try another version too. */
const node = process.env["MIXKIT_TEST_NODE"] ?? process.execPath;
const bin = path.join(root, "dist/cli/main.js");
const tmp = mkdtempSync(path.join(tmpdir(), "mixkit-watch-"));
const project = path.join(tmp, "monitoring");

/** A running `mixkit <args> --watch`, its output read line by line as it comes. */
class Watcher {
  readonly out: string[] = [];
  readonly err: string[] = [];
  private readonly waiting: (() => void)[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(args: readonly string[], cwd = project) {
    this.child = spawn(node, [bin, ...args], { cwd });
    const lines = (into: string[]) => {
      let rest = "";
      return (chunk: Buffer) => {
        const parts = (rest + chunk.toString()).split("\n");
        rest = parts.pop() ?? "";
        into.push(...parts);
        for (const wake of this.waiting.splice(0)) wake();
      };
    };
    this.child.stdout?.on("data", lines(this.out));
    this.child.stderr?.on("data", lines(this.err));
    this.exited = new Promise((done) => this.child.on("exit", (code) => done(code)));
  }

  /** The `count`-th line of `stream` matching `pattern` (1-based), once it has been printed. */
  async line(stream: "out" | "err", pattern: RegExp, count = 1, timeout = 20_000): Promise<string> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const found = this[stream].filter((l) => pattern.test(l));
      if (found.length >= count) return found[count - 1] as string;
      if (Date.now() > deadline)
        throw new Error(
          `no line ${count} matching ${pattern} on std${stream} in ${timeout} ms:\n${this.out.join("\n")}\n${this.err.join("\n")}`,
        );
      await new Promise<void>((wake) => {
        this.waiting.push(wake);
        setTimeout(wake, 200);
      });
    }
  }

  stop(): void {
    this.child.kill("SIGINT");
  }
}

const write = (file: string, text: string) => writeFileSync(path.join(project, file), text);

/** Every file under the output folder with its text and modification time. */
const snapshot = (dir = path.join(project, "out")) => snapshotOf(dir);

const config = (imports: string, mixins: string) =>
  [
    'import { defineConfig } from "mixkit";',
    imports,
    `export default defineConfig({ outDir: "out", mixins: { ${mixins} } });`,
    "",
  ].join("\n");

let watcher: Watcher;
beforeAll(() => {
  linkedProject(
    project,
    {
      "spire.ts":
        'export const spire = { caTTL: "96h", caExpiringSoon: { within: "12h" } } as const;\n',
      "mixkit.config.ts": config('import { spire } from "./spire.js";', "spire"),
    },
    { name: "monitoring", type: "module" },
  );
  watcher = new Watcher(["build", "--watch"]);
});
afterAll(async () => {
  watcher.stop();
  await watcher.exited;
  rmSync(tmp, { recursive: true, force: true });
});

describe("mixkit build --watch", () => {
  it("builds at once, one line naming what it wrote and the alerts and records it added", async () => {
    const first = await watcher.line("out", /^mixkit build:/);
    expect(first).toMatch(
      /^mixkit build: \d+ written, 0 removed, 0 unchanged in out; alerts \+\d+ -0, records \+\d+ -0 \(\d+ ms\)$/,
    );
    expect(readFileSync(path.join(project, "out/rules/spire/spire.rules.yaml"), "utf8")).toContain(
      "43200",
    );
  });

  it("rebuilds when an imported file changes, writing only the files that changed", async () => {
    const before = snapshot();
    write(
      "spire.ts",
      'export const spire = { caTTL: "96h", caExpiringSoon: { within: "6h" } } as const;\n',
    );
    const line = await watcher.line("out", /^mixkit build:/, 2);
    const after = snapshot();
    const changed = [...after.keys()].filter((f) => after.get(f) !== before.get(f));
    expect(changed.length).toBeGreaterThan(0);
    const written =
      changed.length <= 3
        ? `written ${changed.map((f) => f.split(path.sep).join("/")).join(", ")}`
        : `${changed.length} written`;
    expect(line.replace(/\(\d+ ms\)$/, "(N ms)")).toBe(
      `mixkit build: ${written}, 0 removed, ${after.size - changed.length} unchanged in out; alerts +0 -0, records +0 -0 (N ms)`,
    );
    expect(readFileSync(path.join(project, "out/rules/spire/spire.rules.yaml"), "utf8")).toContain(
      "21600",
    );
  });

  it("shows a config error and keeps the last good output, then recovers", async () => {
    const before = snapshot();
    write("spire.ts", "export const spire = {\n  caExpiringSoon: ,\n};\n");
    expect(await watcher.line("err", /could not be loaded/)).toBe(
      "mixkit.config.ts: could not be loaded: spire.ts:2:19: Expression expected",
    );
    await watcher.line("err", /^mixkit build: watching; the last good output stays/);
    expect(snapshot()).toEqual(before);

    write(
      "spire.ts",
      'export const spire = { caTTL: "96h", caExpiringSoon: { within: "6h" }, cluster: 1 } as const;\n',
    );
    await watcher.line("err", /^ {2}- mixins\.spire: /);
    await watcher.line("err", /^mixkit build: watching; the last good output stays/, 2);
    expect(snapshot()).toEqual(before);

    write(
      "spire.ts",
      'export const spire = { caTTL: "96h", caExpiringSoon: { within: "12h" } } as const;\n',
    );
    expect(await watcher.line("out", /^mixkit build:/, 3)).toMatch(
      /^mixkit build: [1-9]\d* written, /,
    );
    const check = spawnSync(node, [bin, "check"], { cwd: project, encoding: "utf8" });
    expect(check.stdout).toContain("match mixkit.config.ts");
    expect(check.status).toBe(0);
  });

  it("follows imports the config gains, and counts the alerts added and removed", async () => {
    write("flux.ts", "export const flux = {};\n");
    write(
      "mixkit.config.ts",
      config(
        'import { spire } from "./spire.js";\nimport { flux } from "./flux.js";',
        "spire, flux",
      ),
    );
    expect(await watcher.line("out", /^mixkit build:/, 4)).toMatch(
      /; alerts \+[1-9]\d* -0, records \+[1-9]\d* -0 \(/,
    );
    // flux.ts was not read before this round: a change to it is seen only if the round found it.
    write("flux.ts", 'export const flux = { sources: ["legacy"] } as const;\n');
    expect(await watcher.line("out", /^mixkit build:/, 5)).toMatch(
      /^mixkit build: [1-9]\d* written, /,
    );
    write("mixkit.config.ts", config('import { spire } from "./spire.js";', "spire"));
    expect(await watcher.line("out", /^mixkit build:/, 6)).toMatch(
      /, [1-9]\d* removed, .*; alerts \+0 -[1-9]\d*, records \+0 -[1-9]\d* \(/,
    );
  });

  it("stops on Ctrl-C with exit code 0", async () => {
    watcher.stop();
    expect(await watcher.exited).toBe(0);
  });
});

describe("mixkit test --watch and mixkit lint --watch", () => {
  const dir = path.join(tmp, "payments");
  const source = (forTime: string, runbook: boolean) =>
    [
      "import {",
      "  alert, defineConfig, expectAlert, expectNoAlert, gauge, group, max, scenario, series, steady,",
      '} from "mixkit";',
      'const up = gauge("payments_up", ["instance"]);',
      'const down = alert("PaymentsDown", {',
      '  expr: max(up).by("instance").eq(0),',
      `  for: "${forTime}",`,
      '  severity: "critical",',
      '  summary: "A payments instance is down.",',
      "  description: (t) => `${t.labels.instance} is down.`,",
      ...(runbook ? ['  runbookUrl: "https://runbooks.example.com/payments#paymentsdown",'] : []),
      "});",
      "export default defineConfig({",
      "  custom: [{",
      '    name: "payments",',
      '    groups: [group("payments", [down])],',
      '    scenarios: [scenario("fires after 5 minutes down", {',
      '      series: [series(up, { instance: "a" }, steady(0, 20))],',
      '      expect: [expectNoAlert(down, "4m"), expectAlert(down, "6m", { instance: "a" })],',
      "    })],",
      "  }],",
      "});",
      "",
    ].join("\n");
  const config = path.join(dir, "mixkit.config.ts");
  let tests: Watcher;
  let lint: Watcher;
  beforeAll(() => {
    linkedProject(
      dir,
      { "mixkit.config.ts": source("5m", true) },
      { name: "payments", type: "module" },
    );
    tests = new Watcher(["test", "--watch"], dir);
    lint = new Watcher(["lint", "--watch"], dir);
  });
  afterAll(async () => {
    tests.stop();
    lint.stop();
    await Promise.all([tests.exited, lint.exited]);
  });

  it("run at once, then again after each change, with each round's result", async () => {
    expect(await tests.line("out", /^mixkit test:/)).toMatch(
      /^mixkit test: 1 test file, 1 passed, 0 failed \(\d+ ms\)$/,
    );
    expect(await lint.line("out", /^mixkit lint:/)).toMatch(
      /^mixkit lint: 0 findings in mixkit\.config\.ts \(\d+ ms\)$/,
    );
    writeFileSync(config, source("10m", false));
    expect(await tests.line("out", /^mixkit test:/, 2)).toMatch(/ 0 passed, 1 failed \(/);
    expect(tests.out).toContain("  FAILED  rules/payments/payments.rules.test.yaml");
    expect(await lint.line("out", /^mixkit lint:/, 2)).toMatch(/^mixkit lint: 1 finding in /);
    expect(lint.out).toContain(
      'rules/payments/payments.rules.yaml: group "payments", alert "PaymentsDown": add a runbookUrl so whoever is paged knows what to do [runbook-missing]',
    );
    writeFileSync(config, source("5m", true));
    expect(await tests.line("out", /^mixkit test:/, 3)).toMatch(/ 1 passed, 0 failed \(/);
    expect(await lint.line("out", /^mixkit lint:/, 3)).toMatch(/ 0 findings /);
  });

  it("print text only", () => {
    const r = spawnSync(node, [bin, "lint", "--watch", "--format", "json"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(r.stderr.trim()).toBe("mixkit lint: --watch prints text; leave out --format json");
    expect(r.status).toBe(2);
  });

  it("stop on Ctrl-C with exit code 0", async () => {
    tests.stop();
    lint.stop();
    expect(await Promise.all([tests.exited, lint.exited])).toEqual([0, 0]);
  });
});
