/**
 * The config loader of the built package, in processes of its own (as the bin runs it): TypeScript
 * with the import styles projects use, plain JavaScript in a package without a type, errors at their
 * 1-based line and column, fresh modules on every load with the files they came from (for watch
 * mode), and the strip cache: used when the source is the same, never when it changed, and optional.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkedProject } from "./fixtures/linked-project.js";

const root = path.resolve(import.meta.dirname, "..");
/** The Node.js that runs the bin: this one, or MIXKIT_TEST_NODE to try another version too. */
const node = process.env["MIXKIT_TEST_NODE"] ?? process.execPath;
const driver = path.join(root, "test/fixtures/load/driver.mjs");
const tmp = mkdtempSync(path.join(tmpdir(), "mixkit-load-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Step = { load: string; shownAs?: string; cwd?: string } | { write: string; text: string };
interface Result {
  ok: boolean;
  config?: unknown;
  files?: string[];
  error?: string;
}

/** Runs the steps in one process; the results of its loads and the warnings it printed. */
function run(steps: readonly Step[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(node, [driver, JSON.stringify(steps)], {
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  if (r.status !== 0) throw new Error(`the driver failed:\n${r.stdout}${r.stderr}`);
  const out = JSON.parse(r.stdout) as { results: Result[]; warnings: string[] };
  return { ...out, stderr: r.stderr };
}

/** A project folder with mixkit installed (a link to this repository) and the given files. */
const project = (name: string, files: Record<string, string>) =>
  linkedProject(path.join(tmp, name), files);

describe("a TypeScript config", () => {
  let dir: string;
  let results: Result[];
  let warnings: string[];
  let stderr: string;
  beforeAll(() => {
    dir = project("ts", {
      "mixkit.config.ts": [
        'import { defineConfig } from "mixkit";',
        'import { alerts } from "./monitoring/alerts.js";',
        'import { owner } from "./monitoring/lib";',
        'import type { Thresholds } from "./monitoring/thresholds";',
        'import { thresholds } from "./monitoring/thresholds";',
        'import pageLimits from "./monitoring/limits.json" with { type: "json" };',
        'import { channel } from "./monitoring/channel.mjs";',
        "",
        "const limits: Thresholds = thresholds;",
        'const here: string = new URL(".", import.meta.url).pathname;',
        "const later: number = await Promise.resolve(limits.errors);",
        "export default defineConfig({",
        '  outDir: here.endsWith("/ts/") ? "out" : "wrong",',
        "  custom: [],",
        '  extraAlertLabels: { team: owner, alerts: alerts.join(","), errors: String(later), pages: pageLimits.pages, channel },',
        "});",
      ].join("\n"),
      "monitoring/alerts.ts": 'export const alerts: readonly string[] = ["A", "B"];\n',
      "monitoring/limits.json": '{ "pages": "3" }\n',
      "monitoring/channel.mts": 'export const channel: string = "#platform";\n',
      "monitoring/lib/index.ts": "export const owner = <const T,>(x: T): T => x;\n".replace(
        "export const owner = <const T,>(x: T): T => x;",
        'const id = <T,>(x: T): T => x;\nexport const owner: string = id("platform");',
      ),
      "monitoring/thresholds.ts":
        "export interface Thresholds { readonly errors: number }\nexport const thresholds: Thresholds = { errors: 5 };\n",
    });
    const config = path.join(dir, "mixkit.config.ts");
    const alerts = path.join(dir, "monitoring/alerts.ts");
    ({ results, warnings, stderr } = run([
      { load: config },
      { write: alerts, text: 'export const alerts: readonly string[] = ["C"];\n' },
      { load: config },
    ]));
  });

  it("loads with .js, extensionless and folder imports of .ts files, .mjs for .mts, JSON, import.meta and top-level await", () => {
    expect(results[0], results[0]?.error).toMatchObject({
      ok: true,
      config: {
        outDir: "out",
        custom: [],
        extraAlertLabels: {
          team: "platform",
          alerts: "A,B",
          errors: "5",
          pages: "3",
          channel: "#platform",
        },
      },
    });
  });

  it("names every file of the user's it read, and none of mixkit's", () => {
    expect(results[0]?.files).toEqual(
      [
        "mixkit.config.ts",
        "monitoring/alerts.ts",
        "monitoring/channel.mts",
        "monitoring/lib/index.ts",
        "monitoring/limits.json",
        "monitoring/thresholds.ts",
      ].map((f) => path.join(dir, f)),
    );
  });

  it("evaluates the user's modules afresh on the next load", () => {
    expect(results[1]).toMatchObject({ ok: true, config: { extraAlertLabels: { alerts: "C" } } });
    expect(results[1]?.files).toEqual(results[0]?.files);
  });

  it("prints no warning", () => {
    expect(warnings).toEqual([]);
    expect(stderr).toBe("");
  });
});

describe("a plain JavaScript config", () => {
  it("loads as an ES module in a package without a type, without Node's warning", () => {
    const dir = project("js", {
      "mixkit.config.js":
        'import { defineConfig } from "mixkit";\nimport { team } from "./team.js";\nexport default defineConfig({ extraAlertLabels: { team } });\n',
      "team.js": 'export const team = "platform";\n',
    });
    const { results, warnings, stderr } = run([{ load: path.join(dir, "mixkit.config.js") }]);
    expect(results[0], results[0]?.error).toMatchObject({
      ok: true,
      config: { extraAlertLabels: { team: "platform" } },
    });
    expect(warnings).toEqual([]);
    expect(stderr).toBe("");
  });
});

describe("a config that cannot be loaded", () => {
  let dir: string;
  let results: Result[];
  const load = (file: string): Step => ({ load: path.join(dir, file), shownAs: file, cwd: dir });
  beforeAll(() => {
    // A folder name with a space and a non-ASCII letter: places are still named as typed.
    dir = project("errors in café", {
      "syntax.config.ts": "// a comment\nexport default {\n  outDir: ,\n};\n",
      "imports-broken.config.ts": 'import { x } from "./lib/broken";\nexport default { x };\n',
      "lib/broken.ts": "export const x: number =\n  1 +\n  2 +;\n",
      "throws.config.ts":
        'const limit: number = 3;\nif (limit > 2) {\n  throw new Error("limit too high");\n}\nexport default {};\n',
      "enum.config.ts": "enum Severity { Warning }\nexport default { s: Severity.Warning };\n",
      "syntax.config.mjs": "export default {\n  a: 1,,\n};\n",
      "no-default.config.ts": "export const config = {};\n",
      "missing-import.config.ts": 'import { x } from "./nowhere.js";\nexport default { x };\n',
      "unfinished.config.ts": "export default {\n",
      "promql.config.ts":
        'import { raw } from "mixkit";\nraw("sum(rate(x[5m]) by (job)", { labels: ["job"] });\nexport default {};\n',
    });
    ({ results } = run([
      load("syntax.config.ts"),
      load("imports-broken.config.ts"),
      load("throws.config.ts"),
      load("enum.config.ts"),
      load("syntax.config.mjs"),
      load("no-default.config.ts"),
      load("missing-import.config.ts"),
      load("unfinished.config.ts"),
      load("promql.config.ts"),
    ]));
  });
  const error = (i: number) => {
    expect(results[i]?.ok).toBe(false);
    return results[i]?.error ?? "";
  };

  it("a TypeScript syntax error: the file, 1-based line and column, and the reason", () => {
    expect(error(0)).toBe(
      "syntax.config.ts: could not be loaded: syntax.config.ts:3:11: Expression expected",
    );
  });

  it("a syntax error in an imported file names that file", () => {
    expect(error(1)).toBe(
      "imports-broken.config.ts: could not be loaded: lib/broken.ts:3:6: Expression expected",
    );
  });

  it("an exception names where the config threw", () => {
    expect(error(2)).toBe(
      "throws.config.ts: could not be loaded: limit too high\n    at throws.config.ts:3:9",
    );
  });

  it("syntax that type stripping cannot erase is refused with its place", () => {
    expect(error(3)).toBe(
      "enum.config.ts: could not be loaded: enum.config.ts:1:1: TypeScript enum is not supported in strip-only mode",
    );
  });

  it("a JavaScript syntax error: the file, line and column", () => {
    expect(error(4)).toMatch(
      /^syntax\.config\.mjs: could not be loaded: Unexpected token ','\n {4}at syntax\.config\.mjs:2:8$/,
    );
  });

  it("a file that ends too early: the place where it ends", () => {
    expect(error(7)).toBe(
      "unfinished.config.ts: could not be loaded: unfinished.config.ts:1:17: Unexpected eof",
    );
  });

  it("a message drawn with a caret keeps the caret under its column", () => {
    const lines = error(8).split("\n");
    expect(lines[0]).toMatch(/PromQL syntax error at line 1, column 17: /);
    const source = lines.find((l) => /^\s+sum\(rate/.test(l)) ?? "";
    const caret = lines.find((l) => /^\s*\^$/.test(l)) ?? "";
    expect(caret.indexOf("^") - source.indexOf("sum")).toBe(16);
    expect(lines.at(-1)).toBe("    at promql.config.ts:2:1");
  });

  it("no default export, and a missing import, each say so", () => {
    expect(error(5)).toBe(
      "no-default.config.ts: has no default export; end it with `export default defineConfig({ ... })`",
    );
    expect(error(6)).toMatch(
      /^missing-import\.config\.ts: could not be loaded: Cannot find module .*nowhere\.js/,
    );
  });
});

describe("the strip cache", () => {
  let dir: string;
  let config: string;
  const cacheDir = () => path.join(dir, "node_modules/.cache/mixkit/strip");
  beforeAll(() => {
    dir = project("cache", { "mixkit.config.ts": "const n: number = 1;\nexport default { n };\n" });
    config = path.join(dir, "mixkit.config.ts");
  });

  it("keeps one entry per source file in the project's node_modules/.cache", () => {
    expect(run([{ load: config }]).results[0]).toMatchObject({ ok: true, config: { n: 1 } });
    expect(readdirSync(cacheDir())).toHaveLength(1);
  });

  it("serves an unchanged source from its entry, and strips a changed one again", () => {
    const [entry] = readdirSync(cacheDir());
    const file = path.join(cacheDir(), entry as string);
    const [header] = readFileSync(file, "utf8").split("\n");
    // An entry whose code differs from what stripping gives proves it was read, not remade.
    writeFileSync(file, `${header}\nexport default { n: "from the cache" };\n`);
    expect(run([{ load: config }]).results[0]).toMatchObject({ config: { n: "from the cache" } });
    writeFileSync(config, "const n: number = 2;\nexport default { n };\n");
    expect(run([{ load: config }]).results[0]).toMatchObject({ config: { n: 2 } });
    expect(readdirSync(cacheDir())).toHaveLength(1);
  });

  it("is optional: an unwritable cache folder or MIXKIT_CACHE_DIR= still loads", () => {
    const blocked = path.join(dir, "a-file");
    writeFileSync(blocked, "");
    const underFile = run([{ load: config }], { MIXKIT_CACHE_DIR: path.join(blocked, "cache") });
    expect(underFile.results[0], underFile.results[0]?.error).toMatchObject({
      ok: true,
      config: { n: 2 },
    });
    expect(underFile.stderr).toBe("");
    rmSync(cacheDir(), { recursive: true });
    expect(run([{ load: config }], { MIXKIT_CACHE_DIR: "" }).results[0]).toMatchObject({
      config: { n: 2 },
    });
    expect(existsSync(cacheDir())).toBe(false);
  });
});
