/**
 * The published package as a newcomer meets it: `npm pack`, install the tarball into a fresh
 * project (a CommonJS package, as `npm init` makes), `mixkit init`, then a config that customises
 * a shipped mixin and adds its own alert, scenarios and dashboard (test/fixtures/cli/consumer),
 * built, checked, tested and linted through the installed bin, with the real promtool.
 */
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as prettier from "prettier";
import ts from "typescript";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkRulesAsync } from "../src/index.js";
import { installedProject } from "./fixtures/installed-package.js";
import { snapshot, tree } from "./fixtures/file-tree.js";
import { runAsync } from "./fixtures/run-async.js";

const root = path.resolve(import.meta.dirname, "..");
const fixture = path.join(root, "test/fixtures/cli/consumer");
const { tmp, project, mixkit } = installedProject();
const out = path.join(project, "deploy/monitoring");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const compilerOptions: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  target: ts.ScriptTarget.ES2022,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
};
/**
 * A compiler host that parses each file under node_modules (the installed package, TypeScript's
 * libs) once for every compile of the test: they do not change; the project's own files are
 * read afresh each time.
 */
const compilerHost = ts.createCompilerHost(compilerOptions);
{
  const read = compilerHost.getSourceFile.bind(compilerHost);
  const parsed = new Map<string, ts.SourceFile | undefined>();
  compilerHost.getSourceFile = (fileName, ...rest) => {
    if (!fileName.includes(`${path.sep}node_modules${path.sep}`)) return read(fileName, ...rest);
    if (!parsed.has(fileName)) parsed.set(fileName, read(fileName, ...rest));
    return parsed.get(fileName);
  };
}

/** Type errors of `file`, compiled as a consumer's editor would, against the installed package. */
function typeErrors(file: string): string[] {
  const program = ts.createProgram([file], compilerOptions, compilerHost);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => !d.file?.fileName.includes("node_modules"))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, "utf8");
  expect(text, `${file} holds ${from}`).toContain(from);
  writeFileSync(file, text.replace(from, to));
}

const config = path.join(project, "mixkit.config.ts");
const payments = path.join(project, "monitoring/payments.ts");

describe("the installed package", () => {
  it("init writes a starter config that type-checks, builds and checks as it is", async () => {
    const init = await mixkit(["init"]);
    expect(init.out).toContain("mixkit init: wrote mixkit.config.ts");
    expect(init.code).toBe(0);
    // The second init and the build run while the config is type-checked here.
    const [again, build] = [mixkit(["init"]), mixkit(["build"])];
    expect(typeErrors(config)).toEqual([]);
    expect((await again).err).toContain("mixkit.config.ts exists; pass --force to overwrite it");
    expect((await again).code).toBe(2);

    expect((await build).err).toBe("");
    expect((await build).code).toBe(0);
    const files = [...tree(path.join(project, "monitoring")).keys()];
    expect(files).toContain("kustomization.yaml");
    expect(files).toContain("rules/external-secrets/external-secrets.prometheusrule.yaml");
    expect(files).toContain("dashboards/external-secrets/mixkit-external-secrets.configmap.yaml");
    expect((await mixkit(["check"])).code).toBe(0);

    rmSync(path.join(project, "monitoring"), { recursive: true });
    cpSync(fixture, project, { recursive: true });
  });

  it("builds a customised shipped mixin and the project's own alert, tests and dashboard", async () => {
    const building = mixkit(["build"]);
    expect(typeErrors(config)).toEqual([]);
    const build = await building;
    expect(build.err).toBe("");
    expect(build.out).toContain(
      "mixkit build: 19 files in deploy/monitoring from mixkit.config.ts",
    );
    expect(build.code).toBe(0);
    const files = tree(out);
    expect([...files.keys()]).toEqual([
      ".mixkit-manifest.json",
      "dashboards/external-secrets/mixkit-external-secrets.configmap.yaml",
      "dashboards/external-secrets/mixkit-external-secrets.grafanadashboard.yaml",
      "dashboards/external-secrets/mixkit-external-secrets.json",
      "dashboards/payments/payments.configmap.yaml",
      "dashboards/payments/payments.grafanadashboard.yaml",
      "dashboards/payments/payments.json",
      "kustomization.yaml",
      "rules/external-secrets/external-secrets.alertmanager.yaml",
      "rules/external-secrets/external-secrets.alertmanagerconfig.yaml",
      "rules/external-secrets/external-secrets.prometheusrule.yaml",
      "rules/external-secrets/external-secrets.rules.eval-10m.test.yaml",
      "rules/external-secrets/external-secrets.rules.test.yaml",
      "rules/external-secrets/external-secrets.rules.yaml",
      "rules/external-secrets/external-secrets.thanos.yaml",
      "rules/payments/payments.prometheusrule.yaml",
      "rules/payments/payments.rules.test.yaml",
      "rules/payments/payments.rules.yaml",
      "rules/payments/payments.thanos.yaml",
    ]);

    type Rules = { groups: { rules: { alert?: string; for?: string; labels?: object }[] }[] };
    const alerts = (file: string) =>
      (parse(files.get(file) as string) as Rules).groups.flatMap((g) => g.rules);
    const notReady = alerts("rules/external-secrets/external-secrets.rules.yaml").find(
      (r) => r.alert === "ExternalSecretNotReady",
    );
    expect(notReady).toMatchObject({
      for: "15m",
      labels: { severity: "critical", component: "secrets", team: "platform" },
    });
    expect(alerts("rules/payments/payments.rules.yaml")).toEqual([
      expect.objectContaining({
        alert: "PaymentsErrors",
        for: "5m",
        labels: { severity: "critical", team: "platform" },
      }),
    ]);
    expect(parse(files.get("rules/payments/payments.prometheusrule.yaml") as string)).toMatchObject(
      {
        kind: "PrometheusRule",
        metadata: { name: "payments", namespace: "monitoring", labels: { release: "prometheus" } },
      },
    );
    expect(
      parse(files.get("dashboards/payments/payments.grafanadashboard.yaml") as string),
    ).toMatchObject({
      kind: "GrafanaDashboard",
      metadata: { name: "payments", namespace: "grafana" },
      spec: { instanceSelector: { matchLabels: { dashboards: "grafana" } } },
    });
    expect(JSON.parse(files.get("dashboards/payments/payments.json") as string)).toMatchObject({
      title: "Payments",
      uid: "payments",
    });
    expect(parse(files.get("kustomization.yaml") as string)).toEqual({
      apiVersion: "kustomize.config.k8s.io/v1beta1",
      kind: "Kustomization",
      resources: [
        "dashboards/external-secrets/mixkit-external-secrets.configmap.yaml",
        "dashboards/external-secrets/mixkit-external-secrets.grafanadashboard.yaml",
        "dashboards/payments/payments.configmap.yaml",
        "dashboards/payments/payments.grafanadashboard.yaml",
        "rules/external-secrets/external-secrets.alertmanagerconfig.yaml",
        "rules/external-secrets/external-secrets.prometheusrule.yaml",
        "rules/payments/payments.prometheusrule.yaml",
      ],
    });
    const checking = checkRulesAsync(
      [
        "rules/external-secrets/external-secrets.rules.yaml",
        "rules/payments/payments.rules.yaml",
      ].map((rel) => path.join(out, rel)),
      { lint: true },
    );
    for (const [rel, text] of files)
      expect(await prettier.check(text, { filepath: rel, printWidth: 100 }), rel).toBe(true);
    const check = await checking;
    expect(check.output).toContain("SUCCESS");
    expect(check.ok).toBe(true);
  });

  it("check passes on what build wrote; test and lint pass, with a progress line on a terminal", async () => {
    // They only read the project: all at once.
    const [check, test, piped, lint] = await Promise.all([
      mixkit(["check"]),
      // `script` gives the bin a terminal, where the progress line is drawn over itself.
      runAsync("script", ["-qec", "node_modules/.bin/mixkit test", "/dev/null"], project),
      mixkit(["test"]),
      mixkit(["lint", "--format", "json"]),
    ]);
    expect(check.out).toBe(
      "mixkit check: the 19 files in deploy/monitoring match mixkit.config.ts\n",
    );
    expect(check.code).toBe(0);

    expect(test.out).toContain("\r\x1b[2Kmixkit test: 1/4 test files");
    expect(test.out).toContain("  ok      rules/external-secrets/external-secrets.rules.test.yaml");
    expect(test.out).toContain("  ok      rules/payments/payments.rules.test.yaml");
    expect(test.out).toContain("mixkit test: 4 test files, 4 passed, 0 failed");
    expect(test.code).toBe(0);
    expect(piped.err).toBe("");
    expect(piped.code).toBe(0);

    expect(JSON.parse(lint.out)).toMatchObject({ findings: [] });
    expect(lint.code).toBe(0);
  });

  it("check fails after a hand edit, showing the difference, until build restores the file", async () => {
    const rules = path.join(out, "rules/payments/payments.rules.yaml");
    edit(rules, "for: 5m", "for: 6m");
    rmSync(path.join(out, "dashboards/payments/payments.json"));
    const check = await mixkit(["check"]);
    expect(check.out).toContain("mixkit check: 2 files differ in deploy/monitoring");
    expect(check.out).toContain("  changed  rules/payments/payments.rules.yaml  (+1 -1 lines)");
    expect(check.out).toContain("      -        for: 6m\n      +        for: 5m");
    expect(check.out).toContain("  missing  dashboards/payments/payments.json");
    expect(check.code).toBe(1);
    const build = await mixkit(["build"]);
    expect(build.out).toContain("2 written, 17 unchanged, 0 removed");
    expect((await mixkit(["check"])).code).toBe(0);
  });

  it("check, test and lint fail after a source change that was not rebuilt", async () => {
    const source = readFileSync(payments, "utf8");
    try {
      edit(payments, 'failedShare("5m").gt(0.05)', 'failedShare("1m").gt(0.5)');
      const [check, test, lint, lintJson] = await Promise.all([
        mixkit(["check"]),
        mixkit(["test"]),
        mixkit(["lint"]),
        mixkit(["lint", "--format", "json"]),
      ]);
      expect(check.out).toContain("  changed  rules/payments/payments.rules.yaml");
      expect(check.out).toContain("/ sum by (namespace) (rate(payments_requests_total[1m])) > 0.5");
      expect(check.code).toBe(1);

      expect(test.out).toContain(
        "  ok      rules/external-secrets/external-secrets.rules.test.yaml",
      );
      expect(test.out).toContain("  FAILED  rules/payments/payments.rules.test.yaml");
      expect(test.out).toContain("name: fires when one request in eleven fails");
      expect(test.out).toContain("alertname: PaymentsErrors, time: 12m");
      expect(test.out).toContain("mixkit test: 4 test files, 3 passed, 1 failed");
      expect(test.code).toBe(1);

      expect(lint.out).toMatch(
        /^rules\/payments\/payments\.rules\.yaml: group "payments", alert "PaymentsErrors", field "expr": .*\[rate-window\]$/m,
      );
      expect(lint.code).toBe(1);
      const json = JSON.parse(lintJson.out) as { findings: object[] };
      expect(json.findings).toContainEqual(
        expect.objectContaining({
          kind: "rule",
          mixin: "payments",
          file: "rules/payments/payments.rules.yaml",
          check: "rate-window",
        }),
      );
    } finally {
      writeFileSync(payments, source);
    }
    expect((await mixkit(["check"])).code).toBe(0);
  });

  it("builds byte-identical files from another path", async () => {
    const elsewhere = path.join(tmp, "elsewhere/deeper/other-name");
    mkdirSync(elsewhere, { recursive: true });
    cpSync(path.join(project, "mixkit.config.ts"), path.join(elsewhere, "mixkit.config.ts"));
    cpSync(path.join(project, "monitoring"), path.join(elsewhere, "monitoring"), {
      recursive: true,
    });
    symlinkSync(path.join(project, "node_modules"), path.join(elsewhere, "node_modules"));
    const outside = path.join(tmp, "out-elsewhere");
    const [build, buildOutside] = await Promise.all([
      mixkit(["build"], elsewhere),
      mixkit(["build", "--out", outside]),
    ]);
    expect(build.code).toBe(0);
    expect(tree(path.join(elsewhere, "deploy/monitoring"))).toEqual(tree(out));
    expect(buildOutside.code).toBe(0);
    expect(tree(outside)).toEqual(tree(out));
  });

  it("an invalid config exits 2 naming the file and the path, and leaves the output folder as it was", async () => {
    const before = snapshot(out);
    const original = readFileSync(config, "utf8");
    const source = readFileSync(payments, "utf8");
    const cases: [() => void, RegExp][] = [
      [
        () => edit(config, 'for: "15m"', 'for: "15 minutes"'),
        /^mixkit\.config\.ts: 1 problem(; nothing was written)?:\n {2}- mixins\.external-secrets\.externalSecretNotReady\.for: not a duration/,
      ],
      [
        () => edit(config, "thanos: true", 'thanos: "yes"'),
        /^mixkit\.config\.ts: 1 problem(; nothing was written)?:\n {2}- outputs\.thanos: /,
      ],
      [
        () => edit(payments, 'alert("PaymentsErrors"', 'alert("payments-errors"'),
        /^ {2}- custom\.0 \("payments"\), group "payments", alert "payments-errors": alert names are CamelCase/m,
      ],
      [
        () => edit(config, "custom: [payments],", "custom: [payments, payments],"),
        /^ {2}- custom\.1\.name: "payments" is already the name of another mixin/m,
      ],
      [
        () => edit(config, "outDir:", "outDir: ,"),
        /^mixkit\.config\.ts: could not be loaded: (.*\n)?.*mixkit\.config\.ts:\d+:\d+/,
      ],
    ];
    for (const [breakIt, message] of cases) {
      try {
        breakIt();
        const commands = ["build", "check", "lint"];
        const results = await Promise.all(commands.map((command) => mixkit([command])));
        results.forEach((r, i) => {
          expect(r.err, `${commands[i]}: ${message}`).toMatch(message);
          expect(r.code).toBe(2);
        });
      } finally {
        writeFileSync(config, original);
        writeFileSync(payments, source);
      }
      expect(snapshot(out)).toEqual(before);
    }
  });

  it("removes its own stale files, never a file of yours", async () => {
    const original = readFileSync(config, "utf8");
    writeFileSync(path.join(out, "dashboards/payments/NOTES.md"), "the payments team's notes\n");
    writeFileSync(path.join(out, "README.md"), "our monitoring\n");
    edit(config, "custom: [payments],", "");
    const build = await mixkit(["build"]);
    expect(build.out).toContain("  removed  rules/payments/payments.rules.yaml");
    expect(build.out).toContain("12 files in deploy/monitoring");
    expect(build.code).toBe(0);
    const left = [...tree(out).keys()];
    expect(left.filter((f) => f.includes("payments"))).toEqual(["dashboards/payments/NOTES.md"]);
    expect(left).toContain("README.md");
    expect(existsSync(path.join(out, "rules/payments"))).toBe(false);
    expect(readFileSync(path.join(out, "kustomization.yaml"), "utf8")).not.toContain("payments");

    writeFileSync(config, original);
    writeFileSync(path.join(out, "dashboards/payments/payments.json"), "{}\n");
    const before = snapshot(out);
    const refused = await mixkit(["build"]);
    expect(refused.err).toContain(
      "deploy/monitoring: 1 problem; nothing was written:\n  - dashboards/payments/payments.json: exists and was not written by mixkit",
    );
    expect(refused.code).toBe(2);
    expect(snapshot(out)).toEqual(before);
    rmSync(path.join(out, "dashboards/payments/payments.json"));
    expect((await mixkit(["build"])).code).toBe(0);
    expect((await mixkit(["check"])).code).toBe(0);
    expect(readFileSync(path.join(out, "dashboards/payments/NOTES.md"), "utf8")).toBe(
      "the payments team's notes\n",
    );
  });
});
