/**
 * What the command loads: only the code of the command that runs, and only the shipped mixins the
 * config enables, so a start does not grow with commands or mixins a project does not use. Every
 * module Node loads is logged by a module hook preloaded into the built bin's process.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkedProject } from "./fixtures/linked-project.js";

const root = path.resolve(import.meta.dirname, "..");
/** The Node.js that runs the bin: this one, or MIXKIT_TEST_NODE to try another version too. */
const node = process.env["MIXKIT_TEST_NODE"] ?? process.execPath;
const dist = path.join(root, "dist");
const bin = path.join(dist, "cli/main.js");
const logLoads = path.join(root, "test/fixtures/start/log-loads.mjs");
const project = mkdtempSync(path.join(tmpdir(), "mixkit-start-"));
afterAll(() => rmSync(project, { recursive: true, force: true }));

beforeAll(() => {
  linkedProject(
    project,
    {
      "mixkit.config.ts":
        'import { defineConfig } from "mixkit";\nexport default defineConfig({ mixins: { spire: { grafanaUrl: "https://grafana.corp.test", runbookBaseUrl: "https://wiki.corp.test/spire" } } });\n',
    },
    { name: "start", type: "module" },
  );
});

/** The modules of mixkit's dist/ a command loaded, relative to dist/, and its exit code. */
function loaded(args: readonly string[]) {
  const r = spawnSync(node, ["--import", logLoads, bin, ...args], {
    cwd: project,
    encoding: "utf8",
  });
  const modules = r.stderr
    .split("\n")
    .flatMap((line) => /^mixkit-test-loaded file:\/\/(.*)$/.exec(line)?.[1] ?? [])
    .filter((file) => file.startsWith(`${dist}/`))
    .map((file) => path.relative(dist, file));
  return { modules: new Set(modules), code: r.status, out: r.stdout };
}

describe("the command loads only what it runs", () => {
  it("--help and --version load the command line alone", () => {
    for (const args of [["--help"], ["--version"]]) {
      const { modules, code } = loaded(args);
      expect(code).toBe(0);
      expect([...modules].sort()).toEqual([
        "cli/command.js",
        "cli/io.js",
        "cli/main.js",
        "cli/report-format.js",
        "cli/run.js",
        "cli/suggest.js",
        // Where Node's compile cache goes (Node 22.1 and later).
        "project/loader/cache.js",
      ]);
    }
    // A command's help loads that command, not the others.
    const { modules } = loaded(["help", "lint"]);
    expect(modules.has("cli/lint.js")).toBe(true);
    expect([...modules].filter((m) => /^cli\/(build|check|test|verify|init)\.js$/.test(m))).toEqual(
      [],
    );
  });

  it.each(["build", "check", "lint"])(
    "%s loads only the shipped mixins the config enables",
    (command) => {
      const { modules, code, out } = loaded([command]);
      expect(code, out).toBe(0);
      expect(modules.has("mixins/spire/index.js")).toBe(true);
      const others = [...modules].filter((m) =>
        /^mixins\/(external-secrets|flux|progressive-delivery)\//.test(m),
      );
      expect(others).toEqual([]);
      // Nor the other commands' code.
      for (const other of ["build", "check", "lint", "test", "verify", "init"].filter(
        (c) => c !== command,
      ))
        expect(modules.has(`cli/${other}.js`), `cli/${other}.js`).toBe(false);
    },
  );
});
