/**
 * The promises a new user meets at the edges (#19), kept by the installed package in a fresh
 * project: valid options at their edges (critical objects at the default severity, a Flux slow
 * reconcile at the last bucket) pass promtool's strict lint and the shipped scenarios;
 * an alert defined twice across the project is refused naming both places, writing nothing; and
 * the smaller ones: usage errors exit 2 with a suggestion, config errors and PromQL errors point at
 * 1-based columns, silenced lint findings can be listed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { installedProject } from "./fixtures/installed-package.js";

const { tmp, project, mixkit } = installedProject("promises");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const configFile = path.join(project, "mixkit.config.ts");
const out = path.join(project, "out");

/** A team's alert named like the shipped one, with its scenarios, as `custom` entry text. */
const lookalike = `{
  name: "secrets-team",
  groups: [group("secrets-team", [lookalike])],
  scenarios: [
    scenario("fires", {
      series: [series(condition, { exported_namespace: "a", name: "b" }, "1x20")],
      expect: [expectAlert(lookalike, "10m", { exported_namespace: "a", name: "b" })],
    }),
    scenario("quiet", {
      series: [series(condition, { exported_namespace: "a", name: "b" }, "0x20")],
      expect: [expectNoAlert(lookalike, "10m")],
    }),
  ],
}`;

function writeConfig(mixins: string, custom = ""): void {
  writeFileSync(
    configFile,
    `import { alert, defineConfig, expectAlert, expectNoAlert, gauge, group, max, scenario, series } from "mixkit";

const condition = gauge("externalsecret_status_condition", ["exported_namespace", "name"]);
const lookalike = alert("ExternalSecretNotReady", {
  expr: max(condition).by("exported_namespace", "name").eq(1),
  for: "5m",
  severity: "warning",
  summary: "An ExternalSecret is not ready.",
  description: "x",
});

export default defineConfig({
  outDir: "out",
  mixins: ${mixins},
  custom: [${custom}],
});
`,
  );
}

function promtool(args: readonly string[]) {
  const r = spawnSync("promtool", args, { encoding: "utf8" });
  if (r.error)
    throw new Error(`promtool: ${r.error.message}; install it: bash scripts/ensure-prometheus.sh`);
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe("the installed package at the edges", () => {
  it("critical objects at the default alert's severity pass promtool's strict lint and the scenarios", async () => {
    writeConfig(`{
      "external-secrets": {
        clusterLabel: "k8s_cluster",
        externalSecretNotReady: { severity: "critical", for: "20m" },
        criticalObjects: [
          { namespace: "payments", name: "db" },
          { namespace: "payments", name: { regex: "critical-.*" }, severity: "critical" },
        ],
      },
    }`);
    const build = await mixkit(["build"]);
    expect(build.code, build.err).toBe(0);
    const rulesDir = path.join(out, "rules/external-secrets");
    const plain = readdirSync(rulesDir).filter((f) => f.endsWith(".rules.yaml"));
    expect(plain.length).toBeGreaterThan(0);
    for (const f of plain) {
      const lint = promtool([
        "check",
        "rules",
        "--lint=all",
        "--lint-fatal",
        path.join(rulesDir, f),
      ]);
      expect(lint.code, lint.out).toBe(0);
    }
    const test = await mixkit(["test"]);
    expect(test.code, `${test.out}${test.err}`).toBe(0);
  });

  it("a Flux reconcileSlow at the far edge keeps its own scenarios; the old p95 option is refused", async () => {
    rmSync(out, { recursive: true, force: true });
    writeConfig(`{
      flux: { clusterLabel: "cluster", reconcileSlow: { slowerThan: 1800, share: 0.5, for: "2h" } },
    }`);
    const build = await mixkit(["build"]);
    expect(build.code, build.err).toBe(0);
    const rules = path.join(out, "rules/flux/flux.rules.yaml");
    const lint = promtool(["check", "rules", "--lint=all", "--lint-fatal", rules]);
    expect(lint.code, lint.out).toBe(0);
    const test = await mixkit(["test"]);
    expect(test.code, `${test.out}${test.err}`).toBe(0);

    // A duration between two bucket boundaries means nothing to the histogram: refused, named.
    writeConfig(`{ flux: { reconcileSlow: { slowerThan: 600 } } }`);
    const between = await mixkit(["build"]);
    expect(between.code).toBe(2);
    expect(between.err).toContain("mixins.flux.reconcileSlow.slowerThan");
    expect(between.err).toContain("122, 469, 1800");
    writeConfig(`{ flux: { reconcileSlow: { seconds: 600 } } }`);
    const old = await mixkit(["build"]);
    expect(old.code).toBe(2);
    expect(old.err).toContain("reconcileSlow.seconds is gone");
  });

  it("refuses an alert that another mixin defines with the same labels, naming both, writing nothing", async () => {
    rmSync(out, { recursive: true, force: true });
    writeConfig(`{ "external-secrets": {} }`, lookalike);
    const build = await mixkit(["build"]);
    expect(build.code).toBe(2);
    expect(build.err).toContain('alert "ExternalSecretNotReady"');
    expect(build.err).toContain("custom.0");
    expect(build.err).toContain("mixins.external-secrets");
    expect(existsSync(out)).toBe(false);
  });

  it("usage errors exit 2 with a suggestion; config errors name 1-based line and column", async () => {
    const [none, typo, option] = await Promise.all([
      mixkit([]),
      mixkit(["biuld"]),
      mixkit(["build", "--formt", "json"]),
    ]);
    expect(none.code).toBe(2);
    expect(typo.code).toBe(2);
    expect(typo.err).toContain('did you mean "build"?');
    expect(option.code).toBe(2);
    expect(option.err).toContain("did you mean --format?");

    // A syntax error in the config: 1-based line and column, as editors and tsc count.
    writeFileSync(configFile, 'export default {\n  outDir: "out",\n  mixins: { , },\n};\n');
    const broken = await mixkit(["build"]);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/mixkit\.config\.ts:3:13\b/);
  });

  it("lint lists the findings silenced with a reason", async () => {
    writeConfig(`{
      "external-secrets": {
        grafanaUrl: "https://grafana.acme.dev",
        runbookBaseUrl: "https://runbooks.acme.dev/external-secrets.md",
      },
    }`);
    expect((await mixkit(["build"])).code).toBe(0);
    const lint = await mixkit(["lint", "--silenced"]);
    expect(lint.code, lint.err).toBe(0);
    // Each silenced finding on its own line, with its check and the reason it was silenced for.
    expect(lint.out).toMatch(
      /^rules\/external-secrets\/external-secrets\.rules\.yaml: .*ExternalSecretsMetricsAbsent.* \[description-not-templated\] silenced: absent\(\) returns no labels to name$/m,
    );
  });
});
