/**
 * The installed package documents and checks itself: `mixkit init` in a fresh project (a
 * CommonJS package, as `npm init` makes) writes a tsconfig.json that `tsc --noEmit` accepts, and
 * `mixkit check --typecheck` runs the project's own TypeScript on the config, reporting each type
 * error at its file, line and column (exit 1), or says how to install TypeScript (exit 2).
 */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { installedProject } from "./fixtures/installed-package.js";

const { tmp, project, mixkit } = installedProject("typed-monitoring");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const config = path.join(project, "mixkit.config.ts");
const typescript = path.dirname(createRequire(import.meta.url).resolve("typescript/package.json"));

/** The project's own `tsc --noEmit`, as `npx tsc --noEmit` runs it. */
function tsc(): { code: number | null; out: string } {
  const r = spawnSync(
    process.execPath,
    [path.join(project, "node_modules/typescript/bin/tsc"), "--noEmit", "--pretty", "false"],
    { cwd: project, encoding: "utf8" },
  );
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** The 1-based line and column of `needle` in `text`. */
function placeOf(text: string, needle: string): string {
  const before = text.slice(0, text.indexOf(needle)).split("\n");
  return `${before.length}:${(before.at(-1) as string).length + 1}`;
}

describe("the installed package's type checks", () => {
  it("check --typecheck without TypeScript in the project: one line with the install hint, exit 2", async () => {
    const init = await mixkit(["init"]);
    expect(init.out).toContain("mixkit init: wrote mixkit.config.ts and tsconfig.json;");
    expect(init.out).toContain("npx tsc --noEmit");
    expect(init.code).toBe(0);
    expect((await mixkit(["build"])).code).toBe(0);
    const r = await mixkit(["check", "--typecheck"]);
    expect(r.out).toBe("");
    expect(r.err).toBe(
      "mixkit check --typecheck: TypeScript is not installed in this project; install it with `npm i -D typescript`\n",
    );
    expect(r.code).toBe(2);
  });

  it("the starter config and its tsconfig.json type-check, with tsc and with check --typecheck", async () => {
    symlinkSync(typescript, path.join(project, "node_modules/typescript"), "dir");
    const checked = tsc();
    expect(checked.out).toBe("");
    expect(checked.code).toBe(0);
    const r = await mixkit(["check", "--typecheck"]);
    expect(r.err).toBe("");
    expect(r.out).toMatch(
      /^mixkit check: the \d+ files in monitoring match mixkit\.config\.ts; mixkit\.config\.ts type-checks \(TypeScript [\d.]+, tsconfig\.json\)\n$/,
    );
    expect(r.code).toBe(0);
  });

  it("reports a label the metric does not have, in a file the config imports, at its place", async () => {
    const alerts = [
      'import { counter, sum, rate } from "mixkit";',
      "",
      'const issued = counter("certmanager_certificate_issued_total", ["name", "namespace"]);',
      'export const byIssuer = sum(rate(issued.where({ issuer: "x" }).range("5m"))).by("name");',
      "",
    ].join("\n");
    writeFileSync(path.join(project, "alerts.ts"), alerts);
    const text = readFileSync(config, "utf8");
    writeFileSync(
      config,
      text.replace(
        'import { defineConfig } from "mixkit";',
        'import { defineConfig } from "mixkit";\nimport "./alerts.js";',
      ),
    );
    const place = placeOf(alerts, "issuer:");
    const r = await mixkit(["check", "--typecheck"]);
    const lines = r.out.trim().split("\n");
    expect(lines[0]).toBe(
      `alerts.ts:${place}: error TS2353: Object literal may only specify known properties, and 'issuer' does not exist in type 'Matchers<"name" | "namespace">'.`,
    );
    // The builders refuse the label at run time as well: a config error, exit 2.
    expect(r.err).toContain(
      'certmanager_certificate_issued_total.where(...): "issuer" is not a label of certmanager_certificate_issued_total',
    );
    expect(r.code).toBe(2);

    const github = await mixkit(["check", "--typecheck", "--format", "github"]);
    const [line, col] = place.split(":");
    expect(github.out).toContain(
      `::error file=alerts.ts,line=${line},col=${col},title=mixkit check%3A TS2353::Object literal may only specify known properties`,
    );
    expect(github.out).toContain(
      `::error file=alerts.ts,line=${line},col=41,title=mixkit check::mixkit.config.ts: could not be loaded: certmanager_certificate_issued_total.where(...)`,
    );
    expect(github.code).toBe(2);

    const json = await mixkit(["check", "--typecheck", "--format", "json"]);
    expect(JSON.parse(json.out)).toMatchObject({
      error: { file: "alerts.ts", line: Number(line), column: 41 },
    });
    expect(json.code).toBe(2);

    // A type error the builders cannot see (a value's declared type) is a finding: exit 1.
    writeFileSync(
      path.join(project, "alerts.ts"),
      `${alerts.replace('issued.where({ issuer: "x" })', "issued")}export const threshold: number = "5";\n`,
    );
    const typeOnly = await mixkit(["check", "--typecheck", "--format", "json"]);
    expect(JSON.parse(typeOnly.out)).toMatchObject({
      drift: [],
      typeErrors: [{ file: "alerts.ts", line: 5, column: 14, code: 2322 }],
    });
    expect(typeOnly.code).toBe(1);
    // Without --typecheck, check judges the files only.
    expect((await mixkit(["check"])).code).toBe(0);
    writeFileSync(config, text);
  });

  it("refuses a mixin duration in words, in the editor and in check --typecheck", async () => {
    const text = readFileSync(config, "utf8");
    const broken = text.replace(
      '"external-secrets": {',
      '"external-secrets": {\n      externalSecretNotReady: { for: "20 minutes" },',
    );
    expect(broken).not.toBe(text);
    writeFileSync(config, broken);
    const place = placeOf(broken, 'for: "20 minutes"');
    expect(tsc().out).toContain(
      `mixkit.config.ts(${place.replace(":", ",")}): error TS2322: Type '"20 minutes"' is not assignable to type 'DurationLiteral | undefined'.`,
    );
    const r = await mixkit(["check", "--typecheck"]);
    // The type error first; the config is invalid at run time as well, a config error (exit 2).
    expect(r.out).toContain(
      `mixkit.config.ts:${place}: error TS2322: Type '"20 minutes"' is not assignable to type 'DurationLiteral | undefined'.`,
    );
    expect(r.err).toContain("externalSecretNotReady.for: not a duration");
    expect(r.code).toBe(2);
    writeFileSync(config, text);
  });
});
