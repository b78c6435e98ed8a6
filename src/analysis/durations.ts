/**
 * The duration strings Flagger and Keptn accept, which are narrower than PromQL's: a Canary metric's
 * `interval` must match `^[0-9]+(m|s)` (Flagger's Canary CRD, artifacts/flagger/crd.yaml) and is
 * pasted into PromQL as `{{ interval }}`; Keptn reads `timeframe.recent`, `range.interval` and
 * `range.step` with Go's time.ParseDuration (metrics-operator/api/v1beta1/analysis_types.go pattern
 * `^0|([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$`).
 */
import { parseDurationMs } from "../promql/duration.js";
import { AnalysisError } from "./errors.js";

/** What a Canary metric `interval` may be: seconds or minutes first, as Flagger's CRD requires. */
export type CanaryInterval = `${number}s` | `${number}m` | `${number}m${number}s` | `${number}ms`;

/** A Go duration as Keptn reads it (no days or weeks): `30s`, `5m`, `1h30m`. */
export type GoDuration =
  `${number}${"ms" | "s" | "m" | "h"}` | `${number}h${number}m` | `${number}m${number}s`;

const goDurationPattern = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;

/** A Canary metric interval: Flagger's CRD pattern and a valid PromQL duration (it becomes one). */
export function checkCanaryInterval(text: string, where: string): string {
  if (!/^[0-9]+(m|s)/.test(text))
    throw new AnalysisError(
      where,
      `${JSON.stringify(text)} does not match Flagger's interval pattern ^[0-9]+(m|s): start with seconds or minutes, e.g. 1m, 30s or 60m (not 1h)`,
    );
  try {
    parseDurationMs(text);
  } catch (err) {
    throw new AnalysisError(
      where,
      `${JSON.stringify(text)} is not a PromQL duration, yet Flagger pastes it into the query as {{ interval }}: ${(err as Error).message}`,
    );
  }
  return text;
}

/** A Go duration (Keptn's timeframe and KeptnMetric range fields). */
export function checkGoDuration(text: string, where: string): string {
  if (!goDurationPattern.test(text) || /^(0+(\.0+)?[a-zµ]+)+$/.test(text))
    throw new AnalysisError(
      where,
      `${JSON.stringify(text)} is not a positive Go duration (units ms, s, m, h; e.g. 30s, 5m, 1h30m)`,
    );
  return text;
}
