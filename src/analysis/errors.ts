/** Every problem found while building analysis resources and their checks: where, then what. */
export class AnalysisError extends Error {
  override readonly name = "AnalysisError";
  constructor(
    /** The object and field at fault, e.g. `MetricTemplate "istio-success-rate", field "query"`. */
    readonly where: string,
    /** What is wrong and, where one is known, the fix. */
    readonly problem: string,
  ) {
    super(`${where}: ${problem}`);
  }
}
