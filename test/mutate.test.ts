/**
 * Mutation testing (`mixkit test --mutate`): each operator family makes a mutant that a weak
 * scenario set lets survive and a strong one kills, in the real promtool.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  counter,
  expectAlert,
  expectNoAlert,
  gauge,
  group,
  rate,
  record,
  scenario,
  series,
  steady,
  sum,
  type AlertingRule,
} from "../src/index.js";
import { focusedOn, reachedRules, ruleMutants } from "../src/testing/mutate/mutants.js";
import { mutationOperators, operatorFamily } from "../src/testing/mutate/operators.js";
import { rounds, runMutations, type MutationReport } from "../src/testing/mutate/run.js";
import { promtoolEnv } from "../src/testing/promtool.js";
import { linkedProject, repositoryRoot } from "./fixtures/linked-project.js";
import { runAsync } from "./fixtures/run-async.js";
import { mutationCases, type MutationCase } from "./fixtures/mutation-cases.js";

let weak: MutationReport;
let strong: MutationReport;

beforeAll(async () => {
  const run = (pick: (c: MutationCase) => MutationCase["weak"]) =>
    runMutations(
      mutationCases.map((c) => ({ name: c.family, groups: c.groups, scenarios: pick(c) })),
    );
  [weak, strong] = await Promise.all([run((c) => c.weak), run((c) => c.strong)]);
}, 120_000);

const ofCase = (report: MutationReport, c: MutationCase) =>
  report.outcomes.filter(
    (o) => o.mixin === c.family && o.rule === c.rule && operatorFamily(o.operator) === c.family,
  );

describe("mutation operators", () => {
  it("every operator family has a case", () => {
    expect(new Set(mutationCases.map((c) => c.family))).toEqual(new Set(mutationOperators));
  });

  it.each(mutationCases)(
    "$family: a weak scenario lets a mutant survive, a strong one kills them all",
    (c) => {
      expect(ofCase(strong, c).length).toBeGreaterThan(0);
      const weakly = ofCase(weak, c);
      expect(
        weakly.filter((o) => o.status === "survived"),
        weakly.map((o) => `${o.operator}: ${o.after} (${o.status})`).join("; "),
      ).not.toEqual([]);
      expect(
        ofCase(strong, c)
          .filter((o) => o.status !== "killed")
          .map((o) => `${o.operator}: ${o.after} (${o.status})`),
      ).toEqual([]);
    },
  );
});

/** A user's project: one alert whose scenarios check it only far from its threshold. */
const weakProject = (mutationScore: number | undefined, silence = "") => `
import { alert, defineConfig, expectAlert, expectNoAlert, gauge, group, scenario, series, steady } from "mixkit";

const depth = gauge("queue_depth", ["job", "pod"]);
const backlog = alert("Backlog", {
  expr: depth.where({ job: "q" }).gt(10),
  severity: "warning",
  summary: "A queue backs up.",
  description: "A queue backs up.",
  ${silence}
});
export default defineConfig({
  ${mutationScore === undefined ? "" : `mutationScore: ${mutationScore},`}
  custom: [{
    name: "queues",
    groups: [group("queues", [backlog])],
    scenarios: [
      scenario("far above", { series: [series(depth, { job: "q", pod: "a" }, steady(200, 5))], expect: [expectAlert(backlog, "2m", { job: "q", pod: "a" })] }),
      scenario("far below", { series: [series(depth, { job: "q", pod: "a" }, steady(0, 5))], expect: [expectNoAlert(backlog, "2m")] }),
    ],
  }],
});
`;

describe("mixkit test --mutate", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "mixkit-mutate-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const project = (name: string, text: string) =>
    linkedProject(path.join(dir, name), { "mixkit.config.mjs": text });
  // The built bin, as a user runs it: the config imports the package, not these sources.
  const bin = path.join(repositoryRoot, "dist/cli/main.js");
  const run = (cwd: string, args: readonly string[]) =>
    runAsync(process.execPath, [bin, "test", ...args], cwd);
  const cli = (cwd: string, args: readonly string[]) =>
    run(cwd, ["--mutate", "--config", "mixkit.config.mjs", ...args]);

  it("prints each survivor's change, the scenarios that ran and a hint; exits 1 below mutationScore", async () => {
    const r = await cli(project("below", weakProject(0.95)), []);
    expect(r.err).toBe("");
    expect(r.out).toContain("queues: ");
    expect(r.out).toContain("    survived  threshold ×2");
    expect(r.out).toContain('      - queue_depth{job="q"} > 10');
    expect(r.out).toContain('      + queue_depth{job="q"} > 20');
    expect(r.out).toContain("      ran: 2 scenarios: far above; far below");
    expect(r.out).toContain("      hint: no scenario where the value lies between 10 and 20");
    expect(r.out).toMatch(
      /mixkit test --mutate: \d+ mutants, \d+ killed, \d+ survived, 0 silenced; score [\d.]+%, below the required 95\.0%$/m,
    );
    expect(r.code).toBe(1);
  });

  it("reports JSON totals and survivors; passes without a required score", async () => {
    const r = await cli(project("json", weakProject(undefined)), ["--format", "json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as Record<string, any>;
    expect(report.mutants).toBe(report.killed + report.survived + report.silenced);
    expect(report.survived).toBeGreaterThan(0);
    expect(report.survivors).toContainEqual(
      expect.objectContaining({
        mixin: "queues",
        rule: "Backlog",
        operator: "threshold ×2",
        before: 'queue_depth{job="q"} > 10',
        after: 'queue_depth{job="q"} > 20',
      }),
    );
    expect(report.mixins).toEqual([
      expect.objectContaining({ name: "queues", score: report.score }),
    ]);
  });

  it("lists a silenced mutant with its reason and leaves it out of the score", async () => {
    const silence = `silence: [{ check: "mutant: threshold", reason: "the threshold is a placeholder here" }],`;
    const r = await cli(project("silenced", weakProject(undefined, silence)), ["--format", "json"]);
    const report = JSON.parse(r.out) as Record<string, any>;
    expect(report.silencedMutants).toContainEqual({
      mixin: "queues",
      rule: "Backlog",
      operator: "threshold ×10",
      reason: "the threshold is a placeholder here",
    });
    expect(report.survivors.map((s: { operator: string }) => s.operator)).not.toContain(
      "threshold ×10",
    );
  });

  it("refuses --mixin without --mutate, and an unknown mixin", async () => {
    const cwd = project("usage", weakProject(undefined));
    const usage = await run(cwd, ["--mixin", "queues", "--config", "mixkit.config.mjs"]);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain("--mixin goes with --mutate");
    const r = await cli(cwd, ["--mixin", "flux"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      "--mixin flux: no mixin of that name has rules in this project (queues)",
    );
  });
});

describe("runMutations", () => {
  it("refuses to judge mutants when the scenarios fail on the rules as they are", async () => {
    const c = mutationCases.find((x) => x.family === "threshold")!;
    const rule = c.groups[0]!.rules[0] as AlertingRule;
    const depth = gauge("queue_depth", ["job", "pod"]);
    const wrong = scenario("expects an alert below the threshold", {
      series: [series(depth, { job: "th", pod: "a" }, steady(7, 5))],
      expect: [expectAlert(rule, "2m", { job: "th", pod: "a" })],
    });
    await expect(
      runMutations([{ name: "broken", groups: c.groups, scenarios: [wrong] }]),
    ).rejects.toThrow(
      /^broken: the scenarios fail on the rules as they are \("expects an alert below the threshold"\); run mixkit test first$/,
    );
  });
});

describe("how mutants are run", () => {
  const c = mutationCases.find((x) => x.family === "threshold")!;
  const rule = c.groups[0]!.rules[0] as AlertingRule;
  const depth = gauge("queue_depth", ["job", "pod"]);
  const at = (v: number, minutes: number) =>
    series(depth, { job: "th", pod: "a" }, steady(v, minutes));

  it("runs a mutant's scenarios in rounds of 1, 2, 4, 8...", () => {
    expect(rounds([1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual([[1], [2, 3], [4, 5, 6, 7], [8, 9]]);
    expect(rounds([])).toEqual([]);
  });

  it("focuses a scenario on the rules a change can reach, keeping only their expectations", () => {
    const second = mutationCases.find((x) => x.family === "comparison")!;
    const secondAlert = second.groups[0]!.rules[0] as AlertingRule;
    const groups = [...c.groups, ...second.groups];
    const both = scenario("both", {
      series: [at(200, 5)],
      expect: [expectAlert(rule, "2m", { job: "th", pod: "a" }), expectNoAlert(secondAlert, "2m")],
    });
    const [focused] = focusedOn([both], reachedRules(groups, rule.name));
    expect(focused!.expect.map((e) => (e.kind === "samples" ? "samples" : e.alert.name))).toEqual([
      rule.name,
    ]);
    expect(focusedOn([both], new Set(["NoSuchRule"]))).toEqual([]);
  });

  it("goes on until the last round: a mutant only the costliest scenario kills is killed", async () => {
    // Six cheap scenarios that no threshold mutant fails, and a long one that ×0.5 fails.
    const cheap = Array.from({ length: 6 }, (_, i) =>
      scenario(`far above ${i}`, {
        series: [at(200, 5)],
        expect: [expectAlert(rule, "2m", { job: "th", pod: "a" })],
      }),
    );
    const costly = scenario("just below, for hours", {
      series: [at(7, 300)],
      expect: [expectNoAlert(rule, "4h")],
    });
    const report = await runMutations([
      { name: "late", groups: c.groups, scenarios: [costly, ...cheap] },
    ]);
    const halved = report.outcomes.find((o) => o.operator === "threshold ×0.5");
    expect(halved?.status).toBe("killed");
    expect(halved?.scenarios.at(-1)).toBe("just below, for hours");
  });

  it("gives promtool a memory-backed temporary folder, unless TMPDIR chooses one", () => {
    expect(promtoolEnv({ TMPDIR: "/var/tmp" })["TMPDIR"]).toBe("/var/tmp");
    // This machine has /dev/shm (Linux); elsewhere the default stays.
    const memory = existsSync("/dev/shm") ? "/dev/shm" : undefined;
    expect(promtoolEnv({ PATH: "/usr/bin" })["TMPDIR"]).toBe(memory);
  });
});

describe("silencing one place of a rule", () => {
  const calls = counter("provider_calls_total", ["provider", "status"]);
  const ratio = (silence: { check: string; reason: string }[]) =>
    record(
      "provider:provider_calls:error_ratio5m",
      sum(rate(calls.where({ status: "error" }).range("5m")))
        .by("provider")
        .div(sum(rate(calls.range("5m"))).by("provider")),
      { silence },
    );
  const silenced = (check: string) =>
    ruleMutants([group("g", [ratio([{ check, reason: "one error series per provider" }])])])
      .filter((m) => m.silencedBecause !== undefined)
      .map((m) => `${m.operator} at ${m.site.slice(0, 16)}`);

  it("`at <text>` silences only the changes to a subexpression containing the text", () => {
    expect(silenced('mutant: aggregation sum→max at status="error"')).toEqual([
      "aggregation sum→max at sum by (provider",
    ]);
  });

  it("without `at`, the operator or its family is silenced everywhere in the rule", () => {
    expect(silenced("mutant: aggregation sum→max")).toHaveLength(2);
    expect(silenced("mutant: aggregation")).toHaveLength(6);
  });
});
