/** Scenario times from config durations: whole minutes, and promtool's `<n>m`. */
import { parseDurationMs, type DurationLiteral } from "../../promql/duration.js";

export const minutes = (d: DurationLiteral) => Math.ceil(parseDurationMs(d) / 60_000);
export const at = (m: number) => `${m}m` as DurationLiteral;

/** A scenario this long (or longer) is evaluated at a coarser step than promtool's default 1m. */
const longScenario = 3 * 60;

/**
 * The evaluation interval of a scenario whose expectations fall at `times` (minutes): for a long
 * one (3 hours or more), the coarsest of 10m, 5m and 2m that every time falls on, so that promtool
 * evaluates its rules a tenth as often; otherwise undefined (the default 1m). The scenario must
 * still mean the same at that step: an alert's `for` starts at the first evaluation that sees its
 * condition, and fires at the first one at or after `for` later.
 */
export function evaluationStep(...times: readonly number[]): {
  evaluationInterval?: DurationLiteral;
} {
  if (Math.max(...times) < longScenario) return {};
  const step = [10, 5, 2].find((s) => times.every((t) => t % s === 0));
  return step === undefined ? {} : { evaluationInterval: at(step) };
}

/**
 * The time `by` minutes before `m`, as a list: empty when that falls before the scenario starts
 * (an alert with `for: 0s` fires at once, so there is no "not yet" to check).
 */
export const before = (m: number, by = 1): DurationLiteral[] => (m - by >= 0 ? [at(m - by)] : []);

/** Whether an alert with this `for` is still pending a minute after it became active. */
export const pendingAfterOneMinute = (d: DurationLiteral) => parseDurationMs(d) > 60_000;
