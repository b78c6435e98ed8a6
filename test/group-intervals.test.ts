/**
 * A group's own interval in tests: promtool evaluates every group at the test file's interval, so
 * the held variant (groupIntervalsHeld) is what shows a scenario relying on fresher data than a
 * slower group gives. `mixkit test` runs it beside the plain test files.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  alert,
  expectAlert,
  expectNoAlert,
  gauge,
  group,
  max,
  record,
  scenario,
  series,
  steady,
  testRules,
} from "../src/index.js";
import { emitRuleFile } from "../src/rules/emit.js";
import { compileTestFiles } from "../src/testing/compile.js";
import { groupIntervalsHeld } from "../src/testing/group-intervals.js";

const dir = mkdtempSync(path.join(tmpdir(), "mixkit-group-intervals-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const depth = gauge("queue_depth", ["job"]);
const recorded = record("job:queue_depth:max", max(depth).by("job"));
const backlog = alert("Backlog", {
  expr: recorded.series().gt(10),
  severity: "warning",
  summary: "A queue backs up.",
  description: "A queue backs up.",
});
const groups = [group("objects", [recorded], { interval: "3m" }), group("alerts", [backlog])];

/** promtool's verdict on `scenarios` against the rules as they are and against the held variant. */
function verdicts(name: string, alertAt: string) {
  const scenarios = [
    scenario("backs up at 4m", {
      series: [series(depth, { job: "q" }, steady(0, 4), steady(20, 10))],
      expect: [expectNoAlert(backlog, "3m"), expectAlert(backlog, alertAt as "5m", { job: "q" })],
    }),
  ];
  const run = (rules: typeof groups) => {
    const sub = path.join(dir, `${name}-${rules === groups ? "plain" : "held"}`);
    mkdirSync(sub);
    writeFileSync(path.join(sub, "rules.yaml"), emitRuleFile(rules));
    const files = compileTestFiles({ ruleFiles: ["rules.yaml"], groups, scenarios }, "test.yaml");
    writeFileSync(path.join(sub, "test.yaml"), files.get("test.yaml")!);
    return testRules(path.join(sub, "test.yaml")).ok;
  };
  return { plain: run(groups), held: run(groupIntervalsHeld(groups, 60_000)!) };
}

describe("groups at their own interval", () => {
  it("leaves the rules alone when no group is slower than the evaluation", () => {
    expect(groupIntervalsHeld(groups, 180_000)).toBeUndefined();
    expect(groupIntervalsHeld([group("alerts", [backlog])], 60_000)).toBeUndefined();
  });

  it("holds a 3m group's results between its evaluations", () => {
    const held = groupIntervalsHeld(groups, 60_000)!;
    expect(emitRuleFile(held)).toContain(
      "expr: last_over_time(max by (job) (queue_depth)[2m59s:3m])",
    );
    expect(emitRuleFile(held)).toContain("expr: job:queue_depth:max > 10");
  });

  it("fails a scenario that expects a 3m group's record one minute after the change", () => {
    // The depth rises at 4m: a 1m evaluation records it at once; a 3m group only at 6m.
    expect(verdicts("fresh", "4m")).toEqual({ plain: true, held: false });
    expect(verdicts("slow", "6m")).toEqual({ plain: true, held: true });
  });
});
