/**
 * Mutants of one rule sharing a promtool test group as renamed copies (src/testing/mutate/merge.ts):
 * the copies and their expectations, what keeps a rule out, how promtool's report is read, and, in
 * the real promtool, each mutant's verdict the same as when it runs alone.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  alert,
  counter,
  expectAlert,
  expectNoAlert,
  expectSamples,
  gauge,
  group,
  rate,
  raw,
  record,
  scenario,
  series,
  steady,
  sum,
  type AlertingRule,
  type Scenario,
} from "../src/index.js";
import { print } from "../src/promql/printer.js";
import { Selector } from "../src/promql/selector.js";
import {
  copiesVerdict,
  mergeable,
  mergedRun,
  scenariosFailing,
} from "../src/testing/mutate/merge.js";
import { ruleMutants } from "../src/testing/mutate/mutants.js";
import { runMutations, type MutationReport } from "../src/testing/mutate/run.js";
import { mutationCases } from "./fixtures/mutation-cases.js";

const requests = counter("requests_total", ["job", "pod", "code"]);
const depth = gauge("queue_depth", ["job", "pod"]);
const errorRatio = record(
  "job:requests:error_ratio5m",
  sum(rate(requests.where({ code: "500" }).range("5m")))
    .by("job")
    .div(sum(rate(requests.range("5m"))).by("job")),
);
const errorsHigh = alert("ErrorsHigh", {
  expr: errorRatio.series().gt(0.1),
  severity: "warning",
  summary: "Many requests fail.",
  description: "{{ $value | humanizePercentage }} of {{ $labels.job }}'s requests fail.",
});
// Namesakes: a stricter copy pages for one job.
const backlog = (job: string, above: number, severity: "warning" | "critical") =>
  alert("Backlog", {
    expr: depth.where({ job }).gt(above),
    severity,
    for: "2m",
    summary: "A queue backs up.",
    description: "{{ $labels.pod }} holds {{ $value }} items.",
  });
const backlogWarning = backlog("q", 10, "warning");
const backlogCritical = backlog("payments", 50, "critical");
const groups = [
  group("app.rules", [errorRatio]),
  group("app.alerts", [errorsHigh, backlogWarning, backlogCritical]),
];

const firing = new Selector<string, "gauge">({
  type: "vectorSelector",
  name: "ALERTS",
  matchers: [],
  knownKind: "gauge",
}).where({ alertstate: "firing" });
const traffic = (pod: string, ok: number, failed: number) => [
  series(requests, { job: "api", pod, code: "200" }, `0+${ok}x20`),
  series(requests, { job: "api", pod, code: "500" }, `0+${failed}x20`),
];
// Weak on purpose: far from every threshold, so some mutants survive and others die.
const scenarios: Scenario[] = [
  scenario("half the requests fail", {
    series: traffic("a", 60, 60),
    expect: [
      expectSamples(errorRatio.series(), "10m", [{ labels: { job: "api" }, value: 0.5 }]),
      expectAlert(errorsHigh, "10m", { job: "api" }, { value: 0.5 }),
    ],
  }),
  scenario("a quiet day raises nothing", {
    series: [...traffic("a", 60, 0), series(depth, { job: "q", pod: "w" }, steady(1, 20))],
    expect: [expectSamples(firing, "10m", []), expectNoAlert(errorsHigh, "10m")],
  }),
  scenario("a deep queue", {
    series: [
      series(depth, { job: "q", pod: "w" }, steady(100, 10)),
      series(depth, { job: "payments", pod: "p" }, steady(100, 10)),
    ],
    expect: [
      expectAlert(backlogWarning, "5m", { job: "q", pod: "w" }, { value: 100 }),
      expectAlert(backlogCritical, "5m", { job: "payments", pod: "p" }, { value: 100 }),
    ],
  }),
];

describe("sharing a test group", () => {
  it("copies the rule and every rule reading it per mutant, each reading its own records", () => {
    const mutants = ruleMutants(groups).filter((m) => m.rule === errorRatio.name);
    const run = mergedRun(
      groups,
      errorRatio.name,
      mutants.slice(0, 2).map((m) => m.groups),
      scenarios,
    );
    const names = run.groups.map((g) => g.rules.map((r) => r.name));
    expect(names).toEqual([
      [
        "job:requests:error_ratio5m__mixkit_mutant_0",
        "job:requests:error_ratio5m__mixkit_mutant_1",
      ],
      ["ErrorsHigh__mixkit_mutant_0", "ErrorsHigh__mixkit_mutant_1", "Backlog", "Backlog"],
    ]);
    expect(print(run.groups[1]!.rules[1]!.expr.node)).toBe(
      "job:requests:error_ratio5m__mixkit_mutant_1 > 0.1",
    );
    expect(print(run.groups[0]!.rules[0]!.expr.node)).toBe(mutants[0]!.after);
    // Each expectation on the record or its reader, once per copy; the others once.
    const first = run.scenarios[0]!.expect;
    expect(first.map((e) => (e.kind === "samples" ? print(e.expr.node) : e.alert.name))).toEqual([
      "job:requests:error_ratio5m__mixkit_mutant_0",
      "job:requests:error_ratio5m__mixkit_mutant_1",
      "ErrorsHigh__mixkit_mutant_0",
      "ErrorsHigh__mixkit_mutant_1",
    ]);
    expect(run.scenarios[2]!.expect).toEqual(scenarios[2]!.expect);
  });

  it("gives each namesake its own copies, the mutated one changed", () => {
    const mutant = ruleMutants(groups).find((m) => m.rule === "Backlog" && m.at[1] === 2)!;
    const run = mergedRun(groups, "Backlog", [mutant.groups, groups], scenarios);
    const alerts = run.groups[1]!.rules.filter((r) => r.name.startsWith("Backlog"));
    expect(alerts.map((r) => [r.name, print(r.expr.node)])).toEqual([
      ["Backlog__mixkit_mutant_0", print(backlogWarning.expr.node)],
      ["Backlog__mixkit_mutant_1", print(backlogWarning.expr.node)],
      ["Backlog__mixkit_mutant_0", mutant.after],
      ["Backlog__mixkit_mutant_1", print(backlogCritical.expr.node)],
    ]);
    const expected = run.scenarios[2]!.expect.map((e) =>
      e.kind === "samples" ? "" : `${e.alert.name} ${e.alert.spec.severity}`,
    );
    expect(expected).toEqual([
      "Backlog__mixkit_mutant_0 warning",
      "Backlog__mixkit_mutant_1 warning",
      "Backlog__mixkit_mutant_0 critical",
      "Backlog__mixkit_mutant_1 critical",
    ]);
  });

  it("keeps out a rule whose copies something could tell apart by name", () => {
    expect(mergeable(groups, errorRatio.name, scenarios)).toBe(true);
    expect(mergeable(groups, "Backlog", scenarios)).toBe(true);
    const named = (t: string) =>
      alert("Named", { ...errorsHigh.spec, description: `{{ $labels.${t} }} fires.` as never });
    expect(mergeable([group("g", [errorRatio, named("alertname")])], "Named", [])).toBe(false);
    const watcher = record("alerts:firing:count", raw('count(ALERTS{alertstate="firing"})'));
    expect(mergeable([...groups, group("meta", [watcher])], "Backlog", scenarios)).toBe(false);
    const byName = scenario("one alert by name", {
      series: traffic("a", 60, 60),
      expect: [expectSamples(firing.where({ alertname: "ErrorsHigh" }), "10m", [])],
    });
    expect(mergeable(groups, "ErrorsHigh", [byName])).toBe(false);
  });

  it("reads promtool's report: the copies it names, and whether an error cut it short", () => {
    const report = [
      "  FAILED:",
      "    name: a deep queue,",
      "    alertname: Backlog__mixkit_mutant_3, time: 5m, ",
      "        exp:[...], ",
      "        got:[]",
      "    name: half the requests fail,",
      '    expr: "job:requests:error_ratio5m__mixkit_mutant_12", time: 10m,',
      "        exp: ..., got: nil",
    ].join("\n");
    expect(copiesVerdict(report)).toEqual({ failed: new Set([3, 12]), complete: true });
    expect(scenariosFailing(report, 1)).toEqual([]);
    expect(scenariosFailing(report, 12)).toEqual(["half the requests fail"]);
    const cut =
      "    rule: ErrorsHigh__mixkit_mutant_2, time: 0s, err: many-to-many matching not allowed";
    expect(copiesVerdict(cut)).toEqual({ failed: new Set([2]), complete: false });
    expect(copiesVerdict("    rule: job:x, time: 0s, err: boom")).toEqual({
      failed: new Set(),
      complete: false,
    });
  });
});

describe("shared and alone, in the real promtool", () => {
  let shared: MutationReport[] = [];
  let alone: MutationReport[] = [];
  const targets = [
    { name: "app", groups, scenarios },
    ...mutationCases.map((c) => ({ name: c.family, groups: c.groups, scenarios: c.weak })),
  ];
  beforeAll(async () => {
    [shared = [], alone = []] = await Promise.all(
      [true, false].map((share) =>
        Promise.all(targets.map((t) => runMutations([t], { share, parallel: 1 }))),
      ),
    );
  }, 120_000);

  it("gives every mutant the verdict it gets in files of its own", () => {
    const verdicts = (reports: MutationReport[]) =>
      reports.flatMap((r) => r.outcomes.map((o) => `${o.mixin} ${o.rule} ${o.after}: ${o.status}`));
    expect(verdicts(shared)).toEqual(verdicts(alone));
    const app = shared[0]!;
    // Not vacuous: the weak scenarios kill some mutants and let others live, records among both.
    expect(app.killed).toBeGreaterThan(0);
    expect(app.survived).toBeGreaterThan(0);
    const recordOutcomes = app.outcomes.filter((o) => o.kind === "record");
    expect(new Set(recordOutcomes.map((o) => o.status))).toEqual(new Set(["killed", "survived"]));
  });

  it("refuses to judge when the rule as it is fails in the shared file", async () => {
    const wrong = scenario("expects the warning below its threshold", {
      series: [series(depth, { job: "q", pod: "w" }, steady(5, 10))],
      expect: [
        expectAlert(backlogWarning as AlertingRule, "5m", { job: "q", pod: "w" }, { value: 5 }),
      ],
    });
    await expect(runMutations([{ name: "app", groups, scenarios: [wrong] }])).rejects.toThrow(
      /^app: the scenarios fail on the rules as they are \("expects the warning below its threshold"\); run mixkit test first$/,
    );
  });
});
