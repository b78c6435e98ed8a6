/** Replaying an alert's history from a range result (src/doctor/replay.ts). */
import { describe, expect, it } from "vitest";
import { alert, gauge, group, max, record } from "../src/index.js";
import { replayableExpr, replayHistory } from "../src/doctor/replay.js";

const minutes = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => (from + i) * 60);

describe("replayHistory", () => {
  it("counts a run once it has lasted `for`, and the time it fires after", () => {
    // 0m..10m true (11 samples, lasting 11m), then 20m..21m (2m), with for: 5m at a 1m step.
    const h = replayHistory("A", [[...minutes(0, 10), ...minutes(20, 21)]], 300, 60);
    expect(h).toEqual({ alert: "A", fired: 1, firingSeconds: 660 - 300 });
  });

  it("sums over series, and fires at once without `for`", () => {
    expect(replayHistory("A", [minutes(0, 0), minutes(5, 6)], 0, 60)).toEqual({
      alert: "A",
      fired: 2,
      firingSeconds: 60 + 120,
    });
    expect(replayHistory("A", [], 0, 60)).toEqual({ alert: "A", fired: 0, firingSeconds: 0 });
  });
});

describe("replayableExpr", () => {
  const depth = gauge("queue_depth", ["job"]);
  const byJob = record("job:queue_depth:max", max(depth).by("job"));
  const plain = alert("Deep", {
    expr: byJob.series().gt(10),
    severity: "warning",
    summary: "Deep.",
    description: "Deep.",
  });
  const matched = alert("DeepQ", {
    expr: byJob.series().where({ job: "q" }).gt(10),
    severity: "warning",
    summary: "Deep.",
    description: "Deep.",
  });
  const groups = [group("g", [byJob, plain, matched])];

  it("reads the record where the server has it, and its expression where it does not", () => {
    expect(replayableExpr(groups, plain, new Set(["job:queue_depth:max"]))).toBe(
      "job:queue_depth:max > 10",
    );
    expect(replayableExpr(groups, plain, new Set())).toBe("(max by (job) (queue_depth)) > 10");
  });

  it("gives up on a record the server lacks that the alert reads with matchers", () => {
    expect(replayableExpr(groups, matched, new Set())).toBeUndefined();
    expect(replayableExpr(groups, matched, new Set(["job:queue_depth:max"]))).toBe(
      'job:queue_depth:max{job="q"} > 10',
    );
  });
});
