/**
 * Analysis checks as a `promtool test rules` file: one test group per fixture, with an expression
 * test per condition at the check's time. A passing case expects each condition's 0/1 expression to
 * be 0, a warning case the warning one to be 1, a broken case the failure one to be 1 (or no sample
 * at all for a no-data case). An exact single sample is expected, so a query that returns nothing or
 * several series fails the test too. promtool needs a rule file: an empty one is emitted with it.
 */
import type { RuleGroup } from "../rules/model.js";
import { compileTests } from "../testing/compile.js";
import { expectSamples, scenario, type Expectation, type Scenario } from "../testing/scenario.js";
import type { AnalysisCheck, CheckCondition, Outcome } from "./checks.js";
import { AnalysisError } from "./errors.js";

export interface AnalysisTestOptions {
  /** Rule files the tests load, relative to the test file (default: the empty `analysis.rules.yaml`). */
  readonly ruleFiles?: readonly string[];
  /** The groups in those files, when the queries use recorded series. */
  readonly groups?: readonly RuleGroup[];
}

/** What a condition must be (1 met, 0 not met) in a case with this outcome; undefined: not asserted. */
function expected(condition: CheckCondition["name"], outcome: Outcome): 0 | 1 | undefined {
  switch (outcome) {
    case "pass":
      return 0;
    case "warning":
      return condition === "warning" ? 1 : 0;
    case "fail":
      return condition === "warning" ? undefined : 1;
  }
}

/** The scenarios of one check: a test group per fixture. */
export function checkScenarios(check: AnalysisCheck): readonly Scenario[] {
  return check.fixtures.map(({ fixture, outcome }) => {
    const expect: Expectation[] = [];
    for (const condition of check.conditions) {
      const value = expected(condition.name, outcome);
      if (value === undefined) continue;
      const samples = fixture.noData ? [] : [{ labels: fixture.labels as never, value }];
      expect.push(expectSamples(condition.expr, check.at, samples));
    }
    const label = outcome === "pass" ? "healthy" : outcome === "fail" ? "broken" : "warning";
    return scenario(`${check.name}: ${label}: ${fixture.name}`, {
      interval: check.scrapeInterval,
      series: fixture.series,
      expect,
    });
  });
}

/** The promtool test file for `checks`. */
export function compileAnalysisTests(
  checks: readonly AnalysisCheck[],
  options: AnalysisTestOptions = {},
): string {
  if (checks.length === 0) throw new AnalysisError("compileAnalysisTests()", "no checks");
  const names = new Set<string>();
  for (const c of checks) {
    if (names.has(c.name))
      throw new AnalysisError(`check ${JSON.stringify(c.name)}`, "another check has the same name");
    names.add(c.name);
  }
  return compileTests({
    ruleFiles: options.ruleFiles ?? ["analysis.rules.yaml"],
    groups: options.groups ?? [],
    scenarios: checks.flatMap(checkScenarios),
    requireCoverage: false,
  });
}

/** A rule file without rules, for test files that only hold expression tests. */
export const emptyRuleFile = "groups: []\n";
