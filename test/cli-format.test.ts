/**
 * `--format json` and `--format github` of check, lint, test and verify: the escaping and placing
 * functions on their own, then the commands on one project with real findings (lint findings, a
 * hand-edited output folder, failing promtool tests; test/fixtures/cli/format/shop.ts), in process
 * and through the built bin. Every annotation's line is read back from the file it names.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkedProject } from "./fixtures/linked-project.js";
import {
  failedTestGroups,
  firstDifferentLine,
  jsonPathLocation,
  ruleLocation,
  testGroupLocations,
} from "../src/generate/locate.js";
import { manifestText } from "../src/generate/manifest.js";
import type { Io } from "../src/cli/io.js";
import {
  annotation,
  annotationPath,
  errorPlace,
  errorReport,
  escapeData,
  escapeProperty,
} from "../src/cli/report-format.js";
import { runCli } from "../src/cli/run.js";
import * as mixkitApi from "../src/index.js";
import { alert, emitRuleFile, gauge, group, max, record } from "../src/index.js";

const root = path.resolve(import.meta.dirname, "..");
const bin = path.join(root, "dist/cli/main.js");

/** Reverses the escaping as the Actions runner does (ActionCommand.cs). */
const unescapeData = (s: string) =>
  s.replaceAll("%0D", "\r").replaceAll("%0A", "\n").replaceAll("%25", "%");
const unescapeProperty = (s: string) =>
  unescapeData(s.replaceAll("%3A", ":").replaceAll("%2C", ","));

interface Parsed {
  readonly level: string;
  readonly properties: Record<string, string>;
  readonly message: string;
}

/** A workflow command line read as the runner reads it. */
function parseAnnotation(line: string): Parsed {
  const m = /^::(\w+)(?: ([^:]*))?::(.*)$/s.exec(line);
  if (m === null) throw new Error(`not a workflow command: ${line}`);
  const properties = Object.fromEntries(
    (m[2] ?? "")
      .split(",")
      .filter(Boolean)
      .map((p) => {
        const eq = p.indexOf("=");
        return [p.slice(0, eq), unescapeProperty(p.slice(eq + 1))];
      }),
  );
  return { level: m[1] as string, properties, message: unescapeData(m[3] as string) };
}

describe("report-format: workflow commands", () => {
  it("escapes messages and properties as the Actions toolkit does", () => {
    expect(escapeData("100% done\r\nnext: a, b")).toBe("100%25 done%0D%0Anext: a, b");
    expect(escapeData("literal %0A stays literal")).toBe("literal %250A stays literal");
    expect(escapeProperty("mixkit lint: a, b\n%")).toBe("mixkit lint%3A a%2C b%0A%25");
    expect(escapeProperty("")).toBe("");
  });

  it("round-trips any text through the runner's unescaping, leaving no separator", () => {
    const text = fc.string({
      unit: fc.constantFrom("%", ":", ",", "\r", "\n", "0", "A", "D", "x"),
    });
    fc.assert(
      fc.property(text, (s) => {
        const property = escapeProperty(s);
        expect(unescapeProperty(property)).toBe(s);
        expect(property).not.toMatch(/[:,\r\n]/);
        const data = escapeData(s);
        expect(unescapeData(data)).toBe(s);
        expect(data).not.toMatch(/[\r\n]/);
      }),
    );
  });

  it("writes file, line, col and title in that order, leaving out what is absent", () => {
    expect(
      annotation({
        level: "error",
        file: "deploy/rules/a,b.yaml",
        line: 12,
        col: 9,
        title: "mixkit lint: rate-window",
        message: 'group "g": 1m\nis short',
      }),
    ).toBe(
      '::error file=deploy/rules/a%2Cb.yaml,line=12,col=9,title=mixkit lint%3A rate-window::group "g": 1m%0Ais short',
    );
    expect(annotation({ level: "warning", file: "a.json", line: undefined, message: "m" })).toBe(
      "::warning file=a.json::m",
    );
    expect(annotation({ level: "error", title: "", message: "a::b" })).toBe("::error::a::b");
    const parsed = parseAnnotation(
      annotation({ level: "error", file: "x:y.yaml", line: 3, message: "100%\r\n" }),
    );
    expect(parsed).toEqual({
      level: "error",
      properties: { file: "x:y.yaml", line: "3" },
      message: "100%\r\n",
    });
  });

  it("names files relative to the working folder with / separators", () => {
    expect(annotationPath("/repo", "/repo/deploy/rules/a.yaml")).toBe("deploy/rules/a.yaml");
    expect(annotationPath("/repo/sub", "/repo/deploy/a.yaml")).toBe("../deploy/a.yaml");
    expect(annotationPath("/repo", "deploy/a.yaml")).toBe("deploy/a.yaml");
  });

  it("finds the file, line and column an error message names", () => {
    const cases: [string, ReturnType<typeof errorPlace>][] = [
      [
        "mixkit.config.ts: could not be loaded: mixkit.config.ts:5:3: Expected ',', got 'custom'",
        { file: "mixkit.config.ts", line: 5, col: 3 },
      ],
      [
        "mixkit.config.ts: could not be loaded: boom\n    at /repo/monitoring/shop.ts:4:9",
        { file: "monitoring/shop.ts", line: 4, col: 9 },
      ],
      [
        "c.ts: could not be loaded: x\n    at file:///repo/c.ts:2:7",
        { file: "c.ts", line: 2, col: 7 },
      ],
      ["c.ts: could not be loaded: x\n    at c.ts?load=1-2:2:7", { file: "c.ts", line: 2, col: 7 }],
      ["mixkit.config.ts: 1 problem:\n  - outDir: expected a string", { file: "mixkit.config.ts" }],
      ["mixkit test: promtool not found on PATH; install it", {}],
      ["mixkit check: --format is text, json or github, not xml", {}],
    ];
    for (const [message, place] of cases)
      expect(errorPlace(message, "/repo"), message).toEqual(place);
  });

  it("reports a usage or config error as an annotation or a JSON document", () => {
    const message = "mixkit.config.ts: could not be loaded: mixkit.config.ts:5:3: Expected ','";
    expect(errorReport("github", "lint", message, "/repo")).toBe(
      "::error file=mixkit.config.ts,line=5,col=3,title=mixkit lint::" + message,
    );
    expect(JSON.parse(errorReport("json", "lint", message, "/repo"))).toEqual({
      error: { message, file: "mixkit.config.ts", line: 5, column: 3 },
    });
    expect(JSON.parse(errorReport("json", "test", "mixkit test: no promtool", "/r"))).toEqual({
      error: { message: "mixkit test: no promtool" },
    });
  });
});

describe("locate: places in generated files", () => {
  it("finds the first line where a file on disk differs from the build, always one it has", () => {
    expect(firstDifferentLine("a\nb\nc\n", "a\nB\nc\n")).toBe(2);
    expect(firstDifferentLine("a\nb\n", "a\nb\nc\n")).toBe(2); // cut short: its last line
    expect(firstDifferentLine("a\nb\nc\nd\n", "a\nb\n")).toBe(3); // longer: its first extra line
    expect(firstDifferentLine("", "a\n")).toBe(1);
    expect(firstDifferentLine("a\r\nb\r\n", "a\nb\n")).toBe(1);
  });

  it("finds a group's name line and a rule's first line by index, with repeated names", () => {
    const up = gauge("up", ["job"]);
    const spec = {
      severity: "warning",
      summary: "A job is down.",
      description: (t: { labels: { job: string } }) => `${t.labels.job} is down.`,
      runbookUrl: "https://runbooks.example.com/up",
    } as const;
    const text = emitRuleFile([
      group("records", [record("job:up:max", max(up).by("job"))]),
      group("alerts", [
        alert("JobDown", { ...spec, expr: max(up).by("job").eq(0), for: "5m" }),
        alert("JobDown", { ...spec, expr: max(up).by("job").eq(0), for: "30m" }),
      ]),
    ]);
    const line = (n: number | undefined) => text.split("\n")[(n ?? 0) - 1];
    expect(line(ruleLocation(text, 1)?.line)).toBe("  - name: alerts");
    expect(line(ruleLocation(text, 0, 0)?.line)).toBe("      - record: job:up:max");
    const second = ruleLocation(text, 1, 1);
    expect(line(second?.line)).toBe("      - alert: JobDown");
    expect(line((second?.line ?? 0) + 2)).toBe("        for: 30m");
    expect(second?.column).toBe(9);
    expect(ruleLocation(text, 1, 2)).toBeUndefined();
    expect(ruleLocation(text, 2)).toBeUndefined();
  });

  it("finds a JSON path, or for a missing field the title of the nearest object that has one", () => {
    const dashboard = {
      panels: [
        { title: 'A "quoted" {panel} [0]', targets: [{ expr: "up" }], type: "stat" },
        {
          fieldConfig: { defaults: {} },
          targets: [{ expr: 'a{b="}]"}' }, { expr: "b" }],
          title: "Second",
        },
      ],
      templating: { list: [{ name: "namespace", query: 'x\\"y' }] },
      title: "Dash",
    };
    const text = JSON.stringify(dashboard, null, 2);
    const at = (p: string) => {
      const found = jsonPathLocation(text, p);
      return found === undefined ? undefined : text.split("\n")[found.line - 1]?.trim();
    };
    expect(at("panels[1].targets[1].expr")).toBe('"expr": "b"');
    expect(at("panels[1].targets[0]")).toBe("{");
    expect(at("panels[1].description")).toBe('"title": "Second"');
    expect(at("panels[1].fieldConfig.defaults.unit")).toBe('"title": "Second"');
    expect(at("panels[1].targets[7].expr")).toBe('"title": "Second"');
    expect(at("panels[0].datasource")).toBe('"title": "A \\"quoted\\" {panel} [0]",');
    expect(at("templating.list[0].refresh")).toBe('"name": "namespace",');
    expect(at("templating.list[0].query")).toBe('"query": "x\\\\\\"y"');
    expect(at("")).toBe('"title": "Dash"');
    expect(at("links[0].url")).toBe('"title": "Dash"');
    const column = jsonPathLocation(text, "panels[1].targets[1].expr")?.column;
    expect(
      text
        .split("\n")
        .find((l) => l.includes('"expr": "b"'))
        ?.indexOf('"expr"'),
    ).toBe((column ?? 0) - 1);
    expect(jsonPathLocation("[1, 2]", "a")).toBeUndefined();
  });

  it("ties promtool's failure blocks to their test groups", () => {
    const text = [
      "rule_files:",
      "  - a.rules.yaml",
      "tests:",
      '  - name: "first, with: a comma"',
      "    promql_expr_test:",
      '      - expr: up{job="a"}',
      "  - name: second",
      "    promql_expr_test:",
      '      - expr: up{job="a"}',
      "      - expr: other",
      "",
    ].join("\n");
    const groups = testGroupLocations(text);
    expect(groups).toEqual([
      { name: "first, with: a comma", line: 4, column: 5, exprs: ['up{job="a"}'] },
      { name: "second", line: 7, column: 5, exprs: ['up{job="a"}', "other"] },
    ]);
    const blocks = [
      "name: first, with: a comma,\n    alertname: A, time: 5m,",
      'expr: "up{job=\\"a\\"}", time: 5m,\n        exp: ...',
      "name: second,\n    alertname: A, time: 5m,",
      'expr: "up{job=\\"a\\"}", time: 10m,',
      'expr: "other", time: 1m,',
      "could not load rule file",
    ];
    expect(failedTestGroups(groups, blocks).map((g) => g?.name)).toEqual([
      "first, with: a comma",
      "first, with: a comma",
      "second",
      "second",
      "second",
      undefined,
    ]);
    // an expression shared by two groups goes to the later one once that one has reported
    expect(failedTestGroups(groups, [blocks[2] as string, blocks[1] as string])[1]?.name).toBe(
      "second",
    );
  });
});

// One project for every command below: built once, then edited by hand.
const tmp = mkdtempSync(path.join(tmpdir(), "mixkit-format-"));
const project = path.join(tmp, "shop-monitoring");
const out = path.join(project, "deploy");
/** The config hands the commands run in this process the sources' API (see shop.ts). */
const handoff = Symbol.for("mixkit.test.api");
/** The files as built, before the hand edits. */
const built = new Map<string, string>();

/** The 1-based line of the built file that is exactly `text` (there must be one only). */
function lineOf(file: string, text: string): number {
  const lines = (built.get(file) ?? "").split("\n");
  const found = lines.flatMap((l, i) => (l === text ? [i + 1] : []));
  if (found.length !== 1)
    throw new Error(`${file}: ${found.length} lines are ${JSON.stringify(text)}`);
  return found[0] as number;
}

beforeAll(async () => {
  linkedProject(project, {});
  copyFileSync(path.join(root, "test/fixtures/cli/format/shop.ts"), path.join(project, "shop.ts"));
  writeFileSync(
    path.join(project, "mixkit.config.ts"),
    `import * as installed from "mixkit";
import { shopConfig } from "./shop.js";

const handed = (globalThis as { [key: symbol]: unknown })[Symbol.for("mixkit.test.api")];
export default shopConfig((handed ?? installed) as typeof installed);
`,
  );
  (globalThis as { [key: symbol]: unknown })[handoff] = mixkitApi;
  const build = await cli(["build"]);
  expect(build.code, build.err).toBe(0);
  for (const file of [
    ".mixkit-manifest.json",
    "dashboards/shop/shop.json",
    "rules/shop/shop.rules.test.yaml",
    "rules/shop/shop.rules.yaml",
  ])
    built.set(file, readFileSync(path.join(out, file), "utf8"));
  // By hand: an alert's `for` changed, a dashboard deleted, a file the build no longer writes.
  const rules = path.join(out, "rules/shop/shop.rules.yaml");
  writeFileSync(rules, readFileSync(rules, "utf8").replace("for: 10m", "for: 15m"));
  rmSync(path.join(out, "dashboards/shop/shop.json"));
  writeFileSync(path.join(out, "rules/shop/shop.old.yaml"), "groups: []\n");
  writeFileSync(
    path.join(out, ".mixkit-manifest.json"),
    manifestText([
      "dashboards/shop/shop.json",
      "rules/shop/shop.old.yaml",
      "rules/shop/shop.rules.test.yaml",
      "rules/shop/shop.rules.yaml",
    ]),
  );
});
afterAll(() => {
  delete (globalThis as { [key: symbol]: unknown })[handoff];
  rmSync(tmp, { recursive: true, force: true });
});

/** Runs the command line in process in the project, collecting what it prints. */
async function cli(args: readonly string[]) {
  const outLines: string[] = [];
  const errLines: string[] = [];
  const io: Io = { cwd: project, out: (t) => outLines.push(t), err: (t) => errLines.push(t) };
  const code = await runCli(args, io);
  return { code, out: outLines.join("\n"), err: errLines.join("\n") };
}

/** The built bin, as CI runs it. */
function mixkit(args: readonly string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: project, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The line an annotation points at, read from the file it names (relative to the project). */
function pointedAt(a: Parsed): string | undefined {
  const { file, line } = a.properties;
  if (file === undefined || line === undefined) return undefined;
  return readFileSync(path.join(project, file), "utf8").split("\n")[Number(line) - 1];
}

/** The line of the dashboard as built (the hand edit deleted it from disk). */
const builtDashboardLine = (line: number) =>
  (built.get("dashboards/shop/shop.json") ?? "").split("\n")[line - 1];

describe("mixkit lint --format", () => {
  const rules = "deploy/rules/shop/shop.rules.yaml";
  const board = "deploy/dashboards/shop/shop.json";
  // Where the findings are, found by their text in the built files.
  const rate1m = () =>
    lineOf("rules/shop/shop.rules.yaml", "      - record: service:shop_requests:rate1m");
  const shopDown = () => lineOf("rules/shop/shop.rules.yaml", "      - alert: ShopDown");
  const requestsTitle = () => lineOf("dashboards/shop/shop.json", '      "title": "Requests",');
  const requestsExpr = () =>
    lineOf(
      "dashboards/shop/shop.json",
      '          "expr": "sum by (service) (rate(shop_requests_total[5m]))",',
    );

  it("github: an ::error per finding on its rule's or panel's line, then the summary", async () => {
    const r = await cli(["lint", "--format", "github"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(1);
    const lines = r.out.split("\n");
    expect(lines).toEqual([
      `::error file=${rules},line=${rate1m()},col=9,title=mixkit lint%3A rate-window::group "shop-records", record "service:shop_requests:rate1m", field "expr": rate() over 1m spans fewer than 4 scrapes of 30s; use at least 2m`,
      `::error file=${rules},line=${shopDown()},col=9,title=mixkit lint%3A summary-style::group "shop-alerts", alert "ShopDown": write the summary as a sentence: a capital letter first, a full stop last`,
      expect.stringMatching(
        new RegExp(
          `^::error file=${board},line=${requestsTitle()},col=7,title=mixkit lint%3A panel-description::panel "Requests" \\(id \\d+\\) \\(panels\\[1\\]\\.description\\): describe what the panel shows and what to do about it$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^::error file=${board},line=${requestsExpr()},col=11,title=mixkit lint%3A target-rate-interval::panel "Requests" \\(id \\d+\\), query A \\(panels\\[1\\]\\.targets\\[0\\]\\.expr\\): rate\\(\\) should use \\[\\$__rate_interval\\]`,
        ),
      ),
      "mixkit lint: 4 findings in mixkit.config.ts",
    ]);
    const [rate, summary, description, interval] = lines.map((l) =>
      l.startsWith("::") ? parseAnnotation(l) : undefined,
    );
    // The rules file on disk was edited below these lines only; the dashboard is not on disk.
    expect(pointedAt(rate as Parsed)).toBe("      - record: service:shop_requests:rate1m");
    expect(pointedAt(summary as Parsed)).toBe("      - alert: ShopDown");
    const builtAt = (a: Parsed | undefined) => builtDashboardLine(Number(a?.properties["line"]));
    expect(builtAt(description)).toBe('      "title": "Requests",');
    expect(builtAt(interval)).toBe(
      '          "expr": "sum by (service) (rate(shop_requests_total[5m]))",',
    );
    expect([description, interval].map((a) => a?.properties["col"])).toEqual(["7", "11"]);
  });

  it("json: the findings with their line and column, compatible with what it was", async () => {
    const r = await cli(["lint", "--format", "json"]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { findings: Record<string, unknown>[]; silenced: number };
    expect(report.silenced).toBe(0);
    expect(report.findings.map((f) => [f["file"], f["check"], f["line"], f["column"]])).toEqual([
      ["rules/shop/shop.rules.yaml", "rate-window", rate1m(), 9],
      ["rules/shop/shop.rules.yaml", "summary-style", shopDown(), 9],
      ["dashboards/shop/shop.json", "panel-description", requestsTitle(), 7],
      ["dashboards/shop/shop.json", "target-rate-interval", requestsExpr(), 11],
    ]);
    expect(report.findings[0]).toEqual({
      kind: "rule",
      mixin: "shop",
      file: "rules/shop/shop.rules.yaml",
      check: "rate-window",
      where: 'group "shop-records", record "service:shop_requests:rate1m", field "expr"',
      message: "rate() over 1m spans fewer than 4 scrapes of 30s; use at least 2m",
      line: rate1m(),
      column: 9,
    });
    expect(report.findings[2]).toMatchObject({ kind: "dashboard", path: "panels[1].description" });
  });

  it("text: as it was, without annotations", async () => {
    const r = await cli(["lint"]);
    expect(r.out.split("\n")[0]).toBe(
      'rules/shop/shop.rules.yaml: group "shop-records", record "service:shop_requests:rate1m", field "expr": rate() over 1m spans fewer than 4 scrapes of 30s; use at least 2m [rate-window]',
    );
    expect(r.out).not.toContain("::");
  });
});

describe("mixkit check --format", () => {
  it("github: an ::error per drifted file, a changed one at its first differing line", async () => {
    const r = await cli(["check", "--format", "github"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(1);
    const fix = "run `mixkit build` and commit the result";
    // The manifest lost its line for shop.old.yaml; the rules file's `for: 10m` became 15m.
    const manifest = lineOf(".mixkit-manifest.json", '    "rules/shop/shop.rules.test.yaml",');
    const forLine = lineOf("rules/shop/shop.rules.yaml", "        for: 10m");
    expect(r.out.split("\n")).toEqual([
      `::error file=deploy/.mixkit-manifest.json,line=${manifest},title=mixkit check%3A changed::differs from what mixkit.config.ts builds (- on disk, + built); ${fix}:%0A@@ -${manifest - 1},3 +${manifest - 1},2 @@%0A     "dashboards/shop/shop.json",%0A-    "rules/shop/shop.old.yaml",%0A     "rules/shop/shop.rules.test.yaml",`,
      `::error file=deploy/dashboards/shop/shop.json,title=mixkit check%3A missing::mixkit.config.ts builds this file, and it is not in the output folder; ${fix}`,
      `::error file=deploy/rules/shop/shop.rules.yaml,line=${forLine},title=mixkit check%3A changed::differs from what mixkit.config.ts builds (- on disk, + built); ${fix}:%0A@@ -${forLine - 1},3 +${forLine - 1},3 @@%0A         expr: max by (service) (shop_up) == 0%0A-        for: 15m%0A+        for: 10m%0A         labels:`,
      `::error file=deploy/rules/shop/shop.old.yaml,title=mixkit check%3A stale::mixkit.config.ts no longer builds this file; ${fix} (the build removes it)`,
      "mixkit check: 4 files differ in deploy from what mixkit.config.ts builds",
    ]);
    const [manifestAt, , rulesAt] = r.out.split("\n").slice(0, 3).map(parseAnnotation);
    expect(pointedAt(manifestAt as Parsed)).toBe('    "rules/shop/shop.old.yaml",');
    expect(pointedAt(rulesAt as Parsed)).toBe("        for: 15m");
  });

  it("json: the drift list, with the line of each changed file", async () => {
    const r = await cli(["check", "--format", "json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toEqual({
      config: "mixkit.config.ts",
      out: "deploy",
      files: 4,
      drift: [
        {
          kind: "changed",
          path: ".mixkit-manifest.json",
          line: lineOf(".mixkit-manifest.json", '    "rules/shop/shop.rules.test.yaml",'),
        },
        { kind: "missing", path: "dashboards/shop/shop.json" },
        {
          kind: "changed",
          path: "rules/shop/shop.rules.yaml",
          line: lineOf("rules/shop/shop.rules.yaml", "        for: 10m"),
        },
        { kind: "stale", path: "rules/shop/shop.old.yaml" },
      ],
    });
  });

  it("the built bin prints the same annotations (the installed package's copy of the project)", async () => {
    const inProcess = await cli(["check", "--format", "github"]);
    const r = mixkit(["check", "--format", "github"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(1);
    expect(r.out).toBe(`${inProcess.out}\n`);
    const lint = mixkit(["lint", "-f", "github"]);
    expect(lint.out).toBe(`${(await cli(["lint", "-f", "github"])).out}\n`);
    expect(lint.code).toBe(1);
  });
});

describe("mixkit test --format", () => {
  const file = "deploy/rules/shop/shop.rules.test.yaml";
  const nameLine = (name: string) => lineOf("rules/shop/shop.rules.test.yaml", `  - name: ${name}`);

  it("github: an ::error per failing test on its test group's name line", async () => {
    const r = await cli(["test", "--format", "github"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(1);
    const lines = r.out.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      new RegExp(
        `^::error file=${file},line=${nameLine("fires when the service is down")},col=5,title=mixkit test%3A fires when the service is down::name: fires when the service is down,%0A    alertname: ShopDown, time: 5m,%0A        exp:\\[%0A.*got:\\[\\]$`,
      ),
    );
    expect(lines[1]).toBe(
      `::error file=${file},line=${nameLine("records the request rate")},col=5,title=mixkit test%3A records the request rate::expr: "service:shop_requests:rate5m", time: 10m,%0A        exp: {__name__="service:shop_requests:rate5m", service="api"} 2E+00%0A        got: {__name__="service:shop_requests:rate5m", service="api"} 1E+00`,
    );
    expect(lines[2]).toBe("mixkit test: 1 test file, 0 passed, 1 failed");
    const [fires, records] = lines.slice(0, 2).map(parseAnnotation);
    expect(pointedAt(fires as Parsed)).toBe("  - name: fires when the service is down");
    expect(pointedAt(records as Parsed)).toBe("  - name: records the request rate");
  });

  it("json: each test file, ok or with its failures and where they are", async () => {
    const r = await cli(["test", "--format", "json"]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { files: { failures: { message: string }[] }[] };
    expect(report).toEqual({
      config: "mixkit.config.ts",
      out: "deploy",
      files: [
        {
          file: "rules/shop/shop.rules.test.yaml",
          ok: false,
          failures: [
            {
              test: "fires when the service is down",
              line: nameLine("fires when the service is down"),
              column: 5,
              message: expect.stringMatching(/^name: fires when the service is down,\n/),
            },
            {
              test: "records the request rate",
              line: nameLine("records the request rate"),
              column: 5,
              message: expect.stringMatching(/^expr: "service:shop_requests:rate5m", time: 10m,/),
            },
          ],
        },
      ],
      passed: 0,
      failed: 1,
    });
  });
});

describe("mixkit verify --format", () => {
  // A real Prometheus per run (about 6 s each, run side by side): the reason this test is slow.
  it("json and github: the problems a live Prometheus finds", async () => {
    const [json, github] = await Promise.all([
      cli(["verify", "--format", "json"]),
      cli(["verify", "--format", "github"]),
    ]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toEqual({
      config: "mixkit.config.ts",
      rules: 3,
      targets: 2,
      problems: [
        {
          where: "shop rule service:shop_requests:rate1m",
          message: "records nothing on the scenarios' series",
        },
      ],
    });
    expect(github.code).toBe(1);
    expect(github.out.split("\n")).toEqual([
      "::error title=mixkit verify::shop rule service:shop_requests:rate1m: records nothing on the scenarios' series",
      "mixkit verify: 3 rules and 2 panel targets of mixkit.config.ts, 1 problem",
    ]);
  }, 60_000);
});

describe("--format on usage and config errors", () => {
  it("refuses an unknown format, naming the ones there are", async () => {
    for (const command of ["check", "lint", "test", "verify"]) {
      const r = await cli([command, "--format", "xml"]);
      expect(r.err).toBe(`mixkit ${command}: --format is text, json or github, not xml`);
      expect(r.out).toBe("");
      expect(r.code).toBe(2);
    }
  });

  it("reports an unknown option as an annotation or a document when the format was asked for", async () => {
    const github = await cli(["lint", "--bogus", "--format", "github"]);
    expect(github.code).toBe(2);
    expect(github.err).toMatch(/^mixkit lint: Unknown option '--bogus'/);
    expect(parseAnnotation(github.out)).toMatchObject({
      level: "error",
      properties: { title: "mixkit lint" },
    });
    expect(parseAnnotation(github.out).message).toMatch(/^mixkit lint: Unknown option '--bogus'/);
    const json = await cli(["check", "--format=json", "--bogus"]);
    expect(JSON.parse(json.out)).toEqual({
      error: { message: expect.stringMatching(/Unknown option '--bogus'/) },
    });
    expect((await cli(["check", "--bogus"])).out).toBe("");
  });

  it("reports a config error as an annotation at the place it names, and as a JSON document", async () => {
    writeFileSync(
      path.join(project, "broken.config.ts"),
      'import { defineConfig } from "mixkit";\nexport default defineConfig({\n  outDir: "x"\n  custom: [],\n});\n',
    );
    writeFileSync(
      path.join(project, "throws.config.ts"),
      'const shop: string = "closed";\nthrow new Error("no shop today");\nexport default { shop };\n',
    );
    writeFileSync(path.join(project, "invalid.config.ts"), "export default { outDir: 5 };\n");
    // A syntax error, through the bin as CI runs it.
    const broken = mixkit(["lint", "--config", "broken.config.ts", "--format", "github"]);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(
      /^broken\.config\.ts: could not be loaded: broken\.config\.ts:4:3: /,
    );
    const a = parseAnnotation(broken.out.trimEnd());
    expect(a).toEqual({
      level: "error",
      properties: { file: "broken.config.ts", line: "4", col: "3", title: "mixkit lint" },
      message: broken.err.trimEnd(),
    });
    expect(pointedAt(a)).toBe("  custom: [],");

    const throws = await cli(["check", "--config", "throws.config.ts", "-f", "github"]);
    expect(throws.code).toBe(2);
    expect(throws.err).toMatch(/^throws\.config\.ts: could not be loaded: no shop today\n/);
    const thrown = parseAnnotation(throws.out);
    expect(thrown).toEqual({
      level: "error",
      properties: { file: "throws.config.ts", line: "2", col: "7", title: "mixkit check" },
      message: throws.err,
    });
    expect(pointedAt(thrown)).toBe('throw new Error("no shop today");');

    const invalid = await cli(["check", "--config", "invalid.config.ts", "--format", "json"]);
    expect(invalid.code).toBe(2);
    expect(JSON.parse(invalid.out)).toEqual({
      error: { message: invalid.err, file: "invalid.config.ts" },
    });
    expect(invalid.err).toMatch(/^invalid\.config\.ts: 1 problem:\n {2}- outDir: /);

    const parallel = await cli(["test", "-j", "0", "-f", "github"]);
    expect(parallel.code).toBe(2);
    expect(parallel.out).toBe(
      "::error title=mixkit test::mixkit test: --parallel takes a whole number above 0, not 0",
    );
  });
});

describe("mixkit build --format", () => {
  it("json: what it wrote and removed, as a document", () => {
    const into = mkdtempSync(path.join(tmp, "build-json-"));
    const r = mixkit(["build", "--out", into, "--format", "json"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { written: string[]; removed: string[]; unchanged: number };
    expect(doc).toMatchObject({ config: "mixkit.config.ts", removed: [], unchanged: 0 });
    expect(doc.written).toContain("rules/shop/shop.rules.yaml");
    for (const file of doc.written)
      expect(readFileSync(path.join(into, file), "utf8")).not.toBe("");
    const again = JSON.parse(mixkit(["build", "--out", into, "-f", "json"]).out) as typeof doc;
    expect(again).toMatchObject({ written: [], removed: [], unchanged: doc.written.length });
  });

  it("github: a config error as an ::error at its place; --watch refuses a format", () => {
    writeFileSync(path.join(project, "unfinished.config.ts"), "export default {\n");
    const r = mixkit(["build", "-c", "unfinished.config.ts", "--format", "github"]);
    expect(r.code).toBe(2);
    expect(parseAnnotation(r.out.trimEnd())).toMatchObject({
      properties: { file: "unfinished.config.ts", line: "1", col: "17", title: "mixkit build" },
    });
    const watch = mixkit(["build", "--watch", "--format", "github"]);
    expect(watch.err.trim()).toBe("mixkit build: --watch prints text; leave out --format github");
    expect(watch.code).toBe(2);
  });
});
