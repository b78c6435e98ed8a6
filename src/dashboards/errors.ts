/**
 * Every problem found in a dashboard before anything is emitted. Each names where it is
 * (dashboard, row, panel, query, field) and says how to fix it; all are collected, not just the first.
 */
export interface DashboardProblem {
  /** e.g. `dashboard "Flux", row "Reconciliation", panel "Ready", query B, field "legend"`. */
  readonly where: string;
  readonly message: string;
}

export class DashboardError extends Error {
  override readonly name = "DashboardError";
  readonly problems: readonly DashboardProblem[];
  constructor(problems: readonly DashboardProblem[]) {
    super(
      problems.length === 1
        ? `${problems[0]?.where}: ${problems[0]?.message}`
        : `${problems.length} problems in the dashboards:\n` +
            problems.map((p) => `  - ${p.where}: ${p.message}`).join("\n"),
    );
    this.problems = problems;
  }
}

/** Shorthand for one problem. */
export function dashboardError(where: string, message: string): DashboardError {
  return new DashboardError([{ where, message }]);
}
