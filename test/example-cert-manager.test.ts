/**
 * examples/cert-manager, a mixin written with defineMixin as its own package, proved against the
 * published API: mixkit packed, the tarball installed into a copy of the example, the example
 * type-checked against the installed declarations, then built, linted and tested by the installed
 * bin with the real promtool, its overrides included.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAsync } from "./fixtures/run-async.js";

const root = path.resolve(import.meta.dirname, "..");
const tmp = mkdtempSync(path.join(tmpdir(), "mixkit-example-"));
const example = path.join(tmp, "cert-manager");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(cmd: string, args: readonly string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8" });
  if (r.error) throw r.error;
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

beforeAll(() => {
  const pack = run("npm", ["pack", "--silent", "--pack-destination", tmp], root);
  if (pack.code !== 0) throw new Error(`npm pack failed:\n${pack.out}`);
  const tarball = path.join(tmp, pack.out.trim().split("\n").at(-1) as string);
  cpSync(path.join(root, "examples/cert-manager"), example, {
    recursive: true,
    filter: (src) => !/[/\\](node_modules|out)$/.test(src),
  });
  // The package's dependencies are in the npm cache (npm ci); the registry serves what is not.
  const install = run(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--silent", tarball],
    example,
  );
  if (install.code !== 0) throw new Error(`npm install failed:\n${install.out}`);
}, 120_000);

const mixkit = async (...args: string[]) => {
  const r = await runAsync(path.join(example, "node_modules/.bin/mixkit"), args, example);
  return { code: r.code, both: `${r.out}${r.err}` };
};

/**
 * Type errors of the example's files and `extra`, against the installed package: one compile for
 * both tests (a compile takes seconds).
 */
let compiled: string[] | undefined;
const typeErrors = () =>
  (compiled ??= compile({
    name: "typo.ts",
    code: `import { certManagerMixin } from "./src/index.js";
certManagerMixin({ overrides: { CertManagerCertificatExpiringSoon: false } });
`,
  }));
function compile(extra?: { name: string; code: string }): string[] {
  const files = [
    path.join(example, "mixkit.config.ts"),
    ...readdirSync(path.join(example, "src")).map((f) => path.join(example, "src", f)),
  ];
  if (extra) {
    writeFileSync(path.join(example, extra.name), extra.code);
    files.push(path.join(example, extra.name));
  }
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    allowImportingTsExtensions: true,
    types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${path.relative(example, d.file.fileName)}: ` : "";
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
  });
}

/** A config beside the example's, with the mixin's options given as `options`. */
function configWith(name: string, options: string): string {
  writeFileSync(
    path.join(example, name),
    `import { defineConfig } from "mixkit";
import { certManagerMixin } from "./src/index.js";
export default defineConfig({ outDir: "out-${name.replace(/\W/g, "-")}", custom: [certManagerMixin(${options})] });
`,
  );
  return name;
}

describe("examples/cert-manager, installed from the packed tarball", () => {
  it("type-checks against the published declarations", () => {
    expect(typeErrors().filter((e) => !e.startsWith("typo.ts: "))).toEqual([]);
  });

  it("refuses a rule name its overrides do not know: at compile time and at build time", async () => {
    expect(typeErrors().join("\n")).toMatch(/typo\.ts: .*CertManagerCertificatExpiringSoon/);
    const file = configWith(
      "typo.config.ts",
      `{ overrides: { CertManagerCertificatExpiringSoon: false } }`,
    );
    const r = await mixkit("build", "--config", file);
    expect(r.code).toBe(2);
    expect(r.both).toMatch(
      /overrides\.CertManagerCertificatExpiringSoon: .*CertManagerCertificateExpiringSoon/,
    );
  });

  it("builds, lints and passes its scenarios with the installed bin", async () => {
    const build = await mixkit("build");
    expect(build.both).toContain("overrides: cert-manager: CertManagerCertificateNotReady patched");
    expect(build.code).toBe(0);
    const rules = readFileSync(
      path.join(example, "out/rules/cert-manager/cert-manager.rules.yaml"),
      "utf8",
    );
    expect(rules).toContain("max by (cluster, exported_namespace, name)");
    expect(rules).toContain("team: platform");
    const [lint, test] = await Promise.all([mixkit("lint"), mixkit("test")]);
    expect(lint.both).toContain("0 findings");
    expect(lint.code).toBe(0);
    expect(test.both).toContain("1 passed, 0 failed");
    expect(test.code).toBe(0);
  });

  it("turns an alert off with its scenarios, and the rest still pass", async () => {
    const file = configWith(
      "off.config.ts",
      `{ overrides: { CertManagerCertificateNotReady: false } }`,
    );
    expect((await mixkit("build", "--config", file)).code).toBe(0);
    const dir = path.join(example, "out-off-config-ts/rules/cert-manager");
    const rules = readFileSync(path.join(dir, "cert-manager.rules.yaml"), "utf8");
    const tests = readFileSync(path.join(dir, "cert-manager.rules.test.yaml"), "utf8");
    expect(rules).not.toContain("CertManagerCertificateNotReady");
    expect(tests).not.toContain("CertManagerCertificateNotReady");
    expect(tests).toContain("CertManagerCertificateExpiringSoon");
    const test = await mixkit("test", "--config", file);
    expect(test.code, test.both).toBe(0);
  });

  it("refuses to turn off alone a record that an alert and a panel read, naming them", async () => {
    const file = configWith(
      "record.config.ts",
      `{ overrides: { "namespace_name:certmanager_certificate_expiration_timestamp_seconds:seconds_left": false } }`,
    );
    const r = await mixkit("build", "--config", file);
    expect(r.code).toBe(2);
    expect(r.both).toMatch(/CertManagerCertificateExpiringSoon/);
    expect(r.both).toMatch(/panel "Time left"/);
  });
});
