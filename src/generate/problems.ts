/**
 * The library's errors as project problems: each keeps its own location (group, alert, field;
 * dashboard, panel, query) after the config path it came from, so every problem reads as one line.
 */
import { DashboardError } from "../dashboards/errors.js";
import { MixinConfigError } from "../mixins/common/config.js";
import type { ProjectProblem } from "../project/errors.js";
import { RuleValidationError } from "../rules/validate.js";
import { ScenarioError } from "../testing/compile.js";

export function problemsOf(err: unknown, at: string): ProjectProblem[] {
  if (err instanceof MixinConfigError)
    return err.issues.map((i) => ({ at: i.path ? `${at}.${i.path}` : at, message: i.message }));
  if (err instanceof RuleValidationError || err instanceof DashboardError)
    return err.problems.map((p) => ({ at: `${at}, ${p.where}`, message: p.message }));
  if (err instanceof ScenarioError)
    return err.problems.map((message) => ({ at: `${at}, scenarios`, message }));
  return [{ at, message: err instanceof Error ? err.message : String(err) }];
}

/** Runs `build`, collecting its problems instead of stopping at the first failing part. */
export function attempt<T>(build: () => T, at: string, problems: ProjectProblem[]): T | undefined {
  try {
    return build();
  } catch (err) {
    problems.push(...problemsOf(err, at));
    return undefined;
  }
}
