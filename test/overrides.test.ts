/**
 * Per-rule overrides of a shipped mixin: a rule turned off takes its expectations and inhibitions
 * with it, a patch is emitted and its scenarios follow its labels and annotations, bad overrides
 * name their path, and the CLI reports what was applied (build), what changed nothing (lint) and
 * which scenarios a patched `for` leaves behind (test), in the real promtool.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { mixinRuleFiles } from "../src/mixins/common/mixin.js";
import { fluxMixin } from "../src/mixins/flux/index.js";
import { spireMixin } from "../src/mixins/spire/index.js";
import { AlertingRule, counter, rate, sum } from "../src/index.js";
import { linkedProject, repositoryRoot } from "./fixtures/linked-project.js";
import { runPromtool } from "./fixtures/promtool-run.js";
import { runAsync } from "./fixtures/run-async.js";

const dir = mkdtempSync(path.join(tmpdir(), "mixkit-overrides-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rulesOf = (m: { groups: readonly { rules: readonly { name: string }[] }[] }) =>
  m.groups.flatMap((g) => g.rules);
const expected = (m: ReturnType<typeof fluxMixin>) =>
  new Set(
    m.scenarios.flatMap((s) =>
      s.expect.flatMap((e) => (e.kind === "samples" ? [] : [e.alert.name])),
    ),
  );

describe("overrides of a shipped mixin", () => {
  const shipped = fluxMixin({});

  it("turn an alert off with its expectations and inhibitions; other scenarios stay", () => {
    const m = fluxMixin({ overrides: { FluxReconcileSlow: false, FluxResourceSuspended: false } });
    const names = rulesOf(m).map((r) => r.name);
    expect(names).not.toContain("FluxReconcileSlow");
    expect(names).not.toContain("FluxResourceSuspended");
    expect(names).toHaveLength(rulesOf(shipped).length - 2);
    expect(expected(m).has("FluxReconcileSlow")).toBe(false);
    // The healthy day expects every alert quiet: it stays, without the expectations of the two.
    const day = (x: typeof m) => x.scenarios.find((s) => s.name.startsWith("Healthy day"));
    expect(day(m)?.expect.length).toBeLessThan(day(shipped)?.expect.length ?? 0);
    expect(day(m)?.expect.length).toBeGreaterThan(0);
    expect(m.scenarios.every((s) => s.expect.length > 0)).toBe(true);
    expect(m.inhibitions.flatMap((i) => i.targets.map((t) => t.name))).not.toContain(
      "FluxResourceSuspended",
    );
    expect(m.overrides).toEqual([
      { rule: "FluxResourceSuspended", change: "off", fields: [], noEffect: [] },
      { rule: "FluxReconcileSlow", change: "off", fields: [], noEffect: [] },
    ]);
  });

  it("patch severity, labels, annotations and expr, and the scenarios follow in promtool", async () => {
    const m = fluxMixin({
      clusterLabel: "cluster",
      overrides: {
        FluxSourceNotReady: {
          severity: "critical",
          labels: { team: "platform" },
          annotations: { summary: "A source is down.", playbook: "https://wiki.example/sources" },
        },
        FluxMetricsAbsent: false,
      },
    });
    const rule = rulesOf(m).find((r) => r.name === "FluxSourceNotReady") as AlertingRule;
    expect(rule.labels()).toMatchObject({ severity: "critical", team: "platform" });
    expect(rule.annotations()).toMatchObject({
      summary: "A source is down.",
      playbook: "https://wiki.example/sources",
    });
    // The inhibitions of the absent alert went with it.
    expect(m.inhibitions.map((i) => i.source.name)).not.toContain("FluxMetricsAbsent");
    const files = mixinRuleFiles(m);
    const run = await runPromtool(dir, files, "flux.rules.yaml");
    expect(run.tests.flatMap((t) => t.failures)).toEqual([]);
    expect(run.check.ok, run.check.output).toBe(true);
  });

  it("apply a `for` and severity as the alert's own option, so its scenarios follow in promtool", async () => {
    const m = spireMixin({
      overrides: {
        SPIREAgentSyncFailure: { for: "25m", severity: "critical", labels: { team: "identity" } },
        // Its option configures it alone too, but an expression is no option: it stays a patch.
        SPIREServerCAExpiringSoon: { for: "20m", expr: (e) => e },
      },
    });
    expect(m.config.agentSyncFailure).toMatchObject({ for: "25m", severity: "critical" });
    expect(m.config.overrides).toEqual({
      SPIREAgentSyncFailure: { labels: { team: "identity" } },
      SPIREServerCAExpiringSoon: { expr: expect.any(Function) },
    });
    const rule = rulesOf(m).find((r) => r.name === "SPIREAgentSyncFailure") as AlertingRule;
    expect(rule.spec.for).toBe("25m");
    expect(rule.labels()).toMatchObject({ severity: "critical", team: "identity" });
    // Reported as the user wrote it: every field, patched.
    expect(m.overrides?.find((o) => o.rule === "SPIREAgentSyncFailure")).toEqual({
      rule: "SPIREAgentSyncFailure",
      change: "patched",
      fields: ["for", "severity", "labels"],
      noEffect: [],
    });
    const run = await runPromtool(dir, mixinRuleFiles(m), "spire.rules.yaml");
    expect(run.tests.flatMap((t) => t.failures)).toEqual([]);
    // A bad value is refused at the path the user wrote, not the option's.
    expect(() =>
      spireMixin({ overrides: { SPIREAgentSyncFailure: { for: "25 minutes" as never } } }),
    ).toThrow(/overrides\.SPIREAgentSyncFailure\.for: /);
  });

  it("patch an expression through its typed original", () => {
    const m = spireMixin({
      overrides: {
        SPIREServerCAExpiringSoon: {
          expr: (e) => e.unless(counter("maintenance_window_active", []).gt(0)),
        },
      },
    });
    const rule = rulesOf(m).find((r) => r.name === "SPIREServerCAExpiringSoon") as AlertingRule;
    expect(rule.expr.toString()).toMatch(/ unless maintenance_window_active > 0$/);
  });

  it("refuse what cannot be applied, naming the path and the reason in one line", () => {
    const refusal = (overrides: unknown) => {
      try {
        fluxMixin({ overrides } as never);
      } catch (err) {
        return (err as Error).message;
      }
      return "accepted";
    };
    expect(refusal({ FluxReconcileSlw: false })).toMatch(
      /^invalid flux config: overrides\.FluxReconcileSlw: FluxReconcileSlw is no rule of this mixin; its rules are .*FluxReconcileSlow/,
    );
    expect(refusal({ "kind_namespace_name:flux_resource_status:not_ready": false })).toMatch(
      /^invalid flux config: overrides\.kind_namespace_name:flux_resource_status:not_ready: cannot turn off kind_namespace_name:flux_resource_status:not_ready, read by FluxHelmReleaseNotReady; .*; dashboard "Flux", panel "Not ready"/,
    );
    // Read by a rule turned off too and by a dashboard panel only.
    expect(
      refusal({
        FluxReconcileSlow: false,
        "kind:gotk_reconcile_duration_seconds:slow_ratio_rate15m": false,
      }),
    ).toBe(
      'invalid flux config: overrides.kind:gotk_reconcile_duration_seconds:slow_ratio_rate15m: cannot turn off kind:gotk_reconcile_duration_seconds:slow_ratio_rate15m, read by dashboard "Flux", panel "Slow reconciles": a dashboard panel cannot be turned off; patch kind:gotk_reconcile_duration_seconds:slow_ratio_rate15m instead',
    );
    expect(refusal({ "kind:flux_resource_status:present": { for: "5m" } })).toBe(
      "invalid flux config: overrides.kind:flux_resource_status:present: for applies to alerts only; kind:flux_resource_status:present is a recording rule",
    );
    expect(refusal({ FluxReconcileSlow: { expr: "up == 0" } })).toBe(
      "invalid flux config: overrides.FluxReconcileSlow.expr: expr must be a function of the rule's expression, e.g. (e) => e.and(...)",
    );
    expect(refusal({ FluxReconcileSlow: { expr: () => "up == 0" } })).toBe(
      "invalid flux config: overrides.FluxReconcileSlow.expr: must return an instant vector built from the original (e.g. `(e) => e.and(...)`)",
    );
    expect(refusal({ FluxReconcileSlow: { severity: "page" } })).toMatch(
      /^invalid flux config: overrides\.FluxReconcileSlow\.severity: /,
    );
    expect(refusal({ FluxReconcileSlow: { fore: "5m" } })).toMatch(
      /^invalid flux config: overrides\.FluxReconcileSlow: .*fore/,
    );
  });

  it("are typed by the mixin's rule names", () => {
    // @ts-expect-error a typo in a rule name does not compile
    expect(() => fluxMixin({ overrides: { FluxReconcileSlw: false } })).toThrow();
    const requests = counter("http_requests_total", ["code"]);
    fluxMixin({
      overrides: {
        // The original is typed, so the patch builds with the same builders.
        FluxReconcileSlow: { expr: (e) => e.and(sum(rate(requests.range("5m"))).gt(0)).on() },
      },
    });
  });
});

describe("overrides through the CLI", () => {
  const project = linkedProject(path.join(dir, "cli"), {
    "mixkit.config.ts": `import { defineConfig } from "mixkit";
export default defineConfig({
  mixins: {
    flux: {
      runbookBaseUrl: "https://runbooks.example.com/flux.md",
      grafanaUrl: "https://grafana.example.com",
      overrides: {
        FluxReconcileSlow: false,
        FluxSourceNotReady: { labels: { team: "platform" } },
        FluxResourceSuspended: { severity: "info" },
        FluxInstanceNotReady: false,
        FluxHelmReleaseNotReady: { for: "30m" },
        FluxMetricsAbsent: { for: "2h" },
      },
    },
  },
});
`,
  });
  const mixkit = (args: string[]) =>
    runAsync(process.execPath, [path.join(repositoryRoot, "dist/cli/main.js"), ...args], project);

  it("build says which overrides it applied, in one line", async () => {
    const r = await mixkit(["build"]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(
      "mixkit build: overrides: flux: FluxHelmReleaseNotReady patched, FluxSourceNotReady patched, FluxResourceSuspended patched, FluxReconcileSlow off, FluxMetricsAbsent patched, FluxInstanceNotReady (not generated)\n",
    );
    const rules = readFileSync(path.join(dir, "cli/rules/flux/flux.rules.yaml"), "utf8");
    expect(rules).toMatch(/alert: FluxHelmReleaseNotReady\n(.*\n){1,3}\s+for: 30m/);
  });

  it("lint shows the overrides that change nothing", async () => {
    const r = await mixkit(["lint"]);
    expect(r.out).toContain(
      "mixins.flux, overrides.FluxResourceSuspended: severity is already so in FluxResourceSuspended",
    );
    expect(r.out).toContain(
      "mixins.flux, overrides.FluxInstanceNotReady: FluxInstanceNotReady is not generated with this config",
    );
    expect(r.out.match(/\[override-without-effect\]/g)).toHaveLength(2);
    expect(r.code).toBe(1);
  });

  it("test: the scenarios follow a `for` the alert's own option could set; it names those a patch leaves behind, and why", async () => {
    const r = await mixkit(["test"]);
    expect(r.code).toBe(1);
    // FluxMetricsAbsent shares its option with FluxControllerMetricsAbsent: its `for` stays a patch.
    expect(r.out).toMatch(
      /note: "FluxMetricsAbsent: [^"]*": mixins\.flux\.overrides patches FluxMetricsAbsent \(for\); the scenario is written for the rule as shipped/,
    );
    // FluxHelmReleaseNotReady has an option of its own: applied there, its scenarios follow it.
    expect(r.out).not.toMatch(/note: "FluxHelmReleaseNotReady/);
    const failing = [...r.out.matchAll(/^ {6}name: (.*),$/gm)].map((m) => m[1]);
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.filter((n) => !n?.includes("FluxMetricsAbsent"))).toEqual([]);
  });
});
